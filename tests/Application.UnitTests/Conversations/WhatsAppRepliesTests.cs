using MemoryAssistant.Application.Common.Time;
using MemoryAssistant.Application.Conversations;
using MemoryAssistant.Application.Memories.Queries;
using MemoryAssistant.Application.Memories.Recall;
using MemoryAssistant.Domain.Interactions;
using MemoryAssistant.Domain.Media;
using MemoryAssistant.Domain.Memories;
using MemoryAssistant.Domain.Users;
using NodaTime;

namespace MemoryAssistant.Application.UnitTests.Conversations;

public sealed class WhatsAppRepliesTests
{
    private const int MaxLength = 1600;

    private static readonly DateTimeZone _lisbon = DateTimeZoneProviders.Tzdb["Europe/Lisbon"];

    // Tuesday 24 November 2026, 10:00 in Lisbon (UTC+0 in November).
    private static readonly Instant _now = Instant.FromUtc(2026, 11, 24, 10, 0);

    private static readonly ListRequest _allKinds = new(ListRequest.DefaultCount, null, null);

    private static readonly TimePhrase _lastWeek = new(
        new TimeInterval(Instant.FromUtc(2026, 11, 16, 0, 0), Instant.FromUtc(2026, 11, 23, 0, 0)),
        "last week",
        "last week (Mon 16 Nov – Sun 22 Nov)",
        "what did I plan for dinner");

    [Fact]
    public void MaxLength_WhenRead_ThenIsOneWhatsAppMessage()
    {
        WhatsAppReplies.MaxLength.Should().Be(MaxLength);
    }

    [Fact]
    public void List_When30MemoriesOf4000Characters_ThenReplyFitsOneMessage()
    {
        var memories = Enumerable.Range(0, 30).Select(i => NewMemory(LongContent(i), _now - Duration.FromHours(i))).ToList();

        var reply = WhatsAppReplies.List(memories, total: 250, _allKinds, _lisbon, _now);

        reply.Length.Should().BeLessThanOrEqualTo(MaxLength);
        reply.Should().StartWith("🗂️ *Your newest 30 of 250 memories:*");
        reply.Should().EndWith("…");
        HasLoneSurrogate(reply).Should().BeFalse();
    }

    [Fact]
    public void List_WhenReplyIsShortened_ThenOnlyWholeLinesAreKeptInOrder()
    {
        var memories = Enumerable.Range(0, 30).Select(i => NewMemory(LongContent(i), _now - Duration.FromHours(i))).ToList();

        var lines = WhatsAppReplies.List(memories, total: 30, _allKinds, _lisbon, _now).Split('\n');

        lines[^1].Should().Be("…");
        var items = lines[1..^1];
        items.Should().NotBeEmpty();
        for (var i = 0; i < items.Length; i++)
        {
            items[i].Should().StartWith($"{i + 1}. ");
            items[i].Should().EndWith("…", "every 4000-character note is quoted short, so a kept line ends with its own ellipsis");
        }
    }

    [Fact]
    public void List_WhenFewShortMemories_ThenListsAllNumberedWithLocalTimes()
    {
        var memories = new[]
        {
            NewMemory("Dentist on Friday at 3pm", Instant.FromUtc(2026, 11, 17, 19, 5)),
            NewMemory("Buy milk", Instant.FromUtc(2026, 11, 16, 8, 0)),
        };

        var reply = WhatsAppReplies.List(memories, total: 2, _allKinds, _lisbon, _now);

        reply.Should().Be(
            "🗂️ *Your 2 memories:*\n" +
            "1. Tue 17 Nov, 19:05 — 📝 Dentist on Friday at 3pm\n" +
            "2. Mon 16 Nov, 08:00 — 📝 Buy milk");
    }

    [Fact]
    public void List_WhenOneMemory_ThenSingular()
    {
        var reply = WhatsAppReplies.List([NewMemory("Buy milk", _now)], total: 1, _allKinds, _lisbon, _now);

        reply.Should().StartWith("🗂️ *Your 1 memory:*");
    }

    [Fact]
    public void List_WhenNoMemories_ThenSuggestsSendingANote()
    {
        WhatsAppReplies.List([], total: 0, _allKinds, _lisbon, _now).Should().Contain("no memories yet");
    }

    [Fact]
    public void List_When30PhotosOf4000CharactersInAPeriod_ThenReplyFitsOneMessageAndNamesKindAndPeriod()
    {
        var memories = Enumerable.Range(0, 30)
            .Select(i => NewMemory(LongContent(i), Instant.FromUtc(2026, 11, 20, 12, 0) - Duration.FromMinutes(i), MemoryKind.Image))
            .ToList();
        var request = new ListRequest(ListRequest.MaxCount, MemoryKind.Image, _lastWeek);

        var reply = WhatsAppReplies.List(memories, total: 31, request, _lisbon, _now);

        reply.Length.Should().BeLessThanOrEqualTo(MaxLength);
        reply.Should().StartWith("🗂️ *Your newest 30 of 31 photos last week (Mon 16 Nov – Sun 22 Nov):*\n1. ");
        reply.Should().Contain("📷");
        HasLoneSurrogate(reply).Should().BeFalse();
    }

    [Fact]
    public void RecallAnswer_When30HitsOf4000Characters_ThenReplyFitsOneMessage()
    {
        var hits = Enumerable.Range(0, 30).Select(i => Hit(LongContent(i), _now - Duration.FromHours(i))).ToList();
        var recall = new MemoryRecall.Result(_lastWeek, ["dinner"], hits);

        var reply = WhatsAppReplies.RecallAnswer(recall, _lisbon, _now);

        reply.Length.Should().BeLessThanOrEqualTo(MaxLength);
        reply.Should().StartWith("🔍 *Here's what I found* last week (Mon 16 Nov – Sun 22 Nov):");
        HasLoneSurrogate(reply).Should().BeFalse();
    }

    [Fact]
    public void RecallAnswer_WhenNoHitsAndManyLongTerms_ThenReplyFitsOneMessage()
    {
        var terms = Enumerable.Range(0, 12).Select(i => new string((char)('a' + i), 300)).ToList();
        var recall = new MemoryRecall.Result(_lastWeek, terms, []);

        var reply = WhatsAppReplies.RecallAnswer(recall, _lisbon, _now);

        reply.Length.Should().BeLessThanOrEqualTo(MaxLength);
    }

    [Fact]
    public void RecallAnswer_WhenHits_ThenNumberedLinesWithFriendlyTimeAndKind()
    {
        var recall = new MemoryRecall.Result(null, ["dinner"],
        [
            Hit("Dinner plan: pasta carbonara, get pancetta", Instant.FromUtc(2026, 11, 17, 19, 5)),
            Hit("Receipt from dinner", Instant.FromUtc(2025, 3, 2, 20, 0), kind: "image"),
        ]);

        var reply = WhatsAppReplies.RecallAnswer(recall, _lisbon, _now);

        reply.Should().Be(
            "🔍 *Here's what I found*:\n" +
            "1. Tue 17 Nov, 19:05 — 📝 Dinner plan: pasta carbonara, get pancetta\n" +
            "2. Sun 2 Mar 2025, 20:00 — 📷 Receipt from dinner");
    }

    [Fact]
    public void RecallAnswer_WhenTheBestMatchIsWeak_ThenOffersItAsTheClosest()
    {
        var recall = new MemoryRecall.Result(null, ["yoga", "class"], [Hit("Gift ideas: cooking class for two", Instant.FromUtc(2026, 11, 8, 11, 0), score: 0.2)]);

        var reply = WhatsAppReplies.RecallAnswer(recall, _lisbon, _now);

        reply.Should().StartWith("🔍 Nothing clearly about “yoga class”. The closest I have:\n1. ");
    }

    [Fact]
    public void RecallAnswer_WhenOnlyATimePhraseMatched_ThenHeaderSaysYourMemoriesWithThePeriod()
    {
        var recall = new MemoryRecall.Result(_lastWeek, [], [Hit("Buy milk", Instant.FromUtc(2026, 11, 18, 9, 0))]);

        var reply = WhatsAppReplies.RecallAnswer(recall, _lisbon, _now);

        reply.Should().StartWith("🗂️ *Your memories* last week (Mon 16 Nov – Sun 22 Nov):\n1. ");
    }

    [Fact]
    public void RecallAnswer_WhenNoHitsWithoutTimePhrase_ThenSaysCouldNotFindAndSuggestsOtherWordsNotAWiderPeriod()
    {
        var recall = new MemoryRecall.Result(null, ["dentist"], []);

        var reply = WhatsAppReplies.RecallAnswer(recall, _lisbon, _now);

        reply.Should().Contain("couldn't find").And.Contain("“dentist”").And.Contain("/list");
        reply.Should().NotContain("wider period");
    }

    [Fact]
    public void RecallAnswer_WhenNoHitsWithTimePhrase_ThenSaysCouldNotFindAndSuggestsAWiderPeriod()
    {
        var recall = new MemoryRecall.Result(_lastWeek, ["dinner"], []);

        var reply = WhatsAppReplies.RecallAnswer(recall, _lisbon, _now);

        reply.Should().Contain("couldn't find").And.Contain("“dinner”");
        reply.Should().Contain("last week (Mon 16 Nov – Sun 22 Nov)");
        reply.Should().Contain("wider period");
    }

    [Fact]
    public void RecallAnswer_WhenNoHitsNoTermsButTimePhrase_ThenSaysNothingInThatPeriod()
    {
        var recall = new MemoryRecall.Result(_lastWeek, [], []);

        var reply = WhatsAppReplies.RecallAnswer(recall, _lisbon, _now);

        reply.Should().StartWith("🔍 I couldn't find anything last week (Mon 16 Nov – Sun 22 Nov).");
        reply.Should().Contain("wider period");
        reply.Should().NotContain("about");
    }

    [Fact]
    public void Saved_WhenMemoryHasTags_ThenShowsThemAsHashtags()
    {
        var memory = NewMemory("milk, eggs", _now, tags: ["#Groceries", "food"]);

        var reply = WhatsAppReplies.Saved(memory);

        reply.Should().Be("✅ Saved: “milk, eggs” #groceries #food");
    }

    [Fact]
    public void Saved_WhenMemoryHasNoTags_ThenShowsOnlyTheQuote()
    {
        WhatsAppReplies.Saved(NewMemory("Buy milk", _now)).Should().Be("✅ Saved: “Buy milk”");
    }

    [Fact]
    public void MediaSaved_WhenOnePhotoAndOneRefused_ThenNamesThePhotoAndTheProblem()
    {
        var photo = MediaAsset.Store(ContentHash.Of([1, 2, 3]), "image/jpeg", 3, "media/x", _now);

        var reply = WhatsAppReplies.MediaSaved([(NewMemory("Receipt from dinner — Text in the photo: TOTAL 42.50", _now, MemoryKind.Image), photo)], refused: 1);

        reply.Should().StartWith("📷 Saved your photo: “Receipt from dinner — Text in the photo: TOTAL 42.50”")
            .And.Contain("couldn't keep one attachment");
    }

    [Fact]
    public void Saved_WhenContentIs4000CharactersOfHashtags_ThenReplyFitsOneMessage()
    {
        var content = string.Join(' ', Enumerable.Range(0, 800).Select(i => $"#t{i:D3}"));
        content = content[..Math.Min(content.Length, Memory.MaxContentLength)].TrimEnd();
        var memory = NewMemory(content, _now, tags: Hashtags.Extract(content));

        var reply = WhatsAppReplies.Saved(memory);

        memory.Tags.Count.Should().BeGreaterThan(300);
        reply.Length.Should().BeLessThanOrEqualTo(MaxLength);
    }

    [Fact]
    public void Saved_WhenContentIsLong_ThenQuoteIsShortenedWithAnEllipsis()
    {
        var reply = WhatsAppReplies.Saved(NewMemory(LongContent(0), _now));

        var quote = QuoteIn(reply);
        quote.Should().EndWith("…");
        quote.Length.Should().BeLessThanOrEqualTo(121);
        LongContent(0).Should().StartWith(quote[..^1]);
    }

    [Theory]
    [InlineData(117)]
    [InlineData(118)]
    [InlineData(119)]
    [InlineData(120)]
    public void Saved_WhenQuoteLimitFallsOnAnEmoji_ThenNeverSplitsASurrogatePair(int lettersBeforeEmoji)
    {
        var content = new string('a', lettersBeforeEmoji) + "😀😀😀 and the rest of a long note that goes on";

        var reply = WhatsAppReplies.Saved(NewMemory(content, _now));

        var quote = QuoteIn(reply);
        quote.Should().EndWith("…");
        HasLoneSurrogate(reply).Should().BeFalse("the reply was \"{0}\"", reply);
    }

    [Fact]
    public void Saved_WhenContentHasLineBreaks_ThenQuoteIsOneLine()
    {
        var reply = WhatsAppReplies.Saved(NewMemory("milk\neggs\r\n\tbread", _now));

        reply.Should().Be("✅ Saved: “milk eggs bread”");
    }

    [Fact]
    public void Help_WhenRead_ThenMentionsEveryCommand()
    {
        WhatsAppReplies.Help.Should().Contain("/list").And.Contain("/tz").And.Contain("/help")
            .And.Contain("more").And.Contain("the second one").And.Contain("undo").And.Contain("forget 3").And.Contain("what about last month");
        WhatsAppReplies.Help.Length.Should().BeLessThanOrEqualTo(MaxLength);
    }

    [Fact]
    public void UnknownTimeZone_WhenGivenIsHuge_ThenReplyFitsAndQuotesItShort()
    {
        var reply = WhatsAppReplies.UnknownTimeZone(new string('x', 10_000));

        reply.Length.Should().BeLessThanOrEqualTo(MaxLength);
        reply.Should().Contain("x…”");
    }

    [Fact]
    public void UnknownCommand_WhenCommandIsHuge_ThenReplyFits()
    {
        WhatsAppReplies.UnknownCommand(new string('z', 10_000)).Length.Should().BeLessThanOrEqualTo(MaxLength);
    }

    public static TheoryData<string> FixedReplies => new()
    {
        WhatsAppReplies.SomethingWentWrong,
        WhatsAppReplies.NothingToRemember,
        WhatsAppReplies.ListUsage,
        WhatsAppReplies.Help,
        WhatsAppReplies.TooLong(Memory.MaxContentLength),
        WhatsAppReplies.MediaAcknowledged,
        WhatsAppReplies.MediaSaved([], refused: 3),
        WhatsAppReplies.CurrentTimeZone(DateTimeZoneProviders.Tzdb["America/Argentina/ComodRivadavia"], Instant.FromUtc(2026, 11, 24, 10, 0)),
        WhatsAppReplies.TimeZoneChanged(DateTimeZoneProviders.Tzdb["Asia/Kolkata"], Instant.FromUtc(2026, 11, 24, 10, 0)),
        WhatsAppReplies.UnknownTimeZone(null),
    };

    [Theory]
    [MemberData(nameof(FixedReplies))]
    public void EveryReply_WhenBuilt_ThenFitsOneMessage(string reply)
    {
        reply.Length.Should().BeInRange(1, MaxLength);
    }

    private static string LongContent(int seed) =>
        string.Concat(Enumerable.Repeat($"Note {seed}: pasta 🍝 carbonara, get pancetta and eggs 🥚. ", 100))[..Memory.MaxContentLength].TrimEnd();

    private static Memory NewMemory(string content, Instant occurredAt, MemoryKind kind = MemoryKind.Text, IEnumerable<string>? tags = null)
    {
        var user = User.Register(WhatsAppNumber.Parse("+351912345678"), "Ana", null, "Europe/Lisbon", _now);
        var interaction = Interaction.ReceiveWhatsApp(
            user, MessageSid.Parse("SM0123456789abcdef0123456789abcdef"), content, "{}", occurredAt);
        return Memory.Remember(user, interaction, kind, content, occurredAt, tags ?? [], _now);
    }

    private static MemoryRecall.RecallHit Hit(string content, Instant occurredAt, string kind = "text", double score = 1.0) =>
        new(score, new MemoryDto(
            1, "+351912345678", kind, content, [], "", "", "Europe/Lisbon",
            new MemorySourceDto(1, "whatsapp", "text", null, ""), null, "embedded", "synced"), occurredAt);

    private static string QuoteIn(string reply)
    {
        var start = reply.IndexOf('“', StringComparison.Ordinal) + 1;
        var end = reply.LastIndexOf('”');
        return reply[start..end];
    }

    private static bool HasLoneSurrogate(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
                i++;
            else if (char.IsSurrogate(s[i]))
                return true;
        }

        return false;
    }
}
