using NodaTime;

namespace MemoryAssistant.Domain.Memories;

/// <summary>
/// A memory the user asked to forget, still to be deleted from the remote layer (Mem0). Our row is gone at
/// once; this one stays until Mem0 confirms, so an outage delays the deletion but never skips it.
/// </summary>
public sealed class LayerDeletion
{
    private LayerDeletion() { Layer = ""; LayerMemoryId = ""; }

    public long Id { get; private set; }
    public string Layer { get; private set; }
    /// <summary>Empty for a whole-user deletion (see <see cref="UserExternalId"/>).</summary>
    public string LayerMemoryId { get; private set; }

    /// <summary>Set when everything of one user goes ("/erase"): the layer deletes by user id.</summary>
    public string? UserExternalId { get; private set; }
    public Instant CreatedAt { get; private set; }
    public int Attempts { get; private set; }
    public string? LastError { get; private set; }

    public static LayerDeletion Of(string layer, string layerMemoryId, Instant now) =>
        new() { Layer = layer, LayerMemoryId = layerMemoryId, CreatedAt = now };

    public static LayerDeletion OfUser(string layer, string userExternalId, Instant now) =>
        new() { Layer = layer, LayerMemoryId = "", UserExternalId = userExternalId, CreatedAt = now };

    public void Failed(string error)
    {
        Attempts++;
        LastError = error.Length > Memory.MaxSyncErrorLength ? error[..Memory.MaxSyncErrorLength] : error;
    }
}
