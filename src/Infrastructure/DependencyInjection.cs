using MemoryAssistant.Application.Common.Interfaces;
using MemoryAssistant.Infrastructure.MemoryLayer.Embedded;
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
    public static IServiceCollection AddInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        var storage = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        services.AddSingleton(storage);
        services.AddSingleton<IClock>(SystemClock.Instance);

        DapperTypeHandlers.Register();
        services.AddDbContext<ApplicationDbContext>(options => ConfigureDbContext(options, storage.DatabasePath));
        services.AddScoped<IApplicationDbContext>(provider => provider.GetRequiredService<ApplicationDbContext>());
        services.AddSingleton<IReadDbConnectionFactory>(new ReadDbConnectionFactory(SqliteConnections.ConnectionString(storage.DatabasePath)));
        services.AddScoped<DatabaseMigrator>();
        services.AddScoped<DemoSeeder>();
        services.AddSingleton<Media.ContentAddressedMediaStore>();

        services.AddScoped<IMemoryLayer, EmbeddedMemoryEngine>();
        services.AddSingleton<ITimeZoneGuesser, PhoneNumberTimeZoneGuesser>();
        return services;
    }

    public static DbContextOptionsBuilder ConfigureDbContext(DbContextOptionsBuilder options, string databasePath) =>
        options
            .UseSqlite(SqliteConnections.ConnectionString(databasePath), sqlite => sqlite.MigrationsAssembly(typeof(ApplicationDbContext).Assembly.GetName().Name))
            .UseSnakeCaseNamingConvention()
            .AddInterceptors(new SqlitePragmaInterceptor());

    public static DbContextOptionsBuilder<ApplicationDbContext> ConfigureDbContext(DbContextOptionsBuilder<ApplicationDbContext> options, string databasePath)
    {
        ConfigureDbContext((DbContextOptionsBuilder)options, databasePath);
        return options;
    }
}
