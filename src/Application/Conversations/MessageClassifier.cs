using System.Collections.Frozen;

namespace MemoryAssistant.Application.Conversations;

public enum MessageIntent
{
    /// <summary>Store the text as a memory.</summary>
    Remember,

    /// <summary>Search the stored memories with the text.</summary>
    Recall,

    /// <summary>Run <see cref="ClassifiedMessage.Command"/> with <see cref="ClassifiedMessage.Argument"/>.</summary>
    Command,
}

/// <param name="Intent">What the user wants.</param>
/// <param name="Text">The trimmed message; for a forced note, without its "note:" / "remember:" / "save:" prefix.
/// Empty when the message was empty, which callers should ignore rather than store.</param>
/// <param name="Command">For <see cref="MessageIntent.Command"/>: the lower-case name without "/", e.g. "list". Possibly unknown.</param>
/// <param name="Argument">For <see cref="MessageIntent.Command"/>: the rest of the message, trimmed, or null if there is none.</param>
public sealed record ClassifiedMessage(MessageIntent Intent, string Text, string? Command = null, string? Argument = null);

/// <summary>
/// Decides whether an inbound WhatsApp text is a note to remember, a question about past notes, or a command.
/// Rule-based on purpose: predictable for users, cheap, and easy to extend with a word.
/// </summary>
/// <remarks>
/// Order: a "note:" prefix forces Remember; "/name args" and the bare words "help" / "list [n]" are commands;
/// a trailing "?" or a question-like opening ("what…", "did I…", "show me…", "remind me what…") is Recall;
/// anything else is Remember, so when in doubt we keep the user's words rather than lose them.
/// </remarks>
public static class MessageClassifier
{
    // Lets users store text that would otherwise read as a question or command ("Note: what a day").
    private static readonly string[] _rememberPrefixes = ["note:", "remember:", "save:"];

    // Whole-message commands people type without the slash.
    private static readonly FrozenSet<string> _bareCommands = FrozenSet.Create(StringComparer.OrdinalIgnoreCase, "help", "list", "reminders");

    // Politeness does not change the intent: "could you show me…" is "show me…", "please remind me to…" is "remind me to…".
    private static readonly string[][] _politeOpeners = [["please"], ["pls"], ["plz"], ["can", "you"], ["could", "you"], ["would", "you"]];

    // Always open a question, whatever follows ("what a day" needs the "note:" prefix to be stored).
    private static readonly FrozenSet<string> _questionWords = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase,
        "what", "whats", "when", "whens", "where", "wheres", "who", "whos", "whose", "which", "how", "hows", "why");

    // Instructions that ask for stored notes back ("find the wifi password", "any notes about the dentist").
    private static readonly FrozenSet<string> _recallVerbs = FrozenSet.Create(StringComparer.OrdinalIgnoreCase, "find", "search", "any", "anything");

    private static readonly string[][] _recallPhrases =
    [
        ["show", "me"], ["show", "my"], ["show", "all"], ["look", "up"], ["tell", "me"], ["list", "my"], ["list", "all"], ["give", "me"],
    ];

    // Open a yes/no question only when a subject follows: "did I pay the rent", "is the dentist on Friday".
    private static readonly FrozenSet<string> _auxiliaries = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase, "did", "does", "is", "are", "was", "were", "has");

    // "do" and "have" are also imperatives ("do the laundry", "have the car serviced"),
    // so only a personal pronoun after them ("do I…", "have we…") makes a question.
    private static readonly FrozenSet<string> _imperativeAuxiliaries = FrozenSet.Create(StringComparer.OrdinalIgnoreCase, "do", "have");

    private static readonly FrozenSet<string> _personalPronouns = FrozenSet.Create(StringComparer.OrdinalIgnoreCase, "i", "you", "we", "they");

    private static readonly FrozenSet<string> _otherSubjects = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase,
        "he", "she", "it", "there", "my", "the", "our", "your", "his", "her", "their", "this", "that", "these", "those");

    public static ClassifiedMessage Classify(string body)
    {
        var text = body?.Trim() ?? string.Empty;
        if (text.Length == 0)
        {
            return new ClassifiedMessage(MessageIntent.Remember, string.Empty);
        }

        foreach (var prefix in _rememberPrefixes)
        {
            if (text.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return new ClassifiedMessage(MessageIntent.Remember, text[prefix.Length..].Trim());
            }
        }

        if (TryParseCommand(text, out var command, out var argument))
        {
            return new ClassifiedMessage(MessageIntent.Command, text, command, argument);
        }

        var intent = IsRecall(text) ? MessageIntent.Recall : MessageIntent.Remember;
        return new ClassifiedMessage(intent, text);
    }

    private static bool TryParseCommand(string text, out string command, out string? argument)
    {
        command = string.Empty;
        argument = null;

        // A lone "?" is someone asking how this works.
        if (text.All(c => c == '?'))
        {
            command = "help";
            return true;
        }

        var (head, rest) = SplitFirstWord(text);
        if (head.StartsWith('/'))
        {
            var name = head[1..];

            // "/home/me/notes.txt" or "/ " is text, not a command.
            if (name.Length == 0 || !name.All(c => char.IsLetterOrDigit(c) || c is '_' or '-'))
            {
                return false;
            }

            command = name.ToLowerInvariant();
            argument = rest.Length == 0 ? null : rest;
            return true;
        }

        // Bare "help", "list", "list 10" (the whole message, trailing "!?." ignored) but not "list: eggs, milk".
        var bareHead = head.TrimEnd('!', '?', '.');
        var bareRest = rest.TrimEnd('!', '?', '.');
        var isBareCommand = _bareCommands.Contains(bareHead)
            && (bareRest.Length == 0 || (bareHead.Equals("list", StringComparison.OrdinalIgnoreCase) && bareRest.All(char.IsAsciiDigit)));
        if (!isBareCommand)
        {
            return false;
        }

        command = bareHead.ToLowerInvariant();
        argument = bareRest.Length == 0 ? null : bareRest;
        return true;
    }

    private static bool IsRecall(string text)
    {
        var words = Words(text);
        words = StripPoliteOpeners(words);

        // "remind me to buy milk?" still asks us to store something.
        if (StartsWith(words, "remind", "me", "to"))
        {
            return false;
        }

        if (EndsWithQuestionMark(text))
        {
            return true;
        }

        if (words.Length == 0)
        {
            return false;
        }

        var first = words[0];
        var second = words.Length > 1 ? words[1] : string.Empty;

        return _questionWords.Contains(first)
            || _recallVerbs.Contains(first)
            || IsBrowsingPhrase(words)
            || _recallPhrases.Any(phrase => StartsWith(words, phrase))
            || (StartsWith(words, "remind", "me") && words.Length > 2 && _questionWords.Contains(words[2]))
            || (_auxiliaries.Contains(first) && (_personalPronouns.Contains(second) || _otherSubjects.Contains(second)))
            || (_imperativeAuxiliaries.Contains(first) && _personalPronouns.Contains(second));
    }

    // "photos from Lisbon", "notes near the office", "pictures of last week": a short phrase that only names
    // what to browse. Longer messages that open the same way ("photos from the wedding are on the drive") stay notes.
    private static readonly FrozenSet<string> _browsedKinds = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase, "photos", "pictures", "pics", "notes", "memories", "voice", "places", "locations");

    private static readonly FrozenSet<string> _browsingLinks = FrozenSet.Create(StringComparer.OrdinalIgnoreCase, "from", "in", "at", "near", "around", "of");

    private static bool IsBrowsingPhrase(string[] words) =>
        words.Length is >= 3 and <= 5
        && _browsedKinds.Contains(words[0])
        && (_browsingLinks.Contains(words[1]) || (words[0].Equals("voice", StringComparison.OrdinalIgnoreCase) && words.Length > 3 && _browsingLinks.Contains(words[2])));

    private static string[] StripPoliteOpeners(string[] words)
    {
        var stripped = true;
        while (stripped)
        {
            stripped = false;
            foreach (var opener in _politeOpeners)
            {
                if (words.Length > opener.Length && StartsWith(words, opener))
                {
                    words = words[opener.Length..];
                    stripped = true;
                }
            }
        }

        return words;
    }

    private static bool StartsWith(string[] words, params string[] phrase) =>
        words.Length >= phrase.Length
        && phrase.Select((word, i) => string.Equals(words[i], word, StringComparison.OrdinalIgnoreCase)).All(match => match);

    // Looks past trailing "!", ".", spaces and emoji, so "where are my keys?? 😅" still counts as a question.
    private static bool EndsWithQuestionMark(string text)
    {
        for (var i = text.Length - 1; i >= 0; i--)
        {
            var c = text[i];
            if (c is '?' or '？')
            {
                return true;
            }

            var isTrailingNoise = char.IsWhiteSpace(c) || c is '!' or '.' || char.IsSurrogate(c) || char.IsSymbol(c)
                || c is '\uFE0F' or '\u200D'; // emoji variation selector and zero-width joiner
            if (!isTrailingNoise)
            {
                return false;
            }
        }

        return false;
    }

    private static (string First, string Remainder) SplitFirstWord(string text)
    {
        var end = 0;
        while (end < text.Length && !char.IsWhiteSpace(text[end]))
        {
            end++;
        }

        return (text[..end], text[end..].Trim());
    }

    // Words without surrounding punctuation, with contractions reduced to the word that matters
    // for the rules above: "what's" → "what", "didn't" → "did", "I'm" → "I".
    private static string[] Words(string text) =>
        text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Select(NormalizeWord)
            .Where(word => word.Length > 0)
            .ToArray();

    private static string NormalizeWord(string word)
    {
        var start = 0;
        var end = word.Length;
        while (start < end && !char.IsLetterOrDigit(word[start]))
        {
            start++;
        }

        while (end > start && !char.IsLetterOrDigit(word[end - 1]))
        {
            end--;
        }

        var core = word[start..end].Replace('’', '\'');
        if (core.EndsWith("n't", StringComparison.OrdinalIgnoreCase))
        {
            return core[..^3];
        }

        var apostrophe = core.IndexOf('\'', StringComparison.Ordinal);
        return apostrophe > 0 ? core[..apostrophe] : core;
    }
}
