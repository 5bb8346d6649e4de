using System.Net;
using MemoryAssistant.Api.IntegrationTests.Support;
using MemoryAssistant.Api.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MemoryAssistant.Api.IntegrationTests;

/// <summary>REST access: X-Api-Key when keys are configured, loopback only when none are; the webhook and health stay open.</summary>
public sealed class ApiAccessTests : IDisposable
{
    private static readonly string[] s_restEndpoints = ["/memories/list", "/interactions/recent", "/analytics/summary", "/memories?query=dinner"];

    private readonly ApiFactory _app = new(new Dictionary<string, string?> { ["Api:Keys:0"] = "k-one", ["Api:Keys:1"] = "k-two" });

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task WithKeysConfigured_NoHeader_Returns401ProblemDetails()
    {
        var http = _app.CreateHttpClient();

        foreach (var endpoint in s_restEndpoints)
        {
            using var response = await http.GetAsync(endpoint);
            var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
            problem.Str("detail").Should().Contain("X-Api-Key");
        }
    }

    [Fact]
    public async Task WithKeysConfigured_WrongKey_Returns401()
    {
        var http = _app.CreateHttpClient();

        foreach (var key in new[] { "k-three", "K-ONE", "k-on", "k-onek-two" })
        {
            foreach (var endpoint in s_restEndpoints)
            {
                using var response = await SendWithKeyAsync(http, endpoint, key);
                await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
            }
        }
    }

    [Fact]
    public async Task WithKeysConfigured_EitherKey_Returns200()
    {
        var http = await SeededAsync(_app);

        foreach (var key in new[] { "k-one", "k-two" })
        {
            foreach (var endpoint in s_restEndpoints)
            {
                using var response = await SendWithKeyAsync(http, endpoint, key);
                response.StatusCode.Should().Be(HttpStatusCode.OK, "{0} with key {1}", endpoint, key);
            }
        }
    }

    [Fact]
    public async Task WithKeysConfigured_PostMemoriesNeedsAKeyToo()
    {
        var http = _app.CreateHttpClient();

        using var without = await http.PostMemoryAsync(new { user = "+351912345678", text = "Locker 42 at the gym" });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/memories")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { user = "+351912345678", text = "Locker 42 at the gym" }),
        };
        request.Headers.Add(RequireApiKeyAttribute.HeaderName, "k-two");
        using var with = await http.SendAsync(request);

        await without.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        with.StatusCode.Should().Be(HttpStatusCode.Created);
    }

    [Fact]
    public async Task WithKeysConfigured_WebhookAndHealth_NeedNoKey()
    {
        var whatsapp = _app.CreateWhatsAppClient("+351912345678");

        var reply = await whatsapp.SendAsync("Locker 42 at the gym");
        using var health = await whatsapp.Http.GetAsync("/health");

        reply.Should().StartWith("✅ Saved");
        health.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task WithoutKeys_LoopbackCallers_Get200()
    {
        using var open = new ApiFactory();
        var http = await SeededAsync(open);

        foreach (var endpoint in s_restEndpoints)
        {
            using var response = await http.GetAsync(endpoint);
            response.StatusCode.Should().Be(HttpStatusCode.OK, endpoint);
        }
    }

    [Theory]
    [InlineData("X-Forwarded-For", "198.51.100.23")]
    [InlineData("Forwarded", "for=198.51.100.23;proto=https")]
    public async Task WithoutKeys_ARequestRelayedByALocalTunnel_GetsA403(string header, string value)
    {
        using var open = new ApiFactory();
        var http = open.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/memories/list");
        request.Headers.TryAddWithoutValidation(header, value);

        using var response = await http.SendAsync(request);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        problem.Str("detail").Should().Contain("Api__Keys");
    }

    [Fact]
    public void WithoutKeys_ARemoteCaller_GetsA403()
    {
        var context = AuthorizationContext("203.0.113.7");

        NewFilter().OnAuthorization(context);

        var result = context.Result.Should().BeOfType<ObjectResult>().Subject;
        result.StatusCode.Should().Be(StatusCodes.Status403Forbidden);
        result.Value.Should().BeOfType<ProblemDetails>().Which.Status.Should().Be(StatusCodes.Status403Forbidden);
    }

    [Theory]
    [InlineData("::1")]
    [InlineData("127.0.0.1")]
    public void WithoutKeys_ALoopbackCaller_IsLetThrough(string address)
    {
        var context = AuthorizationContext(address);

        NewFilter().OnAuthorization(context);

        context.Result.Should().BeNull();
    }

    /// <summary>One tagged note, so every endpoint has something to show (the webhook needs no API key).</summary>
    private static async Task<HttpClient> SeededAsync(ApiFactory app)
    {
        var whatsapp = app.CreateWhatsAppClient("+351912345678");
        (await whatsapp.SendAsync("Dinner at Taberna da Rua das Flores on Friday #food")).Should().StartWith("✅ Saved");
        return whatsapp.Http;
    }

    private static IAuthorizationFilter NewFilter()
    {
        using var services = new ServiceCollection().AddSingleton(Options.Create(new RestApiKeyOptions())).BuildServiceProvider();
        return new RequireApiKeyAttribute().CreateInstance(services).Should().BeAssignableTo<IAuthorizationFilter>().Subject;
    }

    private static AuthorizationFilterContext AuthorizationContext(string remoteAddress)
    {
        // MVC's services, for the ProblemDetailsFactory that shapes the 403.
        var http = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().AddMvcCore().Services.BuildServiceProvider() };
        http.Connection.RemoteIpAddress = IPAddress.Parse(remoteAddress);
        return new AuthorizationFilterContext(new ActionContext(http, new RouteData(), new ActionDescriptor()), []);
    }

    private static Task<HttpResponseMessage> SendWithKeyAsync(HttpClient http, string endpoint, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, endpoint);
        request.Headers.TryAddWithoutValidation(RequireApiKeyAttribute.HeaderName, key);
        return http.SendAsync(request);
    }
}
