using System.Net;
using System.Net.Http.Headers;
using MemoryAssistant.Api.IntegrationTests.Support;

namespace MemoryAssistant.Api.IntegrationTests.Media;

/// <summary>POST /memories as multipart: files go through the same pipeline as WhatsApp media.</summary>
public sealed class UploadMemoryTests : IDisposable
{
    private const string User = "+351912345678";
    private readonly ApiFactory _app = new();
    private readonly string _work = Directory.CreateTempSubdirectory("upload-tests-").FullName;

    public void Dispose()
    {
        _app.Dispose();
        Directory.Delete(_work, recursive: true);
    }

    private static MultipartFormDataContent Form(string? text, params (byte[] Bytes, string Name, string Type)[] files)
    {
        var form = new MultipartFormDataContent { { new StringContent(User), "user" } };
        if (text is not null)
            form.Add(new StringContent(text), "text");
        foreach (var (bytes, name, type) in files)
        {
            var content = new ByteArrayContent(bytes);
            content.Headers.ContentType = new MediaTypeHeaderValue(type);
            form.Add(content, "files", name);
        }

        return form;
    }

    [Fact]
    public async Task PhotoUpload_IsStoredUnderstoodAndRemembered_AndARetryWithTheSameKeyCreatesNothing()
    {
        var http = _app.CreateHttpClient();
        var photo = await MediaFiles.PhotoAsync(_work, "PASSPORT 2031");

        using var request = new HttpRequestMessage(HttpMethod.Post, "/memories") { Content = Form("passport photo page", (photo, "passport.jpg", "image/jpeg")) };
        request.Headers.Add("Idempotency-Key", "upload-1");
        using var response = await http.SendAsync(request);
        using var retry = new HttpRequestMessage(HttpMethod.Post, "/memories") { Content = Form("passport photo page", (photo, "passport.jpg", "image/jpeg")) };
        retry.Headers.Add("Idempotency-Key", "upload-1");
        using var replayed = await http.SendAsync(retry);

        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var memory = (await response.JsonAsync()).GetProperty("memories").EnumerateArray().Should().ContainSingle().Subject;
        memory.Str("kind").Should().Be("image");
        memory.Str("content").Should().Contain("passport photo page").And.Contain("2031");
        memory.GetProperty("source").Str("channel").Should().Be("api");
        replayed.Headers.GetValues("Idempotent-Replayed").Should().Equal("true");
        _app.CountRows("memories").Should().Be(1);
        _app.CountRows("media_assets").Should().Be(1);
    }

    [Fact]
    public async Task UploadThatIsNotMedia_Returns400_AndWritesNothing()
    {
        var http = _app.CreateHttpClient();

        using var response = await http.PostAsync("/memories", Form(null, ("<html>hi</html>"u8.ToArray(), "photo.jpg", "image/jpeg")));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.ErrorsFor("files[0]").Should().ContainSingle().Which.Should().Contain("photo.jpg");
        _app.CountRows("interactions").Should().Be(0);
        _app.CountRows("media_assets").Should().Be(0);
    }
}
