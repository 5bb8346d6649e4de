using System.Globalization;
using System.Text.RegularExpressions;
using MemoryAssistant.Application.Common.Time;
using MemoryAssistant.Domain.Memories;
using NodaTime;

namespace MemoryAssistant.Application.Conversations;

/// <summary>
/// The argument of <c>/list</c>: an optional count, kind and period in any order, e.g.
/// "/list 5", "/list photos", "/list notes last week", "/list 3 voice notes yesterday".
/// </summary>
public sealed partial record ListRequest(int Count, MemoryKind? Kind, TimePhrase? Period, string? Tag = null)
{
    public const int DefaultCount = 10;
    public const int MaxCount = 30;

    private static readonly Dictionary<string, MemoryKind> s_kindWords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["note"] = MemoryKind.Text, ["notes"] = MemoryKind.Text, ["text"] = MemoryKind.Text, ["texts"] = MemoryKind.Text,
        ["photo"] = MemoryKind.Image, ["photos"] = MemoryKind.Image, ["picture"] = MemoryKind.Image, ["pictures"] = MemoryKind.Image,
        ["image"] = MemoryKind.Image, ["images"] = MemoryKind.Image,
        ["voice"] = MemoryKind.Audio, ["audio"] = MemoryKind.Audio, ["recording"] = MemoryKind.Audio, ["recordings"] = MemoryKind.Audio,
        ["place"] = MemoryKind.Location, ["places"] = MemoryKind.Location, ["location"] = MemoryKind.Location, ["locations"] = MemoryKind.Location,
    };

    private static readonly HashSet<string> s_fillers = new(StringComparer.OrdinalIgnoreCase) { "my", "all", "the", "of", "from", "newest", "latest", "last" };

    public static bool TryParse(string? argument, Instant now, DateTimeZone zone, out ListRequest request)
    {
        request = new ListRequest(DefaultCount, null, null);
        if (string.IsNullOrWhiteSpace(argument))
            return true;

        var period = TimePhraseParser.Parse(argument, now, zone);
        // "voice notes" is one kind, not "voice" and "notes".
        var rest = VoiceNotes().Replace(period?.RemainingText ?? argument, "voice");
        int? count = null;
        MemoryKind? kind = null;
        string? tag = null;
        foreach (var word in rest.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (int.TryParse(word, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && count is null && n >= 1)
                count = Math.Min(n, MaxCount);
            else if (s_kindWords.TryGetValue(word.TrimEnd(',', '.'), out var k) && (kind is null || kind == k))
                kind = k;
            else if (word.StartsWith('#') && tag is null && MemoryTag.Normalise(word.TrimEnd(',', '.')) is { Length: > 0 } t)
                tag = t;
            else if (!s_fillers.Contains(word))
                return false;
        }

        request = new ListRequest(count ?? DefaultCount, kind, period, tag);
        return true;
    }

    [GeneratedRegex(@"\bvoice[\s-]*notes?\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex VoiceNotes();
}
