using NodaTime;

namespace MemoryAssistant.Domain.Conversations;

/// <summary>
/// What the assistant remembers about the conversation with one user, so follow-ups make sense: the last
/// results it numbered ("more", "the second one", "forget 3"), the last question and its period ("what about
/// the week before?"), the memory just saved ("undo"), and a deletion waiting for a yes. Stored in the DB so a
/// restart does not lose the thread.
/// </summary>
public sealed class ConversationState
{
    /// <summary>Results kept for "more" and "the second one".</summary>
    public const int MaxResults = 30;

    /// <summary>How long a "forget" waits for its yes, and "undo" reaches back.</summary>
    public static readonly Duration ConfirmationWindow = Duration.FromMinutes(10);
    public static readonly Duration UndoWindow = Duration.FromHours(1);

    private ConversationState() { ResultIds = ""; }

    public long UserId { get; private set; }

    /// <summary>The question behind the last results (null for a list).</summary>
    public string? LastQuestion { get; private set; }

    /// <summary>The period the last question was read as, when it had one.</summary>
    public Instant? LastFrom { get; private set; }

    public Instant? LastTo { get; private set; }

    /// <summary>Ids of the last results, in the order shown, comma-separated.</summary>
    public string ResultIds { get; private set; }

    /// <summary>How many of <see cref="ResultIds"/> have been shown.</summary>
    public int Shown { get; private set; }

    public long? LastSavedMemoryId { get; private set; }
    public Instant? LastSavedAt { get; private set; }
    public long? PendingForgetMemoryId { get; private set; }
    public Instant? PendingForgetAt { get; private set; }
    public Instant UpdatedAt { get; private set; }

    /// <summary>When "/erase" asked for its typed confirmation.</summary>
    public Instant? PendingEraseAt { get; private set; }

    public static ConversationState Start(long userId, Instant now) => new() { UserId = userId, UpdatedAt = now };

    public IReadOnlyList<long> Results =>
        ResultIds.Length == 0 ? [] : ResultIds.Split(',').Select(long.Parse).ToList();

    /// <summary>New numbered results: a recall (with its question and period) or a list.</summary>
    public void ShowResults(IEnumerable<long> ids, int shown, string? question, Instant? from, Instant? to, Instant now)
    {
        var kept = ids.Distinct().Take(MaxResults).ToList();
        ResultIds = string.Join(',', kept);
        Shown = Math.Clamp(shown, 0, kept.Count);
        LastQuestion = question;
        LastFrom = from;
        LastTo = to;
        UpdatedAt = now;
    }

    /// <summary>The next page of the last results (empty when all were shown), and their first number.</summary>
    public (IReadOnlyList<long> Ids, int FirstNumber) NextPage(int pageSize, Instant now)
    {
        var all = Results;
        var page = all.Skip(Shown).Take(pageSize).ToList();
        var first = Shown + 1;
        Shown += page.Count;
        UpdatedAt = now;
        return (page, first);
    }

    /// <summary>Item <paramref name="number"/> (1-based) of the last results, if it exists.</summary>
    public long? Item(int number)
    {
        var all = Results;
        return number >= 1 && number <= all.Count ? all[number - 1] : null;
    }

    public void Saved(long memoryId, Instant now)
    {
        LastSavedMemoryId = memoryId;
        LastSavedAt = now;
        UpdatedAt = now;
    }

    /// <summary>The memory "undo" removes: the last one saved, within the window; taken once.</summary>
    public long? TakeUndo(Instant now)
    {
        var id = LastSavedAt is { } at && now - at <= UndoWindow ? LastSavedMemoryId : null;
        LastSavedMemoryId = null;
        LastSavedAt = null;
        UpdatedAt = now;
        return id;
    }

    public void AskToForget(long memoryId, Instant now)
    {
        PendingForgetMemoryId = memoryId;
        PendingForgetAt = now;
        UpdatedAt = now;
    }

    public bool AwaitsConfirmation(Instant now) =>
        PendingForgetMemoryId is not null && PendingForgetAt is { } at && now - at <= ConfirmationWindow;

    /// <summary>The memory a "yes" deletes, if one is waiting; taken once, whatever the answer.</summary>
    public long? TakePendingForget(Instant now)
    {
        var id = AwaitsConfirmation(now) ? PendingForgetMemoryId : null;
        PendingForgetMemoryId = null;
        PendingForgetAt = null;
        UpdatedAt = now;
        return id;
    }

    public void AskToErase(Instant now)
    {
        PendingEraseAt = now;
        UpdatedAt = now;
    }

    /// <summary>True when "/erase" was asked within the confirmation window; taken once, whatever the answer.</summary>
    public bool TakePendingErase(Instant now)
    {
        var waiting = PendingEraseAt is { } at && now - at <= ConfirmationWindow;
        PendingEraseAt = null;
        UpdatedAt = now;
        return waiting;
    }

    /// <summary>A memory is gone: it leaves the numbered results (numbers of later ones move up).</summary>
    public void Forgot(long memoryId, Instant now)
    {
        var all = Results.ToList();
        var index = all.IndexOf(memoryId);
        if (index >= 0)
        {
            all.RemoveAt(index);
            if (index < Shown)
                Shown--;
            ResultIds = string.Join(',', all);
        }

        if (LastSavedMemoryId == memoryId)
        {
            LastSavedMemoryId = null;
            LastSavedAt = null;
        }

        UpdatedAt = now;
    }
}
