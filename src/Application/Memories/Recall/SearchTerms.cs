namespace MemoryAssistant.Application.Memories.Recall;

/// <summary>
/// The words of a question that say what it is about. "What did I plan for dinner?" is about
/// "dinner": question words, pronouns and recall verbs would only match every note.
/// </summary>
public static class SearchTerms
{
    public const int MaxTerms = 12;

    private static readonly HashSet<string> s_filler = new(StringComparer.Ordinal)
    {
        // question and function words
        "a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "at", "for", "from", "with", "about", "by", "into", "than", "then",
        "as", "is", "are", "was", "were", "be", "been", "being", "am", "do", "does", "did", "done", "have", "has", "had", "having",
        "what", "whats", "when", "where", "who", "whom", "which", "why", "how", "whose", "that", "this", "these", "those", "there",
        "any", "anything", "something", "some", "all", "every", "everything", "there's", "it", "its", "it's", "if", "so", "just",
        "can", "could", "would", "should", "will", "shall", "may", "might", "must", "please", "pls", "thanks", "again", "ever",
        // people
        "i", "i'm", "im", "i've", "ive", "i'd", "me", "my", "mine", "myself", "we", "us", "our", "you", "your", "he", "she", "they", "them", "their",
        // recall verbs: asking to recall, not the topic
        "remember", "remind", "recall", "show", "find", "search", "look", "lookup", "tell", "give", "list", "get", "got", "need", "needed",
        "say", "said", "note", "noted", "notes", "save", "saved", "write", "wrote", "written", "plan", "planned", "planning", "mention", "mentioned",
        "send", "sent", "store", "stored", "keep", "kept", "know", "want", "wanted",
        "memory", "memories", "thing", "things", "stuff",
    };

    /// <summary>Lower-case content words, in order, without duplicates.</summary>
    public static IReadOnlyList<string> Extract(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return [];

        var terms = new List<string>();
        foreach (var raw in Tokenise(text))
        {
            var word = raw.ToLowerInvariant().Trim('\'');
            if (word.EndsWith("'s", StringComparison.Ordinal))
                word = word[..^2];
            if (word.Length < 2 && !char.IsDigit(word.FirstOrDefault()))
                continue;
            if (s_filler.Contains(word) || terms.Contains(word))
                continue;
            terms.Add(word);
            if (terms.Count == MaxTerms)
                break;
        }

        return terms;
    }

    // Letters, digits and inner apostrophes; everything else (punctuation, emoji, FTS syntax) separates words.
    private static IEnumerable<string> Tokenise(string text)
    {
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var inWord = i < text.Length && (char.IsLetterOrDigit(text[i]) || (text[i] is '\'' or '’' && start >= 0));
            if (inWord && start < 0)
                start = i;
            else if (!inWord && start >= 0)
            {
                yield return text[start..i].Replace('’', '\'');
                start = -1;
            }
        }
    }
}
