using MemoryAssistant.Infrastructure.Embeddings;

namespace MemoryAssistant.Infrastructure.MemoryLayer.Embedded;

/// <summary>
/// Scores candidate memories for a question by three signals: how well each query word is matched by some
/// word of the memory (exactly, or by a near word vector, weighted by the query word's rarity), the cosine
/// of the two sentence vectors, and BM25. Averaged word vectors alone are weak on short notes ("dinner"
/// sits nearer "party" than "carbonara"); the alignment carries most of the weight, and the weights and the
/// floor were chosen on the retrieval benchmark (docs/benchmarks.md).
/// </summary>
public static class HybridRanker
{
    // Weights, floors and powers were chosen on the retrieval benchmark (tests/TestSupport/Retrieval,
    // `make bench`): a grid over them, keeping the best recall@5 + MRR/2 + empty-correct·0.3. See ADR 0010.
    public const double AlignmentWeight = 0.55;
    public const double SentenceWeight = 0.30;
    public const double KeywordWeight = 0.15;

    /// <summary>Below this a memory is not relevant enough to show.</summary>
    public const double RelevanceFloor = 0.20;

    /// <summary>Word-pair cosines from here count as related, rising to full credit at <see cref="WordSimilarityFull"/>.</summary>
    public const double WordSimilarityFloor = 0.25;

    public const double WordSimilarityFull = 0.85;

    /// <summary>Sentence cosines below this are what unrelated sentences score; above, credit rises linearly to 1.</summary>
    public const double SentenceFloor = 0.50;

    /// <summary>How much a related (not identical) memory word's rarity scales its credit.</summary>
    public const double TokenRarityPower = 0.5;

    /// <summary>Asking for a kind ("photo", "voice note") lifts memories of that kind.</summary>
    public const double KindBoost = 0.12;

    private static readonly Dictionary<string, string> s_kindWords = new(StringComparer.Ordinal)
    {
        ["photo"] = "image", ["photos"] = "image", ["picture"] = "image", ["pictures"] = "image", ["pic"] = "image",
        ["pics"] = "image", ["selfie"] = "image", ["selfies"] = "image", ["image"] = "image", ["images"] = "image",
        ["screenshot"] = "image", ["voice"] = "audio", ["recording"] = "audio", ["recordings"] = "audio",
        ["audio"] = "audio", ["memo"] = "audio",
    };

    public sealed record Candidate(long MemoryId, string Content, string Kind, double Cosine, double Keyword);

    public sealed record Ranked(long MemoryId, double Score);

    /// <summary>True when the question names a kind and nothing else ("the photo from Tuesday").</summary>
    public static bool OnlyKindWords(IReadOnlyList<string> terms) =>
        terms.Count > 0 && terms.All(t => s_kindWords.ContainsKey(t) || t is "note" or "notes");

    /// <summary>The kind a question names ("photo" → image, "voice note" → audio), if any.</summary>
    public static string? KindOf(IReadOnlyList<string> terms) => SplitKind(terms).Kind;

    /// <summary>Query words that name a kind of memory, and the content words left to match.</summary>
    public static (string? Kind, IReadOnlyList<string> ContentTerms) SplitKind(IReadOnlyList<string> terms)
    {
        var kind = terms.Select(t => s_kindWords.GetValueOrDefault(t)).FirstOrDefault(k => k is not null);
        var rest = terms.Where(t => !s_kindWords.ContainsKey(t) && !(kind == "audio" && t is "note" or "notes")).ToList();
        return (kind, rest.Count > 0 ? rest : terms);
    }

    /// <param name="question">The question's text: "where …" asks for a place, so places are lifted.</param>
    public static IReadOnlyList<Ranked> Rank(IReadOnlyList<string> terms, IEnumerable<Candidate> candidates, WordVectors? words, string? question = null)
    {
        var (kind, content) = SplitKind(terms);
        if (kind is null && question is not null && question.TrimStart().StartsWith("where", StringComparison.OrdinalIgnoreCase))
            kind = "location";
        var weights = content.Select(t => Weight(t, words)).ToArray();
        var ranked = new List<Ranked>();
        foreach (var candidate in candidates)
        {
            var tokens = TextTokens.Words(candidate.Content).Distinct(StringComparer.Ordinal).ToArray();
            var alignment = Alignment(content, weights, tokens, words);
            var sentence = Math.Clamp((candidate.Cosine - SentenceFloor) / (1 - SentenceFloor), 0, 1);
            var score = (AlignmentWeight * alignment) + (SentenceWeight * sentence) + (KeywordWeight * candidate.Keyword);
            if (kind is not null && candidate.Kind == kind)
                score += KindBoost;
            if (score < RelevanceFloor)
                continue;
            ranked.Add(new Ranked(candidate.MemoryId, Math.Clamp(score, 0, 1)));
        }

        return ranked.OrderByDescending(r => r.Score).ToList();
    }

    /// <summary>
    /// The best credit a memory word gives a query word: 1 for the same word; for a related word, its cosine
    /// mapped from the noise floor up to full credit, times the memory word's rarity. GloVe puts frequent words
    /// near many others ("wrong" ~ "done" is 0.71), so a match on a common word says less.
    /// </summary>
    private static double BestMatch(string term, IReadOnlyList<string> tokens, WordVectors? words)
    {
        var best = 0.0;
        foreach (var token in tokens)
        {
            if (SameWord(term, token))
                return 1.0;
            if (words is null)
                continue;
            var similarity = words.Similarity(term, token);
            if (similarity <= WordSimilarityFloor)
                continue;
            var credit = Math.Clamp((similarity - WordSimilarityFloor) / (WordSimilarityFull - WordSimilarityFloor), 0, 1)
                         * Math.Pow(Weight(token, words), TokenRarityPower);
            if (credit > best)
                best = credit;
        }

        return best;
    }

    /// <summary>Rarity-weighted mean, over the query words, of the best match each finds in the memory.</summary>
    public static double Alignment(IReadOnlyList<string> terms, IReadOnlyList<double> weights, IReadOnlyList<string> tokens, WordVectors? words)
    {
        double total = 0, weightSum = 0;
        for (var i = 0; i < terms.Count; i++)
        {
            total += weights[i] * BestMatch(terms[i], tokens, words);
            weightSum += weights[i];
        }

        return weightSum > 0 ? total / weightSum : 0;
    }

    /// <summary>Rarer words carry the question: weight by log frequency rank (the most frequent words weigh least).</summary>
    public static double Weight(string word, WordVectors? words)
    {
        if (words is null)
            return 1;
        var rank = words.Rank(word);
        return rank < 0 ? 1 : Math.Log(rank + 2) / Math.Log(words.Count + 2);
    }

    // Plurals and simple inflections count as the same word ("haircuts", "haircut").
    private static bool SameWord(string a, string b) =>
        a == b || Stem(a) == Stem(b);

    private static string Stem(string word) =>
        word.Length > 4 && word.EndsWith("ies", StringComparison.Ordinal) ? word[..^3] + "y"
        : word.Length > 3 && word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal) ? word[..^1]
        : word;
}
