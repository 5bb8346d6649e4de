using System.Diagnostics;
using MemoryAssistant.Application.Common.Interfaces;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MemoryAssistant.Infrastructure;

/// <summary>
/// Reads the mood lexicon, the topic tagger's prototypes and the city gazetteer in the background once the app
/// has started, and runs each once, so the first message after a start does not wait for files to load and
/// code to compile. Until then a message that needs one of them loads it itself (the singletons are built once).
/// </summary>
public sealed class LexiconWarmUp(IServiceProvider services, ILogger<LexiconWarmUp> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Off the start-up path: StartAsync runs this method synchronously up to its first await, and the
        // singletons are resolved here rather than in the constructor (the host builds hosted services on start).
        await Task.Yield();
        var watch = Stopwatch.StartNew();
        try
        {
            const string sample = "Dinner with Marta in Lisbon on Friday, really happy about it #food";
            services.GetRequiredService<IMoodAnalyzer>().Analyze(sample);
            services.GetRequiredService<IMemoryTagger>().Suggest(sample);
            services.GetRequiredService<IGazetteer>().Find("Lisbon");
            logger.LogInformation("Lexicons ready in {Milliseconds} ms", watch.ElapsedMilliseconds);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Only a head start: the first message that needs them will load them (and report the error) itself.
            logger.LogWarning(ex, "Warming up the lexicons failed");
        }
    }
}
