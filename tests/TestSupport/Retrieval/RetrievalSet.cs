using System.Text.Json;
using NodaTime;
using NodaTime.Text;

namespace MemoryAssistant.TestSupport.Retrieval;

/// <summary>
/// The retrieval benchmark's dataset (<c>retrieval-set.json</c>, copied beside the assembly): users, their
/// memories with stable keys, and questions with the memories an honest reader expects back.
/// </summary>
public sealed record RetrievalSet(string Description, string Now, IReadOnlyList<RetrievalUser> Users, IReadOnlyList<RetrievalMemory> Memories, IReadOnlyList<RetrievalQuestion> Questions)
{
    public const string FileName = "retrieval-set.json";

    private static readonly JsonSerializerOptions _json = new(JsonSerializerDefaults.Web);

    /// <summary>The instant every question is asked at.</summary>
    public Instant NowInstant => InstantPattern.ExtendedIso.Parse(Now).Value;

    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, "Retrieval", FileName);

    public static RetrievalSet Load(string? path = null)
    {
        using var stream = File.OpenRead(path ?? DefaultPath);
        return JsonSerializer.Deserialize<RetrievalSet>(stream, _json)
            ?? throw new InvalidDataException($"{path ?? DefaultPath} holds no retrieval set.");
    }

    public RetrievalUser User(string id) =>
        Users.FirstOrDefault(u => u.Id == id) ?? throw new InvalidDataException($"Unknown user '{id}'.");
}

/// <param name="Id">The dataset's name for the user ("maya").</param>
/// <param name="Number">WhatsApp number in E.164.</param>
/// <param name="TimeZone">IANA zone: time phrases in this user's questions are read in it.</param>
public sealed record RetrievalUser(string Id, string Number, string Name, string TimeZone);

/// <param name="Kind">text, image, audio or location.</param>
/// <param name="OccurredAt">ISO-8601 with the offset in force in the user's zone at that moment.</param>
/// <param name="Content">The memory's text as the app stores it (for media: caption — description — OCR or transcript).</param>
public sealed record RetrievalMemory(string Key, string User, string Kind, string OccurredAt, string Content)
{
    public Instant OccurredAtInstant => OffsetDateTimePattern.ExtendedIso.Parse(OccurredAt).Value.ToInstant();
}

/// <param name="Expected">Keys of the memories that answer it, any order; empty when nothing should come back.</param>
/// <param name="Categories">keyword, paraphrase, time, zone, kind, asr, none (see the dataset's description).</param>
/// <param name="Note">Why the answer is what it is, where that is not obvious.</param>
public sealed record RetrievalQuestion(string Id, string User, string Text, IReadOnlyList<string> Expected, IReadOnlyList<string> Categories, string? Note = null)
{
    public bool MustReturnNothing => Expected.Count == 0;

    public bool Is(string category) => Categories.Contains(category, StringComparer.Ordinal);
}

/// <summary>The question categories used in the dataset.</summary>
public static class QuestionCategories
{
    public const string Keyword = "keyword";
    public const string Paraphrase = "paraphrase";
    public const string Time = "time";
    public const string Zone = "zone";
    public const string Kind = "kind";
    public const string Asr = "asr";
    public const string None = "none";

    public static IReadOnlyList<string> All { get; } = [Keyword, Paraphrase, Time, Zone, Kind, Asr, None];
}
