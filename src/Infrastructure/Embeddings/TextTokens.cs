using System.Globalization;
using System.Text;

namespace MemoryAssistant.Infrastructure.Embeddings;

/// <summary>
/// Splits text into the word forms the word-vector vocabulary uses: lower-case, diacritics folded.
/// </summary>
/// <remarks>
/// <para>Characters are classified and folded as SQLite FTS5's <c>unicode61 remove_diacritics 2</c> tokenizer does
/// for Latin, Greek and Cyrillic text, so "Café" becomes "cafe" here and in the full-text index: letters, digits
/// and private-use characters make words; combining marks belong to a word but are dropped; everything else
/// separates words (hyphens too: "e-mail" is "e" and "mail"). A letter folds to its ASCII base letter when its
/// canonical decomposition is that letter plus marks ("ç" → "c"); other letters only lower-case ("ø", "ß", "α"
/// stay). Known differences from SQLite, none of which the English vocabulary has words for: characters that
/// Unicode assigned after SQLite's tables, a few rare combining marks that SQLite treats as separators, and "ǡ".</para>
/// <para>Apostrophes (' ’ ʼ) inside a word are the one deliberate difference from FTS5, which splits at them. The
/// vocabulary has "dont", "cant", "oneill", but no "don", "t" worth having, so an apostrophe joins: "don't" →
/// "dont", "O'Neill" → "oneill". English clitics that would then collide with other words ("we'll" → "well",
/// "she'd" → "shed") are dropped instead, with the possessive: 's 'd 'll 'm 're 've, so "Mum's" → "mum".
/// An apostrophe anywhere else separates words, U+02BC included, which Unicode and SQLite count as a letter.</para>
/// </remarks>
public static class TextTokens
{
    private const uint KindSeparator = 1;
    private const uint KindLetter = 2;
    private const uint KindMark = 3;

    // Folded BMP characters, filled on first use: kind << 16 | folded char; 0 = not yet computed.
    private static readonly uint[] BmpTable = new uint[65536];

    // Case folds SQLite applies that lower-casing alone does not.
    private static readonly Dictionary<char, char> ExtraFolds = new()
    {
        ['\u0130'] = 'i', // İ
        ['\u017F'] = 's', // ſ
        ['\u00B5'] = '\u03BC', // micro sign → μ
        ['\u03C2'] = '\u03C3', // final sigma → σ
        ['\u03D0'] = '\u03B2',
        ['\u03D1'] = '\u03B8',
        ['\u03D5'] = '\u03C6',
        ['\u03D6'] = '\u03C0',
        ['\u03F0'] = '\u03BA',
        ['\u03F1'] = '\u03C1',
        ['\u03F5'] = '\u03B5',
    };

    /// <summary>The words of <paramref name="text"/>, in order, lower-cased and folded.</summary>
    public static IReadOnlyList<string> Words(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = new List<string>();
        var buffer = text.Length <= 256 ? stackalloc char[text.Length] : new char[text.Length];
        var enumerator = new WordEnumerator(text, buffer);
        while (enumerator.MoveNext())
            words.Add(enumerator.Current.ToString());
        return words;
    }

    /// <summary>
    /// Folds one word as <see cref="Words"/> would (lower case, diacritics dropped) but keeps every other
    /// character, so a vocabulary entry such as "E-Mail" can still be found as "e-mail".
    /// </summary>
    public static string FoldWord(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        var builder = new StringBuilder(word.Length);
        Span<char> folded = stackalloc char[2];
        foreach (var rune in word.EnumerateRunes())
        {
            var kind = Classify(rune, folded, out var length);
            if (kind == KindLetter)
                builder.Append(folded[..length]);
            else if (kind == KindSeparator)
                builder.Append(rune.ToString());
        }

        return builder.ToString();
    }

    /// <summary>
    /// Walks the words of a text without allocating: each <see cref="Current"/> is the folded word, written into
    /// the caller's buffer, valid until the next <see cref="MoveNext"/>. The buffer must be at least as long as
    /// the text (folding never lengthens it).
    /// </summary>
    internal ref struct WordEnumerator
    {
        private readonly ReadOnlySpan<char> _text;
        private readonly Span<char> _buffer;
        private int _position;
        private int _length;

        public WordEnumerator(ReadOnlySpan<char> text, Span<char> buffer)
        {
            if (buffer.Length < text.Length)
                throw new ArgumentException("The buffer must be at least as long as the text.", nameof(buffer));
            _text = text;
            _buffer = buffer;
        }

        public readonly ReadOnlySpan<char> Current => _buffer[.._length];

        public bool MoveNext()
        {
            Span<char> folded = stackalloc char[2];
            while (_position < _text.Length)
            {
                _length = 0;
                while (_position < _text.Length)
                {
                    var c = _text[_position];
                    if (char.IsAsciiLetterOrDigit(c))
                    {
                        _buffer[_length++] = char.IsAsciiLetterUpper(c) ? (char)(c | 0x20) : c;
                        _position++;
                        continue;
                    }

                    var kind = Next(_text, _position, folded, out var consumed, out var foldedLength, out var rune);
                    if (kind == KindLetter)
                    {
                        folded[..foldedLength].CopyTo(_buffer[_length..]);
                        _length += foldedLength;
                        _position += consumed;
                    }
                    else if (kind == KindMark)
                    {
                        _position += consumed;
                    }
                    else if (_length > 0 && IsApostrophe(rune) && StartsWord(_text, _position + consumed))
                    {
                        var suffixEnd = WordPartEnd(_text, _position + consumed);
                        if (IsClitic(_text[(_position + consumed)..suffixEnd]))
                        {
                            _position = suffixEnd;
                            break;
                        }

                        _position += consumed;
                    }
                    else
                    {
                        break;
                    }
                }

                if (_length > 0)
                    return true;
                // A separator, or a word made only of marks: move past it.
                if (_position < _text.Length && Next(_text, _position, folded, out var skip, out _, out _) == KindSeparator)
                    _position += skip;
            }

            _length = 0;
            return false;
        }
    }

    private static bool IsApostrophe(Rune rune) => rune.Value is '\'' or '\u2019' or '\u02BC';

    private static bool StartsWord(ReadOnlySpan<char> text, int position)
    {
        Span<char> folded = stackalloc char[2];
        return position < text.Length && Next(text, position, folded, out _, out _, out _) == KindLetter;
    }

    // End of the run of letters and marks starting at position (stops at an apostrophe or a separator).
    private static int WordPartEnd(ReadOnlySpan<char> text, int position)
    {
        Span<char> folded = stackalloc char[2];
        while (position < text.Length)
        {
            var kind = Next(text, position, folded, out var consumed, out _, out _);
            if (kind == KindSeparator)
                break;
            position += consumed;
        }

        return position;
    }

    private static bool IsClitic(ReadOnlySpan<char> suffix) =>
        suffix.Equals("s", StringComparison.OrdinalIgnoreCase)
        || suffix.Equals("d", StringComparison.OrdinalIgnoreCase)
        || suffix.Equals("m", StringComparison.OrdinalIgnoreCase)
        || suffix.Equals("ll", StringComparison.OrdinalIgnoreCase)
        || suffix.Equals("re", StringComparison.OrdinalIgnoreCase)
        || suffix.Equals("ve", StringComparison.OrdinalIgnoreCase);

    private static uint Next(ReadOnlySpan<char> text, int position, Span<char> folded, out int consumed, out int foldedLength, out Rune rune)
    {
        var c = text[position];
        if (c < 128)
        {
            consumed = 1;
            rune = new Rune(c);
            if (char.IsAsciiLetterOrDigit(c))
            {
                folded[0] = char.IsAsciiLetterUpper(c) ? (char)(c | 0x20) : c;
                foldedLength = 1;
                return KindLetter;
            }

            foldedLength = 0;
            return KindSeparator;
        }

        if (Rune.DecodeFromUtf16(text[position..], out rune, out consumed) != System.Buffers.OperationStatus.Done)
        {
            // A lone surrogate separates words.
            rune = Rune.ReplacementChar;
            consumed = 1;
            foldedLength = 0;
            return KindSeparator;
        }

        return Classify(rune, folded, out foldedLength);
    }

    private static uint Classify(Rune rune, Span<char> folded, out int foldedLength)
    {
        if (rune.IsBmp)
        {
            var entry = BmpTable[rune.Value];
            if (entry == 0)
            {
                entry = ComputeBmp((char)rune.Value);
                BmpTable[rune.Value] = entry; // Racing threads compute the same value.
            }

            var kind = entry >> 16;
            foldedLength = kind == KindLetter ? 1 : 0;
            folded[0] = (char)(entry & 0xFFFF);
            return kind;
        }

        var category = Rune.GetUnicodeCategory(rune);
        if (category == UnicodeCategory.NonSpacingMark)
        {
            foldedLength = 0;
            return KindMark;
        }

        if (!IsWordCategory(category))
        {
            foldedLength = 0;
            return KindSeparator;
        }

        foldedLength = Rune.ToLowerInvariant(rune).EncodeToUtf16(folded);
        return KindLetter;
    }

    private static uint ComputeBmp(char c)
    {
        var category = CharUnicodeInfo.GetUnicodeCategory(c);
        if (category == UnicodeCategory.NonSpacingMark)
            return KindMark << 16;
        // U+02BC (modifier letter apostrophe) is a letter to Unicode and SQLite, an apostrophe to people.
        if (!IsWordCategory(category) || char.IsSurrogate(c) || c == '\u02BC')
            return KindSeparator << 16;
        return KindLetter << 16 | FoldLetter(c);
    }

    private static char FoldLetter(char c)
    {
        if (ExtraFolds.TryGetValue(c, out var extra))
            return extra;
        var lower = char.ToLowerInvariant(c);
        var decomposed = lower.ToString().Normalize(NormalizationForm.FormD);
        if (decomposed.Length > 1 && char.IsAscii(decomposed[0]) && IsAllMarks(decomposed.AsSpan(1)))
            return char.ToLowerInvariant(decomposed[0]);
        return lower;
    }

    private static bool IsAllMarks(ReadOnlySpan<char> chars)
    {
        foreach (var c in chars)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
                return false;
        }

        return true;
    }

    private static bool IsWordCategory(UnicodeCategory category) => category
        is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
        or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
        or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber
        or UnicodeCategory.PrivateUse;
}
