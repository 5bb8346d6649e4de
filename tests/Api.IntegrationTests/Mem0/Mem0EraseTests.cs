using System.Net;
using MemoryAssistant.Api.IntegrationTests.Support;
using MemoryAssistant.Api.IntegrationTests.Users;

namespace MemoryAssistant.Api.IntegrationTests.Mem0;

/// <summary>
/// Erasing a user with Mem0 as the memory layer: our rows go at once, and the sync worker deletes every memory
/// Mem0 holds for the user's opaque id, retrying through an outage, while other users' memories stay.
/// </summary>
[Collection(Mem0Tests.Name)]
public sealed class Mem0EraseTests : IAsyncLifetime
{
    private const string Ana = "+351912345678";
    private const string Ben = "+447700900123";
    private Mem0App _env = null!;

    public async Task InitializeAsync() => _env = await Mem0App.StartAsync();

    public async Task DisposeAsync() => await _env.DisposeAsync();

    [Fact]
    public async Task Erase_WhileMem0IsDown_DeletesTheUsersMem0MemoriesOnceItRecovers_AndKeepsOthers()
    {
        var ana = _env.App.CreateWhatsAppClient(Ana);
        var ben = _env.App.CreateWhatsAppClient(Ben);
        (await ana.SendAsync("Gym locker code is 4512")).Should().Contain("Saved");
        (await ana.SendAsync("Dinner plan: ramen with Joao on Saturday")).Should().Contain("Saved");
        (await ben.SendAsync("Dentist appointment moved to Thursday 3pm")).Should().Contain("Saved");
        (await _env.AllSyncedAsync(3)).Should().BeTrue();
        var anaExternalId = _env.ExternalIdOf(Ana);
        var benExternalId = _env.ExternalIdOf(Ben);
        _env.Mem0.Memories(anaExternalId).Should().NotBeEmpty();
        _env.Mem0.InjectFault(new Mem0Fault.Status(503), pathPrefix: "/v1/memories/");

        using var response = await ana.Http.DeleteAsync($"/users/{_env.App.UserIdOf(Ana)}");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        _env.App.CountRows("memories").Should().Be(1, "our rows go at once, whatever Mem0's state");
        (await Eventually.TrueAsync(() => _env.App.Scalar<long>("SELECT coalesce(max(attempts), 0) FROM layer_deletions") > 0))
            .Should().BeTrue("the sync worker tries, and records the outage");
        _env.App.Column("SELECT user_external_id FROM layer_deletions").Should().Equal(anaExternalId);
        _env.Mem0.Memories(anaExternalId).Should().NotBeEmpty("Mem0 is down, so nothing was deleted there yet");

        _env.Mem0.ClearFaults();

        (await Eventually.TrueAsync(() => _env.Mem0.Memories(anaExternalId).Count == 0 && _env.App.CountRows("layer_deletions") == 0))
            .Should().BeTrue("the deletion is retried until Mem0 answers");
        _env.Mem0.Requests.Should().Contain(r => r.Method == "DELETE" && r.PathAndQuery == $"/v1/memories/?user_id={anaExternalId}" && r.StatusCode == 200);
        _env.Mem0.Memories(benExternalId).Should().NotBeEmpty("only the erased user's memories are deleted");
        (await ben.Http.SearchAsync(Ben, "dentist")).HitContents().Should().ContainSingle().Which.Should().Contain("Dentist");
    }
}
