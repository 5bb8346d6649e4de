using System.ClientModel;
using MemoryAssistant.Infrastructure.Audio;
using MemoryAssistant.Infrastructure.IntegrationTests.Support;

namespace MemoryAssistant.Infrastructure.IntegrationTests.Audio;

public sealed class WhisperTranscriberTests : IAsyncLifetime
{
    private const string ApiKey = "sk-test-whisper";

    private const string VerboseJson = """
        {
          "task": "transcribe",
          "language": "english",
          "duration": 3.2,
          "text": " Remember to buy milk, eggs and bread for dinner tonight. ",
          "segments": [
            {"id": 0, "seek": 0, "start": 0.0, "end": 1.6, "text": " Remember to buy milk, eggs", "tokens": [50364, 1], "temperature": 0.0, "avg_logprob": -0.2, "compression_ratio": 1.1, "no_speech_prob": 0.01},
            {"id": 1, "seek": 0, "start": 1.6, "end": 3.2, "text": " and bread for dinner tonight.", "tokens": [50444, 2], "temperature": 0.0, "avg_logprob": -0.4, "compression_ratio": 1.1, "no_speech_prob": 0.01}
          ]
        }
        """;

    private readonly string _directory = TestDatabase.CreateTempDirectory();
    private FakeWhisperServer _server = null!;
    private string _wavPath = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeWhisperServer.StartAsync();
        // Any bytes will do: the fake does not decode audio, it checks they arrive unchanged.
        _wavPath = Path.Combine(_directory, "note16k.wav");
        await File.WriteAllBytesAsync(_wavPath, [.. "RIFF"u8, .. Enumerable.Range(0, 5000).Select(i => (byte)(i % 256))]);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        TestDatabase.DeleteDirectory(_directory);
    }

    [Fact]
    public async Task TranscribeAsync_WhenServerAnswersVerboseJson_ThenSendsWhatTheApiExpectsAndMapsTheResult()
    {
        _server.ResponseJson = VerboseJson;
        var transcriber = new WhisperTranscriber(new WhisperOptions(ApiKey, BaseUrl: _server.BaseUrl));

        var transcript = await transcriber.TranscribeAsync(_wavPath, CancellationToken.None);

        var request = _server.Requests.Should().ContainSingle().Subject;
        request.Method.Should().Be("POST");
        request.Path.Should().Be("/v1/audio/transcriptions");
        request.Authorization.Should().Be($"Bearer {ApiKey}");
        request.ContentType.Should().StartWith("multipart/form-data");
        request.Fields.Should().Contain("model", "whisper-1").And.Contain("response_format", "verbose_json");
        var file = request.Files.Should().ContainSingle().Subject;
        file.FieldName.Should().Be("file");
        file.FileName.Should().Be("voice-note.wav");
        file.Bytes.Should().Equal(await File.ReadAllBytesAsync(_wavPath));

        transcript.Text.Should().Be("Remember to buy milk, eggs and bread for dinner tonight.");
        transcript.Engine.Should().Be("whisper-1");
        transcript.Language.Should().Be("en");
        transcript.Confidence.Should().BeApproximately(Math.Exp(-0.3), 1e-9);
        transcript.LowConfidence.Should().BeFalse();
    }

    [Fact]
    public async Task TranscribeAsync_WhenModelConfigured_ThenThatModelIsSentAndNamesTheEngine()
    {
        _server.ResponseJson = VerboseJson;
        var transcriber = new WhisperTranscriber(new WhisperOptions(ApiKey, "whisper-large-v3", _server.BaseUrl));

        var transcript = await transcriber.TranscribeAsync(_wavPath, CancellationToken.None);

        _server.Requests.Should().ContainSingle().Which.Fields.Should().Contain("model", "whisper-large-v3");
        transcript.Engine.Should().Be("whisper-large-v3");
    }

    [Fact]
    public async Task TranscribeAsync_WhenServerGivesNoLogProbabilities_ThenConfidenceUnknown()
    {
        _server.ResponseJson = """{"text":"hello","language":"en","duration":1.0,"segments":[{"id":0,"start":0.0,"end":1.0,"text":"hello"}]}""";
        var transcriber = new WhisperTranscriber(new WhisperOptions(ApiKey, BaseUrl: _server.BaseUrl));

        var transcript = await transcriber.TranscribeAsync(_wavPath, CancellationToken.None);

        transcript.Text.Should().Be("hello");
        transcript.Language.Should().Be("en");
        transcript.Confidence.Should().BeNull();
    }

    [Fact]
    public async Task TranscribeAsync_WhenServerFails_ThenErrorPropagatesAfterOneAttemptSoTheJobRetries()
    {
        _server.StatusCode = 500;
        _server.ResponseJson = """{"error":{"message":"boom","type":"server_error"}}""";
        var transcriber = new WhisperTranscriber(new WhisperOptions(ApiKey, BaseUrl: _server.BaseUrl));

        var transcribe = () => transcriber.TranscribeAsync(_wavPath, CancellationToken.None);

        (await transcribe.Should().ThrowAsync<ClientResultException>()).Which.Status.Should().Be(500);
        _server.Requests.Should().ContainSingle("the SDK's own retries are off: the durable job retries with backoff");
    }

    [Theory]
    [InlineData("english", "en")]
    [InlineData("Portuguese", "pt")]
    [InlineData("en", "en")]
    [InlineData("klingon", "klingon")]
    [InlineData("", null)]
    public void ToLanguageCode_WhenWhisperLanguageName_ThenIsoCode(string language, string? expected) =>
        WhisperTranscriber.ToLanguageCode(language).Should().Be(expected);
}
