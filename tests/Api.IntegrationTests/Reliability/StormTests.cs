using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using MemoryAssistant.Api.IntegrationTests.Support;
using Microsoft.Data.Sqlite;

namespace MemoryAssistant.Api.IntegrationTests.Reliability;

/// <summary>
/// Small versions of <c>make bench</c>'s storms (tests/Benchmarks --pipeline), asserting exact counts only:
/// many concurrent deliveries of few MessageSids, and one photo from many users at once.
/// </summary>
public sealed class StormTests : IDisposable
{
    // Idempotency under a storm, not the per-sender limiter (RateLimitTests has its own).
    private readonly ApiFactory _app = new(new Dictionary<string, string?> { ["Jobs:PollInterval"] = "00:00:00.100", ["RateLimiting:Enabled"] = "false" });
    private readonly string _work = Directory.CreateTempSubdirectory("storm-tests-").FullName;

    public void Dispose()
    {
        _app.Dispose();
        Directory.Delete(_work, recursive: true);
    }

    [Fact]
    public async Task DuplicateStorm_200DeliveriesOf20Sids_20AtATime_OneInteractionAndMemoryPerSid_SameReplyEveryTime()
    {
        const int Sids = 20, Deliveries = 200, Concurrency = 20;
        var http = _app.CreateHttpClient();
        var clients = Enumerable.Range(0, 4).Select(i => new WhatsAppClient(http, $"+35191230000{i}", ApiFactory.AuthToken)).ToList();
        var messages = Enumerable.Range(0, Sids)
            .Select(i => (Client: clients[i % clients.Count], Form: clients[i % clients.Count].Form($"Storm note {i}: the spare key is in the blue box number {i}", WhatsAppClient.NewMessageSid())))
            .ToList();
        var order = Enumerable.Range(0, Deliveries).Select(i => i % Sids).ToArray();
        new Random(9).Shuffle(order);
        var queue = new ConcurrentQueue<int>(order);
        var replies = new ConcurrentDictionary<int, ConcurrentBag<string>>();
        var failures = new ConcurrentQueue<string>();

        await Task.WhenAll(Enumerable.Range(0, Concurrency).Select(_ => Task.Run(async () =>
        {
            while (queue.TryDequeue(out var index))
            {
                var (client, form) = messages[index];
                using var response = await client.PostAsync(form);
                var body = await response.Content.ReadAsStringAsync();
                if (response.StatusCode != HttpStatusCode.OK)
                    failures.Enqueue($"{(int)response.StatusCode}: {body}");
                else
                    replies.GetOrAdd(index, _ => []).Add(WhatsAppClient.ReplyText(body));
            }
        })));

        failures.Should().BeEmpty();
        replies.Should().HaveCount(Sids);
        replies.Values.Should().OnlyContain(r => r.Count == Deliveries / Sids);
        foreach (var (index, answers) in replies)
            answers.Distinct().Should().ContainSingle($"every delivery of sid #{index} gets the first delivery's reply")
                .Which.Should().Contain("Saved").And.Contain($"blue box number {index}");
        (await CountAsync("SELECT COUNT(*) FROM interactions")).Should().Be(Sids);
        (await CountAsync("SELECT COUNT(DISTINCT message_sid) FROM interactions")).Should().Be(Sids);
        (await CountAsync("SELECT COUNT(*) FROM memories")).Should().Be(Sids);
        (await CountAsync("SELECT COALESCE(SUM(duplicate_deliveries), 0) FROM interactions")).Should().Be(Deliveries - Sids);
    }

    [Fact]
    public async Task MediaStorm_SamePhotoFrom10UsersAtOnce_OneAssetOneFile_TenMemories()
    {
        const int Users = 10;
        var photo = await MediaFiles.PhotoAsync(_work, "STORM", gradient: "yellow-green");
        var http = _app.CreateHttpClient();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // Each message has its own media URL on the fake Twilio (as in real life); the bytes are the same.
        var sends = Enumerable.Range(0, Users).Select(i => Task.Run(async () =>
        {
            var client = new WhatsAppClient(http, $"+4477009001{i:D2}", ApiFactory.AuthToken);
            var form = client.Form(i % 2 == 0 ? "look at this" : "", WhatsAppClient.NewMessageSid("MM"));
            form["NumMedia"] = "1";
            form["MediaUrl0"] = FakeTwilioMedia.Shared.Publish(photo, "image/jpeg");
            form["MediaContentType0"] = "image/jpeg";
            await start.Task;
            using var response = await client.PostAsync(form);
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        })).ToList();
        start.SetResult();
        var results = await Task.WhenAll(sends);

        results.Should().OnlyContain(r => r.StatusCode == HttpStatusCode.OK);
        (await Eventually.TrueAsync(
            async () => await CountAsync("SELECT COUNT(*) FROM jobs") == Users
                        && await CountAsync("SELECT COUNT(*) FROM jobs WHERE status IN ('pending', 'running')") == 0,
            TimeSpan.FromSeconds(120))).Should().BeTrue("every media job finishes");
        (await CountAsync("SELECT COUNT(*) FROM jobs WHERE status <> 'succeeded'")).Should().Be(0);
        (await CountAsync("SELECT COUNT(*) FROM media_assets")).Should().Be(1);
        Directory.GetFiles(Path.Combine(_app.DataDirectory, "media"), "*", SearchOption.AllDirectories).Should().ContainSingle("the same bytes are stored once");
        (await CountAsync("SELECT COUNT(*) FROM memories")).Should().Be(Users);
        (await CountAsync("SELECT COUNT(DISTINCT user_id) FROM memories")).Should().Be(Users);
        (await CountAsync("SELECT COUNT(DISTINCT media_asset_id) FROM memories")).Should().Be(1);
        // Inbound only: a reply that missed the webhook's budget is sent later as an outbound interaction.
        (await CountAsync("SELECT COUNT(*) FROM interactions WHERE direction = 'inbound'")).Should().Be(Users);
    }

    private async Task<long> CountAsync(string sql)
    {
        var builder = new SqliteConnectionStringBuilder { DataSource = _app.DatabasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false, DefaultTimeout = 30 };
        await using var connection = new SqliteConnection(builder.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }
}
