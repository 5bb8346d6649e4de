using MemoryAssistant.TestSupport.Retrieval;

namespace MemoryAssistant.Infrastructure.IntegrationTests.Retrieval;

/// <summary>
/// The quality bar for the memory engine on the retrieval benchmark's dataset, through the app's real write
/// and recall paths. Keyword-only is BM25 alone; hybrid adds word vectors (see docs/benchmarks.md for the figures).
/// </summary>
public sealed class RetrievalQualityTests(RetrievalQualityTests.Reports reports) : IClassFixture<RetrievalQualityTests.Reports>
{
    public const double MinimumHybridRecallAt5 = 0.85;

    [Fact]
    public void HybridRecall_OnRetrievalSet_ThenAtLeast85PercentOfExpectedMemoriesInTop5()
    {
        File.Exists(RepoPaths.WordVectorModel).Should().BeTrue("the hybrid engine needs its word vectors at {0}: run make setup", RepoPaths.WordVectorModel);
        reports.Hybrid.RecallAt5.Should().BeGreaterThanOrEqualTo(
            MinimumHybridRecallAt5, "the hybrid engine must find what the user means, not only the words they used; misses:\n{0}", Misses(reports.Hybrid));
    }

    [Fact]
    public void HybridRecall_OnRetrievalSet_ThenNoWorseThanKeywordOnlyOnRecallAt5AndMrr()
    {
        reports.Hybrid.RecallAt5.Should().BeGreaterThanOrEqualTo(reports.KeywordOnly.RecallAt5, "adding vectors must not lose what BM25 finds");
        reports.Hybrid.Mrr.Should().BeGreaterThanOrEqualTo(reports.KeywordOnly.Mrr, "adding vectors must not push the right memory down");
    }

    private static string Misses(QualityReport report) =>
        string.Join('\n', report.Misses.Select(m =>
            $"{m.Question.Id} \"{m.Question.Text}\" expected [{string.Join(", ", m.Question.Expected)}] got [{string.Join(", ", m.Hits.Select(h => h.Key))}]"));

    /// <summary>Both modes evaluated once for the class: each builds its own app and database.</summary>
    public sealed class Reports : IAsyncLifetime
    {
        public QualityReport KeywordOnly { get; private set; } = null!;
        public QualityReport Hybrid { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            var set = RetrievalSet.Load();
            var keywordOnly = RetrievalEvaluator.RunAsync(set, RetrievalModes.KeywordOnlyName, RetrievalModes.KeywordOnly());
            var hybrid = RetrievalEvaluator.RunAsync(set, RetrievalModes.HybridName, RetrievalModes.Hybrid());
            KeywordOnly = await keywordOnly;
            Hybrid = await hybrid;
        }

        public Task DisposeAsync() => Task.CompletedTask;
    }
}
