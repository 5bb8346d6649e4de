using MemoryAssistant.Application.Common.Interfaces;
using MemoryAssistant.Infrastructure.Embeddings;
using MemoryAssistant.Infrastructure.MemoryLayer.Embedded;

namespace MemoryAssistant.Infrastructure.Tagging;

/// <summary>
/// Topic tags from a keyword lexicon, widened by the word vectors when the model is loaded: a word that is
/// not in the lexicon but sits close to a topic's prototype words ("carbonara" near "pasta" and "dinner")
/// tags the memory too. Offline and deterministic; at most <see cref="MaxTags"/> tags, strongest first.
/// </summary>
public sealed class TopicTagger(MemoryEmbeddings embeddings) : IMemoryTagger
{
    public const int MaxTags = 2;

    /// <summary>How close (cosine) a word must be to a topic's prototype to count, when it is not in the lexicon.</summary>
    public const float PrototypeSimilarity = 0.66f;

    // Words too common to say anything about a topic, even when they sit near one in vector space.
    private const int MinimumRank = 800;

    private static readonly (string Tag, string[] Words)[] s_topics =
    [
        ("food", ["dinner", "lunch", "breakfast", "brunch", "recipe", "restaurant", "cook", "cooking", "meal", "pasta", "pizza", "bake", "baking", "dessert", "snack", "cafe", "coffee", "sushi", "ramen", "carbonara", "soup", "salad"]),
        ("groceries", ["groceries", "grocery", "supermarket", "milk", "eggs", "bread", "butter", "cheese", "vegetables", "fruit", "costco"]),
        ("health", ["doctor", "dentist", "pharmacy", "medicine", "vaccine", "vaccination", "flu", "fever", "headache", "migraine", "therapy", "therapist", "blood", "pill", "pills", "ibuprofen", "allergy", "clinic", "hospital", "prescription", "cavity", "checkup"]),
        ("work", ["meeting", "client", "clients", "deadline", "project", "boss", "colleague", "sprint", "standup", "presentation", "roadmap", "onboarding", "review", "manager", "team"]),
        ("travel", ["flight", "flights", "airport", "hotel", "trip", "passport", "visa", "train", "vacation", "holiday", "luggage", "boarding", "itinerary"]),
        ("finance", ["bill", "bills", "bank", "rent", "tax", "taxes", "insurance", "payment", "invoice", "salary", "budget", "loan", "mortgage", "receipt", "refund"]),
        ("home", ["plumber", "landlord", "repair", "furniture", "kitchen", "laundry", "apartment", "flat", "garden", "sink", "shelf", "heating", "electrician"]),
        ("family", ["mom", "mum", "dad", "mother", "father", "sister", "brother", "kids", "son", "daughter", "grandma", "grandpa", "wife", "husband", "aunt", "uncle"]),
        ("pets", ["dog", "cat", "vet", "puppy", "kitten", "pet"]),
        ("fitness", ["gym", "workout", "yoga", "hike", "hiking", "swim", "swimming", "running", "marathon", "training", "pilates"]),
        ("car", ["car", "parking", "parked", "garage", "mechanic", "tyre", "tire", "fuel", "petrol"]),
        ("events", ["birthday", "anniversary", "wedding", "party", "concert", "festival", "gig"]),
    ];

    private static readonly Dictionary<string, string> s_lexicon = s_topics
        .SelectMany(t => t.Words.Select(w => (Word: w, t.Tag)))
        .GroupBy(p => p.Word, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.First().Tag, StringComparer.Ordinal);

    public IReadOnlyList<string> Suggest(string content)
    {
        var strength = new Dictionary<string, double>(StringComparer.Ordinal);
        var words = embeddings.Words;
        foreach (var word in TextTokens.Words(content).Distinct(StringComparer.Ordinal))
        {
            if (s_lexicon.TryGetValue(word, out var tag) || s_lexicon.TryGetValue(Singular(word), out tag))
            {
                strength[tag] = strength.GetValueOrDefault(tag) + 1;
                continue;
            }

            if (words is null || words.Rank(word) < MinimumRank)
                continue;
            var (nearest, similarity) = NearestTopicRemembered(word, words);
            if (nearest is not null && similarity >= PrototypeSimilarity)
                strength[nearest] = strength.GetValueOrDefault(nearest) + similarity;
        }

        return strength.OrderByDescending(s => s.Value).ThenBy(s => s.Key, StringComparer.Ordinal).Take(MaxTags).Select(s => s.Key).ToList();
    }

    // A word's nearest topic never changes for the tagger's model (MemoryEmbeddings.Words is fixed), and comparing it with every prototype word is
    // the costliest step of tagging (about 200 cosine similarities), so each answer is kept. Bounded: the
    // words people write are few, but a flood of made-up ones must not grow it for ever.
    private const int RememberedWordsLimit = 100_000;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (string? Tag, double Similarity)> _nearest = new(StringComparer.Ordinal);

    private (string? Tag, double Similarity) NearestTopicRemembered(string word, WordVectors words)
    {
        if (_nearest.TryGetValue(word, out var known))
            return known;
        var nearest = NearestTopic(word, words);
        if (_nearest.Count < RememberedWordsLimit)
            _nearest.TryAdd(word, nearest);
        return nearest;
    }

    private static (string? Tag, double Similarity) NearestTopic(string word, WordVectors words)
    {
        string? best = null;
        var bestSimilarity = 0.0;
        foreach (var (tag, prototype) in s_topics)
        {
            foreach (var seed in prototype)
            {
                var similarity = words.Similarity(word, seed);
                if (similarity > bestSimilarity)
                {
                    bestSimilarity = similarity;
                    best = tag;
                }
            }
        }

        return (best, bestSimilarity);
    }

    private static string Singular(string word) =>
        word.Length > 3 && word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal) ? word[..^1] : word;
}
