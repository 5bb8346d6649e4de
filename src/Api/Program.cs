using System.Text.Json.Serialization;
using MemoryAssistant.Api;
using MemoryAssistant.Api.Errors;
using MemoryAssistant.Api.RateLimiting;
using MemoryAssistant.Api.Health;
using MemoryAssistant.Api.Security;
using MemoryAssistant.Api.Dashboard;
using MemoryAssistant.Api.Simulator;
using MemoryAssistant.Application;
using MemoryAssistant.Infrastructure;
using MemoryAssistant.Infrastructure.MemoryLayer.Embedded;
using MemoryAssistant.Infrastructure.Persistence;
using MemoryAssistant.Infrastructure.Persistence.Seed;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = ContentRoot.Choose(args) });

builder.Services.AddApplication();
builder.Services.AddInfrastructure(builder.Configuration, builder.Environment.IsDevelopment());
builder.Services.AddSimulator(builder.Configuration, builder.Environment);

builder.Services.Configure<TwilioOptions>(builder.Configuration.GetSection(TwilioOptions.Section));
builder.Services.Configure<RestApiKeyOptions>(options =>
    builder.Configuration.GetSection($"{RestApiKeyOptions.Section}:Keys").Get<string[]>()?.ToList().ForEach(options.Keys.Add));
builder.Services.AddScoped<TwilioSignatureFilter>();
builder.Services.AddSenderAndApiRateLimiting(builder.Configuration);

builder.Services.AddControllers()
    .AddJsonOptions(options =>
    {
        // A misspelt field is a mistake to report, not something to ignore silently.
        options.JsonSerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.JsonSerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
    });
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
builder.Services.AddOpenApi(options => options.AddDocumentTransformer<MemoryAssistant.Api.OpenApiApiKeyScheme>());
builder.Services.AddHealthChecks()
    .AddCheck<DatabaseHealthCheck>("database")
    .AddCheck<MemoryLayerHealthCheck>("memoryLayer")
    .AddCheck<EmbeddingsHealthCheck>("embeddings")
    .AddCheck<JobQueueHealthCheck>("jobs")
    .AddCheck<LexiconsAndOutboundHealthCheck>("lexiconsAndOutbound");

var app = builder.Build();

// One-shot commands: `migrate`, `seed` (make seed) and `schema <file>` (make schema) run and exit.
if (args.Length >= 2 && args[0] == "schema")
{
    await using var scope = app.Services.CreateAsyncScope();
    await File.WriteAllTextAsync(args[1], SchemaScript.Generate(scope.ServiceProvider.GetRequiredService<ApplicationDbContext>()));
    return;
}

if (args.Contains("reembed"))
{
    // make reembed: vectors for every memory with none, or with another model's, then exit.
    await using var scope = app.Services.CreateAsyncScope();
    await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync();
    var embedded = await MemoryVectorBackfill.RunAsync(scope.ServiceProvider, app.Logger, CancellationToken.None);
    Console.WriteLine($"{embedded} memory(ies) embedded with {scope.ServiceProvider.GetRequiredService<MemoryEmbeddings>().Status}");
    return;
}

if (args.Contains("migrate") || args.Contains("seed"))
{
    await using var scope = app.Services.CreateAsyncScope();
    await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync();
    if (args.Contains("seed"))
        await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync();
    return;
}

StartupChecks.RequireTwilioAuthTokenOutsideDevelopment(app);

await using (var scope = app.Services.CreateAsyncScope())
    await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync();

app.UseExceptionHandler();
app.UseStatusCodePages();
// The webhook's sender is read from its (signed) form first, so the limiter can partition by it.
app.UseWebhookSenderPartition();
app.UseRateLimiter();
app.MapOpenApi();
app.MapScalarApiReference();
app.MapHealthChecks("/health", HealthEndpoint.Options);
app.MapControllers();
app.MapSimulator();
app.MapDashboard();
app.MapGet("/", () => Results.Redirect("/scalar")).ExcludeFromDescription();

await app.RunAsync();

/// <summary>Entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
