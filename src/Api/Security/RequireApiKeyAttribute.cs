using MemoryAssistant.Api.Errors;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Options;

namespace MemoryAssistant.Api.Security;

/// <summary>REST access for controllers, by the rule in <see cref="ApiAccess"/>.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class RequireApiKeyAttribute : Attribute, IFilterFactory
{
    public const string HeaderName = ApiAccess.HeaderName;

    public bool IsReusable => true;

    public IFilterMetadata CreateInstance(IServiceProvider serviceProvider) =>
        new ApiKeyFilter(serviceProvider.GetRequiredService<IOptions<RestApiKeyOptions>>().Value);

    private sealed class ApiKeyFilter(RestApiKeyOptions options) : IAuthorizationFilter
    {
        private readonly byte[][] _keyHashes = ApiAccess.KeyHashes(options);

        public void OnAuthorization(AuthorizationFilterContext context)
        {
            if (ApiAccess.Check(context.HttpContext, _keyHashes, "the REST API") is { } denial)
                context.Result = Problems.Result(context.HttpContext, denial.Status, denial.Title, denial.Detail);
        }
    }
}
