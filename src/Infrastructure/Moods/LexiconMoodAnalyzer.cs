using System.Globalization;
using System.Text;
using System.Text.Json;
using MemoryAssistant.Application.Common.Interfaces;
using MemoryAssistant.Domain.Memories;

namespace MemoryAssistant.Infrastructure.Moods;

/// <summary>
/// Mood from word lists, offline and deterministic: valence from the AFINN-165 word valences (-5..5) with VADER's
/// rules on top, emotion from the hand-written <see cref="EmotionLexicon"/>.
/// </summary>
/// <remarks>
/// <para>
/// Valence: each word or phrase (longest match first: "can't wait", "burnt out", "not good") adds its valence,
/// scaled by the boosters and softeners just before it ("so tired" ×1.5, "a bit bored" ×0.6), emphasised when
/// shouted in capitals, and turned around (×-0.74, as VADER does) by a negator up to three words back in the same
/// clause ("not happy", "didn't enjoy"). A negator turns only the first feeling after it, so "can't stop smiling"
/// stays happy; "never … so" is emphasis, not negation. In a sentence with "but" the words before it count half
/// and the words after it half again. Emoji add their own valence, exclamation marks push the total further the way
/// it already leans, and the sum x becomes a score x/√(x²+15) in [-1, 1].
/// </para>
/// <para>
/// Emotion: the cues of each emotion are summed with the same boosters and "but" weighting; a negated cue counts
/// for its opposite ("not happy" is disappointment, "not worried" is calm) or not at all. The strongest emotion
/// that agrees with the valence wins (surprise agrees with any); when none reaches <see cref="MinimumEmotionWeight"/>,
/// the emotion is null.
/// </para>
/// <para>
/// Not understood: sarcasm, irony, feelings described without feeling words ("nothing went right"), other
/// languages. AFINN-165 is English.
/// </para>
/// </remarks>
public sealed class LexiconMoodAnalyzer : IMoodAnalyzer
{
    public const string AfinnFileName = "afinn-165.json";

    /// <summary>
    /// Scores closer to zero than this are Neutral (VADER's threshold). Any scored word clears it, so it is the word
    /// lists (instruction words like "pay" and "please" score zero) that keep factual notes neutral.
    /// </summary>
    public const double NeutralThreshold = 0.05;

    /// <summary>Below this summed cue weight an emotion is only a hint: a lone "great" is not yet joy.</summary>
    public const double MinimumEmotionWeight = 0.5;

    // VADER's constants: the normalisation's alpha, the negation scalar, the "!" increment and the caps increment.
    private const double Alpha = 15;
    private const double NegationScalar = -0.74;
    private const double NeverEmphasisFactor = 1.25;
    private const double ExclamationIncrement = 0.292;
    private const int MaxExclamations = 4;
    private const double CapsIncrement = 0.733;
    private const int NegationWindow = 3;
    private const double BeforeButFactor = 0.5;
    private const double AfterButFactor = 1.5;
    private const double NegatedCueFactor = 0.75;
    private const double MaxModifier = 2.25;
    private const double MinModifier = 0.3;

    private static readonly HashSet<string> _positiveEmotions = new(StringComparer.Ordinal) { "joy", "gratitude", "love", "excitement", "calm", "pride" };
    private static readonly HashSet<string> _negativeEmotions = new(StringComparer.Ordinal)
    {
        "sadness", "anger", "fear", "stress", "tiredness", "disappointment",
    };

    private static readonly Dictionary<string, (string Emotion, double Weight)> _cues = BuildCues();
    private static readonly Dictionary<string, (double Valence, string? Emotion)> _emoji = EmotionLexicon.Emoji
        .ToDictionary(e => StripVariation(e.Key), e => e.Value, StringComparer.Ordinal);

    private readonly Dictionary<string, double> _valences;
    private readonly HashSet<string> _phrases;
    private readonly int _maxPhraseWords;

    /// <summary>Reads the AFINN-165 word valences (a JSON object word → integer) from <paramref name="afinnPath"/>.</summary>
    /// <exception cref="FileNotFoundException">The file is missing: <c>make setup</c> fetches it.</exception>
    public LexiconMoodAnalyzer(string afinnPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(afinnPath);
        if (!File.Exists(afinnPath))
        {
            throw new FileNotFoundException(
                $"The AFINN-165 lexicon is missing at {afinnPath}: run make setup (scripts/fetch-lexicons.sh).", afinnPath);
        }

        Dictionary<string, int> afinn;
        using (var stream = File.OpenRead(afinnPath))
        {
            afinn = JsonSerializer.Deserialize<Dictionary<string, int>>(stream)
                ?? throw new InvalidDataException($"{afinnPath} holds no AFINN word valences.");
        }

        _valences = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (term, valence) in afinn)
        {
            _valences[Normalise(term)] = valence;
        }

        foreach (var (term, valence) in EmotionLexicon.Valences)
        {
            _valences[Normalise(term)] = valence;
        }

        _phrases = _valences.Keys.Concat(_cues.Keys).Concat(EmotionLexicon.Modifiers.Keys.Select(Normalise))
            .Where(t => t.Contains(' ', StringComparison.Ordinal))
            .ToHashSet(StringComparer.Ordinal);
        _maxPhraseWords = _phrases.Count == 0 ? 1 : _phrases.Max(p => p.Split(' ').Length);
    }

    public string Name => "lexicon";

    /// <summary>The analyzer over <c>afinn-165.json</c> in <paramref name="lexiconDirectory"/> (data/lexicons).</summary>
    public static LexiconMoodAnalyzer Load(string lexiconDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(lexiconDirectory);
        return new LexiconMoodAnalyzer(Path.Combine(lexiconDirectory, AfinnFileName));
    }

    public Mood Analyze(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = Tokenize(text);
        var units = ToUnits(tokens, HasLowerCase(text));
        if (units.Count == 0)
        {
            return Mood.Neutral;
        }

        var sum = 0.0;
        var emotions = new Dictionary<string, (double Weight, int LastPosition)>(StringComparer.Ordinal);
        for (var i = 0; i < units.Count; i++)
        {
            var unit = units[i];
            if (unit.IsNegator || (unit.Modifier != 1 && NextCarriesFeeling(units, i)))
            {
                continue;
            }

            var butFactor = ButFactor(units, i);
            if (unit.IsEmoji)
            {
                sum += unit.Valence * butFactor;
                if (unit.Cue is { } emojiCue)
                {
                    AddCue(emotions, emojiCue.Emotion, emojiCue.Weight * butFactor, i);
                }

                continue;
            }

            var modifier = ModifierBefore(units, i);
            var negation = NegationBefore(units, i);
            var valence = unit.Valence * modifier;
            if (unit.Shouted && valence != 0)
            {
                valence += Math.Sign(valence) * CapsIncrement;
            }

            valence *= negation switch
            {
                Negation.Negated => NegationScalar,
                Negation.Emphasised => NeverEmphasisFactor,
                _ => 1,
            };
            sum += valence * butFactor;

            if (unit.Cue is { } cue)
            {
                var weight = cue.Weight * modifier * butFactor;
                if (negation == Negation.Negated)
                {
                    AddCue(emotions, Opposite(cue.Emotion), weight * NegatedCueFactor, i);
                }
                else
                {
                    AddCue(emotions, cue.Emotion, weight, i);
                }
            }
        }

        var exclamations = Math.Min(tokens.Count(t => t.Kind == TokenKind.Exclamation), MaxExclamations);
        sum += Math.Sign(sum) * exclamations * ExclamationIncrement;

        var score = Math.Round(Math.Clamp(sum / Math.Sqrt((sum * sum) + Alpha), -1, 1), 4);
        var valenceLabel = score >= NeutralThreshold ? MoodValence.Positive
            : score <= -NeutralThreshold ? MoodValence.Negative
            : MoodValence.Neutral;
        return new Mood(valenceLabel, score, StrongestEmotion(emotions, valenceLabel));
    }

    private static void AddCue(Dictionary<string, (double Weight, int LastPosition)> emotions, string? emotion, double weight, int position)
    {
        if (emotion is null || weight <= 0)
        {
            return;
        }

        emotions[emotion] = (emotions.GetValueOrDefault(emotion).Weight + weight, position);
    }

    // "not happy" reads as disappointment, "not relaxed" as stress, "not worried" as calm; "not sad" says nothing clear.
    private static string? Opposite(string emotion) => emotion switch
    {
        "calm" => "stress",
        "joy" or "love" or "excitement" or "pride" or "gratitude" => "disappointment",
        "fear" or "stress" => "calm",
        _ => null,
    };

    private static string? StrongestEmotion(Dictionary<string, (double Weight, int LastPosition)> emotions, MoodValence valence)
    {
        var best = emotions
            .Where(e => Agrees(e.Key, valence))
            .OrderByDescending(e => e.Value.Weight)
            .ThenByDescending(e => e.Value.LastPosition)
            .Select(e => (e.Key, e.Value.Weight))
            .FirstOrDefault();
        return best.Key is not null && best.Weight >= MinimumEmotionWeight ? best.Key : null;
    }

    private static bool Agrees(string emotion, MoodValence valence) =>
        emotion == "surprise"
        || (valence == MoodValence.Positive && _positiveEmotions.Contains(emotion))
        || (valence == MoodValence.Negative && _negativeEmotions.Contains(emotion));

    private static bool NextCarriesFeeling(List<Unit> units, int i) =>
        i + 1 < units.Count && units[i + 1].Clause == units[i].Clause && !units[i + 1].IsEmoji
        && (units[i + 1].Valence != 0 || units[i + 1].Cue is not null || units[i + 1].Modifier != 1);

    // The product of the boosters and softeners right before a word, in its clause: "so very tired", "a bit bored".
    private static double ModifierBefore(List<Unit> units, int i)
    {
        var factor = 1.0;
        for (var j = i - 1; j >= 0 && units[j].Clause == units[i].Clause && units[j].Modifier != 1; j--)
        {
            factor *= units[j].Modifier;
        }

        return Math.Clamp(factor, MinModifier, MaxModifier);
    }

    private enum Negation
    {
        None,
        Negated,
        Emphasised,
    }

    // A negator up to three words back in the clause, with no other feeling between: that feeling took the negation.
    private static Negation NegationBefore(List<Unit> units, int i)
    {
        var emphasis = false;
        for (var j = i - 1; j >= 0 && i - j <= NegationWindow && units[j].Clause == units[i].Clause; j--)
        {
            var unit = units[j];
            if (unit.IsNegator)
            {
                return unit.Term == "never" && emphasis ? Negation.Emphasised : Negation.Negated;
            }

            if (EmotionLexicon.NeverEmphasis.Contains(unit.Term))
            {
                emphasis = true;
            }

            if (unit.Modifier == 1 && (unit.Valence != 0 || unit.Cue is not null))
            {
                return Negation.None;
            }
        }

        return Negation.None;
    }

    // In "tired but happy" the words after "but" decide: ×0.5 before it, ×1.5 after it, within its sentence.
    private static double ButFactor(List<Unit> units, int i)
    {
        var sentence = units[i].Sentence;
        var but = units.FindLastIndex(u => u.Sentence == sentence && u.Term == "but");
        return but < 0 ? 1 : i < but ? BeforeButFactor : i > but ? AfterButFactor : 1;
    }

    private List<Unit> ToUnits(List<Token> tokens, bool hasLowerCase)
    {
        var units = new List<Unit>();
        var clause = 0;
        var sentence = 0;
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            switch (token.Kind)
            {
                case TokenKind.SentenceEnd:
                case TokenKind.Exclamation:
                    sentence++;
                    clause++;
                    continue;
                case TokenKind.ClauseEnd:
                    clause++;
                    continue;
                case TokenKind.Emoji:
                    if (_emoji.TryGetValue(token.Text, out var emoji))
                    {
                        (string, double)? cue = emoji.Emotion is { } e ? (e, EmotionLexicon.DefaultWeight) : null;
                        units.Add(new Unit(token.Text, emoji.Valence, cue, 1, false, true, false, clause, sentence));
                    }

                    continue;
            }

            var length = LongestPhrase(tokens, i);
            var term = length == 1 ? token.Text : string.Join(' ', tokens.Skip(i).Take(length).Select(t => t.Text));
            var previous = units.Count > 0 && units[^1].Clause == clause ? units[^1].Term : null;
            var valence = Valence(term, tokens, i, length, previous);
            var isNegator = length == 1 && EmotionLexicon.Negators.Contains(term);
            var modifier = EmotionLexicon.Modifiers.TryGetValue(term, out var m) ? m : 1;
            (string, double)? termCue = _cues.TryGetValue(term, out var c) ? c : null;
            var shouted = hasLowerCase && tokens.Skip(i).Take(length).All(t => t.Shouted);
            units.Add(new Unit(term, isNegator ? 0 : valence, isNegator ? null : termCue, modifier, isNegator, false, shouted, clause, sentence));
            i += length - 1;
        }

        return units;
    }

    // A phrase with no valence of its own ("miss her") keeps its words' valences; "like" counts only as a verb.
    private double Valence(string term, List<Token> tokens, int start, int length, string? previous)
    {
        if (_valences.TryGetValue(term, out var valence))
        {
            return term == "like" && (previous is null || !EmotionLexicon.LikeSubjects.Contains(previous)) ? 0 : valence;
        }

        if (length == 1)
        {
            return 0;
        }

        var sum = 0.0;
        for (var k = start; k < start + length; k++)
        {
            sum += _valences.GetValueOrDefault(tokens[k].Text);
        }

        return sum;
    }

    private int LongestPhrase(List<Token> tokens, int start)
    {
        for (var length = Math.Min(_maxPhraseWords, tokens.Count - start); length > 1; length--)
        {
            var words = tokens.Skip(start).Take(length).ToList();
            if (words.TrueForAll(t => t.Kind == TokenKind.Word) && _phrases.Contains(string.Join(' ', words.Select(t => t.Text))))
            {
                return length;
            }
        }

        return 1;
    }

    private static Dictionary<string, (string Emotion, double Weight)> BuildCues()
    {
        var cues = new Dictionary<string, (string Emotion, double Weight)>(StringComparer.Ordinal);
        foreach (var (emotion, terms) in EmotionLexicon.Cues)
        {
            foreach (var entry in terms)
            {
                var bar = entry.IndexOf('|', StringComparison.Ordinal);
                var term = Normalise(bar < 0 ? entry : entry[..bar]);
                var weight = bar < 0 ? EmotionLexicon.DefaultWeight : double.Parse(entry[(bar + 1)..], CultureInfo.InvariantCulture);

                // A term listed under two emotions keeps the first: the lists are ordered from specific to general.
                cues.TryAdd(term, (emotion, weight));
            }
        }

        return cues;
    }

    // Lower case, apostrophes dropped, single spaces: how both the text and the lexicons are compared.
    private static string Normalise(string term)
    {
        var builder = new StringBuilder(term.Length);
        foreach (var c in term.Trim().ToLowerInvariant())
        {
            if (IsApostrophe(c))
            {
                continue;
            }

            if (char.IsWhiteSpace(c))
            {
                if (builder.Length > 0 && builder[^1] != ' ')
                {
                    builder.Append(' ');
                }

                continue;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    private static bool IsApostrophe(char c) => c is '\'' or '\u2019' or '\u02BC';

    private static string StripVariation(string emoji) => emoji.Replace("\uFE0F", "", StringComparison.Ordinal);

    private static bool HasLowerCase(string text) => text.Any(char.IsLower);

    private enum TokenKind
    {
        Word,
        Emoji,
        Exclamation,
        SentenceEnd,
        ClauseEnd,
    }

    private readonly record struct Token(TokenKind Kind, string Text, bool Shouted = false);

    /// <param name="Term">A word or phrase, normalised; or an emoji.</param>
    /// <param name="Modifier">Booster (above 1) or softener (below 1) factor; 1 for every other word.</param>
    private readonly record struct Unit(
        string Term, double Valence, (string Emotion, double Weight)? Cue, double Modifier, bool IsNegator, bool IsEmoji, bool Shouted, int Clause, int Sentence);

    // Words (lower case, apostrophes joined: "don't" → "dont"), emoji (ASCII emoticons read as emoji), and the
    // punctuation that ends sentences and clauses. A word in capitals ("SO happy") is marked as shouted.
    private static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var word = new StringBuilder();
        var letters = 0;
        var upper = 0;

        void Flush()
        {
            if (word.Length > 0)
            {
                tokens.Add(new Token(TokenKind.Word, word.ToString(), letters >= 2 && upper == letters));
            }

            word.Clear();
            letters = 0;
            upper = 0;
        }

        var i = 0;
        while (i < text.Length)
        {
            if (TryEmoticon(text, i, out var emoticon, out var emoticonLength))
            {
                Flush();
                tokens.Add(new Token(TokenKind.Emoji, emoticon));
                i += emoticonLength;
                continue;
            }

            if (Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                Flush();
                i++;
                continue;
            }

            var category = Rune.GetUnicodeCategory(rune);
            if (Rune.IsLetterOrDigit(rune))
            {
                if (Rune.IsLetter(rune))
                {
                    letters++;
                    upper += Rune.IsUpper(rune) ? 1 : 0;
                }

                word.Append(Rune.ToLowerInvariant(rune).ToString());
            }
            else if ((category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark) && word.Length > 0)
            {
                word.Append(rune.ToString());
            }
            else if (IsApostrophe(text[i]) && word.Length > 0 && i + 1 < text.Length && char.IsLetter(text[i + 1]))
            {
                // Joins "don't" into "dont", as the lexicons are written.
            }
            else
            {
                Flush();
                var kind = Punctuation(text, i, rune);
                if (kind is { } k)
                {
                    tokens.Add(new Token(k, rune.ToString()));
                }
                else if (category == UnicodeCategory.OtherSymbol)
                {
                    tokens.Add(new Token(TokenKind.Emoji, rune.ToString()));
                }
            }

            i += consumed;
        }

        Flush();
        return tokens;
    }

    private static TokenKind? Punctuation(string text, int i, Rune rune) => rune.Value switch
    {
        '!' => TokenKind.Exclamation,
        '?' or ';' or '\n' or '\u2026' => TokenKind.SentenceEnd,

        // A dot between digits is a decimal point ("2.3 bar"), not the end of a sentence.
        '.' => i > 0 && i + 1 < text.Length && char.IsDigit(text[i - 1]) && char.IsDigit(text[i + 1]) ? null : TokenKind.SentenceEnd,
        ',' or ':' or '(' or ')' or '\u2014' or '\u2013' or '"' or '\u201C' or '\u201D' => TokenKind.ClauseEnd,
        _ => null,
    };

    private static bool TryEmoticon(string text, int i, out string emoji, out int length)
    {
        foreach (var (emoticon, value) in EmotionLexicon.Emoticons)
        {
            var end = i + emoticon.Length;
            if (string.CompareOrdinal(text, i, emoticon, 0, emoticon.Length) == 0
                && (end == text.Length || !char.IsLetterOrDigit(text[end])))
            {
                emoji = value;
                length = emoticon.Length;
                return true;
            }
        }

        emoji = "";
        length = 0;
        return false;
    }
}
