using System.Diagnostics;
using MemoryAssistant.Application.Memories.Recall;

namespace MemoryAssistant.TestSupport.Retrieval;

/// <param name="Limit">Hits asked for per question (the app's recall asks for 5).</param>
/// <param name="NoAnswerScoreFloor">
/// A must-return-nothing question is answered correctly when every hit scores below this floor (an empty list
/// always is). 0 means only an empty list counts, which is what a user sees today: the app shows every hit.
/// </param>
public sealed record RetrievalOptions(int Limit = 5, double NoAnswerScoreFloor = 0);

/// <summary>One returned memory: its dataset key (or "#id" when it is not in the dataset) and score.</summary>
public sealed record RetrievedMemory(string Key, double Score, string Content);

/// <param name="Rank">1-based position of the first expected memory among the hits; null when none came back.</param>
/// <param name="RecallAt1">Share of the expected memories in the top 1, capped: |expected ∩ top k| / min(k, |expected|).</param>
/// <param name="NoAnswerCorrect">For must-return-nothing questions: nothing came back at or above the floor.</param>
/// <param name="TimePhrase">How the time phrase was read in the user's zone, if there was one.</param>
public sealed record QuestionResult(
    RetrievalQuestion Question,
    IReadOnlyList<RetrievedMemory> Hits,
    int? Rank,
    double RecallAt1,
    double RecallAt5,
    bool? NoAnswerCorrect,
    string? TimePhrase,
    IReadOnlyList<string> Terms,
    double ElapsedMs)
{
    /// <summary>A miss: an answerable question without all its expected memories in the top 5, or a must-return-nothing question that got hits.</summary>
    public bool IsMiss => Question.MustReturnNothing ? NoAnswerCorrect == false : RecallAt5 < 1;
}

/// <param name="Count">Answerable questions in the category (must-return-nothing ones have their own rate).</param>
public sealed record CategoryScore(string Category, int Count, double RecallAt5, double Mrr);

/// <param name="Mode">The caller's name for the configuration ("keyword-only", "hybrid").</param>
/// <param name="Layer">The memory layer that answered, as recall reports it.</param>
public sealed record QualityReport(
    string Mode,
    string Layer,
    IReadOnlyDictionary<string, string?> Configuration,
    RetrievalOptions Options,
    int Answerable,
    int MustReturnNothing,
    double RecallAt1,
    double RecallAt5,
    double Mrr,
    double EmptyCorrectRate,
    IReadOnlyList<CategoryScore> Categories,
    IReadOnlyList<QuestionResult> Questions)
{
    public IEnumerable<QuestionResult> Misses => Questions.Where(q => q.IsMiss);
}

/// <summary>
/// Runs the retrieval benchmark's quality half: a fresh app on a temporary SQLite file with the clock at the
/// dataset's "now", every memory written through <see cref="Application.Memories.MemoryWriter"/>, every
/// question asked through the app's real recall (time phrase in the user's zone, memory layer, DB re-check).
/// </summary>
public static class RetrievalEvaluator
{
    public static async Task<QualityReport> RunAsync(
        RetrievalSet set, string mode, IDictionary<string, string?> configuration, RetrievalOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(configuration);
        options ??= new RetrievalOptions();

        await using var app = await RetrievalApp.CreateAsync(configuration, set.NowInstant);
        var users = new Dictionary<string, RetrievalApp.AppUser>(StringComparer.Ordinal);
        foreach (var user in set.Users)
            users[user.Id] = await app.AddUserAsync(user.Number, user.Name, user.TimeZone);

        var keys = new Dictionary<long, string>();
        foreach (var memory in set.Memories.OrderBy(m => m.OccurredAtInstant))
        {
            var id = await app.RememberAsync(users[memory.User], RetrievalApp.ParseKind(memory.Kind), memory.Content, memory.OccurredAtInstant);
            keys[id] = memory.Key;
        }

        var results = new List<QuestionResult>(set.Questions.Count);
        var layer = "";
        foreach (var question in set.Questions)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var stopwatch = Stopwatch.StartNew();
            var recall = await app.RecallAsync(users[question.User], question.Text, options.Limit, cancellationToken);
            stopwatch.Stop();
            if (recall.Layer.Length > 0)
                layer = recall.Layer;
            var hits = recall.Hits
                .Select(h => new RetrievedMemory(keys.TryGetValue(h.Memory.Id, out var key) ? key : $"#{h.Memory.Id}", h.Score, h.Memory.Content))
                .ToList();
            results.Add(Score(question, hits, options, recall.TimePhrase?.Description, recall.Terms, stopwatch.Elapsed.TotalMilliseconds));
        }

        return Summarise(mode, layer, configuration, options, results);
    }

    public static QuestionResult Score(
        RetrievalQuestion question, IReadOnlyList<RetrievedMemory> hits, RetrievalOptions options, string? timePhrase, IReadOnlyList<string> terms, double elapsedMs)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(hits);
        ArgumentNullException.ThrowIfNull(options);
        if (question.MustReturnNothing)
        {
            var correct = hits.All(h => h.Score < options.NoAnswerScoreFloor);
            return new QuestionResult(question, hits, null, 0, 0, correct, timePhrase, terms, elapsedMs);
        }

        var expected = question.Expected.ToHashSet(StringComparer.Ordinal);
        var position = hits.Select((h, i) => (h.Key, Rank: i + 1)).FirstOrDefault(h => expected.Contains(h.Key)).Rank;
        return new QuestionResult(
            question, hits, position == 0 ? null : position, CappedRecall(expected, hits, 1), CappedRecall(expected, hits, 5), null, timePhrase, terms, elapsedMs);
    }

    public static QualityReport Summarise(
        string mode, string layer, IDictionary<string, string?> configuration, RetrievalOptions options, IReadOnlyList<QuestionResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var answerable = results.Where(r => !r.Question.MustReturnNothing).ToList();
        var nothing = results.Where(r => r.Question.MustReturnNothing).ToList();
        var categories = QuestionCategories.All
            .Where(c => c != QuestionCategories.None)
            .Select(c => (Category: c, Results: answerable.Where(r => r.Question.Is(c)).ToList()))
            .Where(x => x.Results.Count > 0)
            .Select(x => new CategoryScore(x.Category, x.Results.Count, x.Results.Average(r => r.RecallAt5), x.Results.Average(ReciprocalRank)))
            .ToList();
        return new QualityReport(
            mode,
            layer,
            new Dictionary<string, string?>(configuration, StringComparer.Ordinal),
            options,
            answerable.Count,
            nothing.Count,
            Mean(answerable, r => r.RecallAt1),
            Mean(answerable, r => r.RecallAt5),
            Mean(answerable, ReciprocalRank),
            Mean(nothing, r => r.NoAnswerCorrect == true ? 1 : 0),
            categories,
            results);
    }

    private static double ReciprocalRank(QuestionResult result) => result.Rank is { } rank ? 1.0 / rank : 0;

    private static double CappedRecall(HashSet<string> expected, IReadOnlyList<RetrievedMemory> hits, int k) =>
        (double)hits.Take(k).Select(h => h.Key).Distinct(StringComparer.Ordinal).Count(expected.Contains) / Math.Min(k, expected.Count);

    private static double Mean(List<QuestionResult> results, Func<QuestionResult, double> value) =>
        results.Count == 0 ? 0 : results.Average(value);
}
