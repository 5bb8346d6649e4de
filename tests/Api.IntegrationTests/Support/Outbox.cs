namespace MemoryAssistant.Api.IntegrationTests.Support;

/// <summary>Waits on what the assistant sends on its own (reminders, digests, share messages), with bounded waits.</summary>
public static class Outbox
{
    /// <summary>
    /// The app with no Twilio account, so messages go to the local outbox (the Twilio path has its own tests);
    /// with <paramref name="dataDirectory"/>, a restart on an earlier app's data.
    /// </summary>
    public static ApiFactory StartWithLocalOutbox(string? dataDirectory = null)
    {
        var settings = new Dictionary<string, string?> { ["Twilio:AccountSid"] = null };
        if (dataDirectory is not null)
            settings["Storage:DataDirectory"] = dataDirectory;
        return new ApiFactory(settings);
    }

    /// <summary>
    /// Waits until at least <paramref name="expected"/> outbound rows were sent, then one more second to catch a
    /// double send, and returns every outbound row. On a timeout the assertion lists jobs and outbound rows.
    /// </summary>
    public static async Task<IReadOnlyList<SentMessage>> SettledSentAsync(this ApiFactory app, int expected)
    {
        var sent = await Eventually.TrueAsync(async () => (await app.SentAsync()).Count(m => m.Status == "sent") >= expected);
        sent.Should().BeTrue($"{expected} message(s) should be sent ({await app.DiagnosticsAsync()})");
        await Task.Delay(TimeSpan.FromSeconds(1));
        return await app.SentAsync();
    }

    /// <summary>Jobs and outbound rows in one line, for assertion messages.</summary>
    public static async Task<string> DiagnosticsAsync(this ApiFactory app)
    {
        var rows = await app.QueryAsync<string>(
            """
            SELECT 'job ' || kind || ' ' || coalesce(subject_id, '') || ' ' || status || ' ' || attempts || ' ' || run_after || ' ' || coalesce(last_error, '') FROM jobs
            UNION ALL SELECT 'outbound ' || purpose || ' ' || dedupe_key || ' ' || status || ' ' || coalesce(error, '') FROM outbound_messages
            """);
        return "rows: " + string.Join(" | ", rows);
    }

    public static async Task<long> UserIdAsync(this ApiFactory app, string number) =>
        (await app.QueryAsync<long>("SELECT id FROM users WHERE whatsapp_number = @number", new { number })).Single();
}
