using MemoryAssistant.Api.Security;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace MemoryAssistant.Api;

/// <summary>Declares the X-Api-Key scheme so the reference page can send it.</summary>
internal sealed class OpenApiApiKeyScheme : IOpenApiDocumentTransformer
{
    public const string SchemeName = "ApiKey";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = RequireApiKeyAttribute.HeaderName,
            Description = "Required when Api__Keys are configured; without keys the REST API answers local callers only.",
        };
        document.Info.Title = "MemoryAssistant API";
        document.Info.Description = "A WhatsApp memory assistant: the Twilio webhook and the REST API over memories, interactions and analytics.";
        return Task.CompletedTask;
    }
}
