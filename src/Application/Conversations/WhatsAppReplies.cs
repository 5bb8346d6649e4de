using System.Text;
using MemoryAssistant.Application.Common.Time;
using MemoryAssistant.Application.Memories.Recall;
using MemoryAssistant.Domain.Memories;
using NodaTime;

namespace MemoryAssistant.Application.Conversations;

/// <summary>
/// Every text the assistant sends on WhatsApp: short, WhatsApp-formatted (*bold*, numbered lines), never
/// longer than one message (1600 characters), and never a stack trace.
/// </summary>
public static class WhatsAppReplies
{
    public const int MaxLength = 1600;
    private const int QuoteLength = 120;

    public const string SomethingWentWrong =
        "Sorry, something went wrong on my side and I couldn't handle that message. It's been logged — please try again in a moment.";

    public const string NothingToRemember =
        "Send me a note, a photo or a voice note to remember, or ask me a question. Type /help to see what I can do.";

    public const string ListUsage =
        "Use /list to see your newest memories. You can add a count (up to 30), a kind, a #tag and a period, e.g. /list 5, /list photos, /list #food, /list notes last week.";

    public static readonly string Help = string.Join('\n',
        "*MemoryAssistant* — I remember what you send me and find it again when you ask.",
        "",
        "• *Save a note*: just write it, e.g. _Dinner plan: pasta carbonara, get pancetta_",
        "• *Ask*: _What did I plan for dinner?_ or _What did I save last week?_",
        "• *Photos and voice notes*: send them, with a caption if you like; ask _show me my haircut photo_",
        "• *more* — the next results of the last answer",
        "• *the second one* — that result in full (with its photo)",
        "• *what about last month?* — the last question, another period",
        "• *undo* — forget the note you just saved",
        "• *forget 3* — forget result 3 (I ask you to confirm)",
        "• */list* — your newest memories (e.g. /list 5, /list photos, /list #food, /list notes last week)",
        "• *Reminders*: _remind me tomorrow at 9 to call mom_, _every Monday at 8 remind me to water the plants_; */reminders* lists them, */reminders cancel 2* stops one",
        "• *Places*: share a location, then _this is the office_; ask _what did I save near the office?_ or _photos from Lisbon_",
        "• *Mood*: _how have I been feeling this week?_",
        "• *Share*: _share 2 with +44 7700 900123_ (they reply *accept* or *decline*)",
        "• */digest on 8:00* — a morning digest (on this day, today's reminders, yesterday) and a weekly summary; */digest off* stops it",
        "• */export* — a link to download everything (ZIP); */erase* — delete everything (asks you to confirm)",
        "• */tz Area/City* — set your time zone (e.g. /tz Europe/Lisbon)",
        "• */help* — this message",
        "",
        "Tip: add #tags to notes (e.g. #groceries) to group them.");

    public static string Saved(Memory memory)
    {
        // Tags the note already spells out as #hashtags are not repeated.
        var extra = memory.Tags.Select(t => "#" + t.Tag).Where(t => !memory.Content.Contains(t, StringComparison.OrdinalIgnoreCase)).ToList();
        var tags = extra.Count > 0 ? " " + string.Join(' ', extra) : "";
        return Fit($"✅ Saved: “{Quote(memory.Content)}”{tags}");
    }

    /// <summary>The result of media work: what each attachment became, and how many could not be kept.</summary>
    public static string MediaSaved(IReadOnlyList<(Memory Memory, Domain.Media.MediaAsset Asset)> saved, int refused)
    {
        var problem = refused == 0
            ? ""
            : $"⚠️ I couldn't keep {(refused == 1 ? "one attachment" : $"{refused} attachments")}: too large, not a photo, voice note or document I can read, or unreachable.";
        if (saved.Count == 0)
            return problem.Length > 0 ? problem : NothingToRemember;

        string Line((Memory Memory, Domain.Media.MediaAsset Asset) item)
        {
            var what = item.Memory.Kind switch
            {
                MemoryKind.Image => "photo",
                MemoryKind.Audio => "voice note",
                _ => "file",
            };
            var again = item.Asset.NearDuplicateOfId is not null ? " (it looks like a photo you sent before)" : "";
            return $"{Emoji(item.Memory.Kind)} Saved your {what}{again}: “{Quote(item.Memory.Content)}”";
        }

        var lines = saved.Count == 1
            ? Line(saved[0])
            : $"✅ Saved {saved.Count} attachments:\n" + string.Join('\n', saved.Select((item, i) => $"{i + 1}. {Line(item)}"));
        return Fit(problem.Length > 0 ? lines + "\n" + problem : lines);
    }

    /// <summary>The webhook's answer when media work outlasts its reply budget: the result follows as a message.</summary>
    public const string MediaAcknowledged = "⏳ Got it — I'm reading your attachment now and will message you what I saved in a moment.";

    public static string TooLong(int max) =>
        $"That message is too long to keep as one note (the limit is {max} characters). Please split it into shorter notes.";

    public static string RecallAnswer(MemoryRecall.Result recall, DateTimeZone zone, Instant now)
    {
        var period = (recall.Place is { } area ? $" {area.Label}" : "") + (recall.TimePhrase is { } p ? $" {p.Description}" : "");
        if (recall.Hits.Count == 0)
        {
            var about = recall.Terms.Count > 0 ? $" about “{string.Join(' ', recall.Terms)}”" : "";
            var wider = recall.TimePhrase is not null
                ? " Try a wider period (e.g. _last month_) or fewer words."
                : " Try other words, or /list to see your newest memories.";
            return Fit($"🔍 I couldn't find anything{about}{period}.{wider}");
        }

        // Scores are absolute with word vectors or Mem0 (relative to the best hit with keywords alone, so the best is 1):
        // a weak best match is offered as the closest thing, not as an answer.
        var header = recall.Terms.Count == 0 ? $"🗂️ *Your memories*{period}:"
            : recall.Hits[0].Score < WeakMatch ? $"🔍 Nothing clearly about “{Quote(string.Join(' ', recall.Terms))}”{period}. The closest I have:"
            : $"🔍 *Here's what I found*{period}:";
        var lines = recall.Hits.Select((h, i) =>
            $"{i + 1}. {LocalTimes.Friendly(h.OccurredAt, zone, now)} — {Emoji(h.Memory.Kind)} {Quote(h.Memory.Content)}{Provenance(h.Memory)}");
        return Fit(header + "\n" + string.Join('\n', lines));
    }

    public static string List(IReadOnlyList<Memory> newest, int total, ListRequest request, DateTimeZone zone, Instant now)
    {
        var what = request.Kind switch
        {
            MemoryKind.Image => "photo",
            MemoryKind.Audio => "voice note",
            MemoryKind.Location => "place",
            MemoryKind.Text => "note",
            _ => "memor",
        };
        string Plural(int n) => what == "memor" ? (n == 1 ? "memory" : "memories") : (n == 1 ? what : what + "s");
        var period = (request.Tag is { } tag ? $" tagged #{tag}" : "") + (request.Period is { } p ? $" {p.Description}" : "");
        if (newest.Count == 0)
        {
            return request.Kind is null && request.Period is null && request.Tag is null
                ? "You have no memories yet. Send me a note, e.g. _Dentist on Friday at 3pm_."
                : $"You have no {Plural(2)}{period}.";
        }

        var header = total > newest.Count
            ? $"🗂️ *Your newest {newest.Count} of {total} {Plural(total)}{period}:*"
            : $"🗂️ *Your {total} {Plural(total)}{period}:*";
        var lines = newest.Select((m, i) => $"{i + 1}. {LocalTimes.Friendly(m.OccurredAt, zone, now)} — {Emoji(m.Kind)} {Quote(m.Content)}");
        return Fit(header + "\n" + string.Join('\n', lines));
    }

    /// <summary>Below this best score an answer is phrased as "the closest I have".</summary>
    public const double WeakMatch = 0.25;

    public const string Greeting =
        "👋 Hi! Send me anything you want to remember (a note, a photo, a voice note) and ask me about it later. Type /help for examples.";

    public const string Thanks = "🙂 Anytime.";

    public const string Welcome =
        "👋 *Welcome!* I'm your memory assistant. Send me notes, photos and voice notes; days later, just ask.\n"
        + "• _Dinner plan: pasta carbonara tonight, get pancetta_\n• _what did I plan for dinner last week?_\n• _/list photos_";

    /// <summary>A new user's first reply: what they asked for, then how to use the assistant (a greeting gets the welcome alone).</summary>
    public static string WithWelcome(string reply) =>
        reply == Greeting ? Welcome : Fit(reply + "\n\n" + Welcome);

    public const string NoResultsYet = "Ask me something first (e.g. _what did I plan for dinner?_), then reply *more* or a number.";

    public const string NothingMore = "That's everything I found. Ask something else, or /list to see your newest memories.";

    public const string NothingToUndo = "There's nothing to undo: I haven't saved anything for you in the last hour.";

    public const string NothingToConfirm = "There's nothing waiting for a yes.";

    public const string Kept = "👍 Kept it.";

    public const string NoQuestionToShift = "Ask me something first; then I can look at another period (e.g. _what about last month?_).";

    public static string NoSuchItem(int item, int count) =>
        count == 0 ? NoResultsYet : $"There's no item {item}: the last answer had {count}.";

    public static string NoPhotoInResults => "None of the last results is a photo.";

    /// <summary>One remembered item in full, as a follow-up shows it ("the second one").</summary>
    public static string Item(int number, Instant occurredAt, string kind, string content, DateTimeZone zone, Instant now) =>
        Fit($"*{number}.* {LocalTimes.Friendly(occurredAt, zone, now)} — {Emoji(kind)}\n{content}");

    /// <summary>More of the last results, numbered where the last page stopped.</summary>
    public static string Page(IEnumerable<(Instant OccurredAt, string Kind, string Content)> items, int firstNumber, int remaining, DateTimeZone zone, Instant now)
    {
        var lines = items.Select((m, i) => $"{firstNumber + i}. {LocalTimes.Friendly(m.OccurredAt, zone, now)} — {Emoji(m.Kind)} {Quote(m.Content)}");
        return Fit(string.Join('\n', lines) + MoreHint(remaining));
    }

    public static string ConfirmForget(int item, string content) =>
        Fit($"🗑️ Forget item {item}, “{Quote(content)}”? Reply *yes* to delete it for good, or *no* to keep it.");

    public static string Forgotten(string content) =>
        Fit($"🗑️ Forgotten: “{Quote(content)}”. It's gone from your memories and from search.");

    public static string Undone(string content) =>
        Fit($"↩️ Undone: “{Quote(content)}” is forgotten.");

    /// <summary>A chat model's grounded answer, then the memories it drew on, as listed without it.</summary>
    public static string Composed(string answer, string listed) => Fit($"💬 {answer.Trim()}\n\n{listed}");

    /// <summary>Appended to an answer that has more results than it shows.</summary>
    public static string MoreHint(int remaining) =>
        remaining <= 0 ? "" : $"\n_Reply *more* for {remaining} more._";

    public static string CurrentTimeZone(DateTimeZone zone, Instant now) =>
        $"🕒 Your time zone is *{zone.Id}* (it's {LocalTimes.Friendly(now, zone, now)} there). Change it with /tz Area/City, e.g. /tz Europe/Lisbon.";

    public static string TimeZoneChanged(DateTimeZone zone, Instant now) =>
        $"🕒 Time zone set to *{zone.Id}* — it's {LocalTimes.Friendly(now, zone, now)} there. Times like “yesterday” now follow it.";

    public static string UnknownTimeZone(string? given) =>
        Fit($"I don't know the time zone “{Quote(given ?? "")}”. Use an IANA name like /tz Europe/Lisbon, /tz America/New_York or /tz Asia/Kolkata.");

    public static string UnknownCommand(string command) =>
        Fit($"I don't know the command /{Quote(command)}. Type /help to see what I can do.");

    /// <summary>Where a memory came from when it is not obvious: shared by someone, or a named place.</summary>
    internal static string Provenance(Memories.Queries.MemoryDto memory) =>
        (memory.SharedBy is { } by ? $" _(shared by {by})_" : "")
        + (memory.Place?.Name is { } place && !memory.Content.Contains(place, StringComparison.OrdinalIgnoreCase) ? $" 📍 {place}" : "");

    internal static string Emoji(MemoryKind kind) => Emoji(kind.ToString().ToLowerInvariant());

    internal static string Emoji(string kind) => kind switch
    {
        "image" => "📷",
        "audio" => "🎙️",
        "location" => "📍",
        _ => "📝",
    };

    // One line per memory: newlines flattened, long notes shortened with an ellipsis.
    internal static string Quote(string text)
    {
        var flat = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (flat.Length <= QuoteLength)
            return flat;
        var cut = flat[..QuoteLength];
        if (char.IsHighSurrogate(cut[^1]))
            cut = cut[..^1];
        return cut.TrimEnd() + "…";
    }

    /// <summary>Keeps whole lines while the reply fits one WhatsApp message.</summary>
    internal static string Fit(string reply)
    {
        if (reply.Length <= MaxLength)
            return reply;
        var builder = new StringBuilder();
        foreach (var line in reply.Split('\n'))
        {
            if (builder.Length + line.Length + 2 > MaxLength - 1)
                break;
            builder.Append(line).Append('\n');
        }

        return builder.Length == 0 ? reply[..(MaxLength - 1)] + "…" : builder.Append('…').ToString();
    }
}
