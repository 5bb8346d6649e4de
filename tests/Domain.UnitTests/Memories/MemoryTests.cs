using MemoryAssistant.Domain.Common;
using MemoryAssistant.Domain.Interactions;
using MemoryAssistant.Domain.Memories;
using MemoryAssistant.Domain.Users;
using NodaTime;

namespace MemoryAssistant.Domain.UnitTests.Memories;

public sealed class MemoryTests
{
    private static readonly Instant _occurredAt = Instant.FromUtc(2026, 11, 24, 9, 30);
    private static readonly Instant _now = Instant.FromUtc(2026, 11, 24, 10, 0);

    [Fact]
    public void Remember_WhenContentIsPadded_ThenContentIsTrimmed()
    {
        var memory = Remember("  Dentist on Friday at 3pm \n");

        memory.Content.Should().Be("Dentist on Friday at 3pm");
    }

    [Fact]
    public void Remember_WhenCreated_ThenKeepsSourceKindAndTimes()
    {
        var (user, interaction) = Source();

        var memory = Memory.Remember(user, interaction, MemoryKind.Image, "receipt", _occurredAt, [], _now);

        memory.User.Should().BeSameAs(user);
        memory.Interaction.Should().BeSameAs(interaction);
        memory.Kind.Should().Be(MemoryKind.Image);
        memory.OccurredAt.Should().Be(_occurredAt);
        memory.CreatedAt.Should().Be(_now);
        memory.MediaAsset.Should().BeNull();
    }

    [Fact]
    public void Remember_WhenCreated_ThenSyncStateStartsPendingWithoutLayer()
    {
        var memory = Remember("Buy milk");

        memory.SyncState.Should().Be(MemorySyncState.Pending);
        memory.LayerName.Should().BeNull();
        memory.LayerMemoryId.Should().BeNull();
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("\t\r\n ")]
    [InlineData(null)]
    public void Remember_WhenContentIsEmptyOrWhitespace_ThenThrowsDomainException(string? content)
    {
        var act = () => Remember(content!);

        act.Should().Throw<DomainException>();
    }

    [Fact]
    public void Remember_WhenContentIsExactlyTheMaximum_ThenAccepted()
    {
        var memory = Remember(new string('a', Memory.MaxContentLength));

        memory.Content.Should().HaveLength(Memory.MaxContentLength);
    }

    [Fact]
    public void Remember_WhenContentIsTheMaximumPlusPadding_ThenAcceptedBecauseLengthIsCheckedAfterTrimming()
    {
        var memory = Remember("  " + new string('a', Memory.MaxContentLength) + "  ");

        memory.Content.Should().HaveLength(Memory.MaxContentLength);
    }

    [Theory]
    [InlineData(Memory.MaxContentLength + 1)]
    [InlineData(10_000)]
    public void Remember_WhenContentIsLongerThanTheMaximum_ThenThrowsDomainException(int length)
    {
        var act = () => Remember(new string('a', length));

        act.Should().Throw<DomainException>().WithMessage("*4000*");
    }

    [Fact]
    public void Remember_WhenTagsHaveHashSpacesAndCapitals_ThenTagsAreNormalised()
    {
        var memory = Remember("milk, eggs", "#Groceries ", "  Food", "#WEEKEND");

        memory.Tags.Select(t => t.Tag).Should().Equal("groceries", "food", "weekend");
    }

    [Fact]
    public void Remember_WhenTagsRepeatAfterNormalising_ThenEachTagIsKeptOnce()
    {
        var memory = Remember("milk, eggs", "#Groceries ", "groceries", "GROCERIES", "#groceries", "food", "Food");

        memory.Tags.Select(t => t.Tag).Should().Equal("groceries", "food");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("#")]
    [InlineData(" ## ")]
    public void Remember_WhenTagIsEmptyAfterNormalising_ThenItIsDropped(string tag)
    {
        var memory = Remember("milk", tag, "groceries");

        memory.Tags.Select(t => t.Tag).Should().Equal("groceries");
    }

    [Fact]
    public void Remember_WhenNoTags_ThenTagsAreEmpty()
    {
        Remember("milk").Tags.Should().BeEmpty();
    }

    [Fact]
    public void Remember_WhenTagIsLongerThanMaxLength_ThenTruncatedToMaxLength()
    {
        var memory = Remember("milk", new string('x', MemoryTag.MaxLength + 10));

        memory.Tags.Should().ContainSingle().Which.Tag.Should().Be(new string('x', MemoryTag.MaxLength));
    }

    [Fact]
    public void Remember_WhenLongTagEndsInEmoji_ThenTruncationNeverSplitsASurrogatePair()
    {
        // 41 UTF-16 units, as the REST validator allows (MaxLength + 1): the cut at 40 falls inside the last emoji.
        var tag = "a" + string.Concat(Enumerable.Repeat("🍕", 20));

        var memory = Remember("pizza night", tag);

        var stored = memory.Tags.Should().ContainSingle().Which.Tag;
        stored.Length.Should().BeLessThanOrEqualTo(MemoryTag.MaxLength);
        HasLoneSurrogate(stored).Should().BeFalse("a tag must stay valid UTF-16, but was \"{0}\"", stored);
    }

    [Fact]
    public void LinkTo_WhenCalled_ThenMarksSyncedWithLayerAndId()
    {
        var memory = Remember("Buy milk");

        memory.LinkTo("embedded", "42");

        memory.SyncState.Should().Be(MemorySyncState.Synced);
        memory.LayerName.Should().Be("embedded");
        memory.LayerMemoryId.Should().Be("42");
    }

    [Fact]
    public void MarkSyncFailed_WhenCalled_ThenMarksFailedForThatLayer()
    {
        var memory = Remember("Buy milk");

        memory.MarkSyncFailed("mem0", "400: content rejected");

        memory.SyncState.Should().Be(MemorySyncState.Failed);
        memory.LayerName.Should().Be("mem0");
        memory.LastSyncError.Should().Be("400: content rejected");
    }

    [Fact]
    public void LinkTo_WhenSyncFailedBefore_ThenBecomesSynced()
    {
        var memory = Remember("Buy milk");
        memory.MarkSyncFailed("embedded", "disk full");

        memory.LinkTo("embedded", "7");

        memory.SyncState.Should().Be(MemorySyncState.Synced);
        memory.LayerMemoryId.Should().Be("7");
    }

    [Fact]
    public void LinkToLayer_WhenSeveralFactsExtracted_ThenLinksEachOnceAndClearsTheEvent()
    {
        var memory = Remember("Dinner on Friday. Bring wine.");
        memory.AwaitSync("mem0");
        memory.BeginSyncAttempt();
        memory.AwaitLayerEvent("evt-1");
        memory.RecordSyncError("timeout");

        memory.LinkToLayer("mem0", [new LayerMemory("a", "Dinner on Friday"), new LayerMemory("b", "Bring wine")], _now);
        memory.LinkToLayer("mem0", [new LayerMemory("a", "Dinner on Friday")], _now);

        memory.SyncState.Should().Be(MemorySyncState.Synced);
        memory.LayerLinks.Select(l => l.LayerMemoryId).Should().Equal("a", "b");
        memory.LayerMemoryId.Should().Be("a");
        memory.LayerEventId.Should().BeNull();
        memory.LastSyncError.Should().BeNull();
        memory.SyncAttempts.Should().Be(1);
        memory.SyncedAt.Should().Be(_now);
    }

    [Fact]
    public void LinkToLayer_WhenLayerKeptNothing_ThenSyncedWithoutId()
    {
        var memory = Remember("ok");
        memory.AwaitSync("mem0");

        memory.LinkToLayer("mem0", [], _now);

        memory.SyncState.Should().Be(MemorySyncState.Synced);
        memory.LayerMemoryId.Should().BeNull();
    }

    [Fact]
    public void RecordSyncError_WhenLong_ThenTruncated()
    {
        var memory = Remember("Buy milk");

        memory.RecordSyncError(new string('x', 2000));

        memory.LastSyncError.Should().HaveLength(Memory.MaxSyncErrorLength);
        memory.SyncState.Should().Be(MemorySyncState.Pending);
    }

    private static Memory Remember(string content, params string[] tags)
    {
        var (user, interaction) = Source();
        return Memory.Remember(user, interaction, MemoryKind.Text, content, _occurredAt, tags, _now);
    }

    private static (User User, Interaction Interaction) Source()
    {
        var user = User.Register(WhatsAppNumber.Parse("+14155550100"), "Ana", null, "Europe/Lisbon", _now);
        var interaction = Interaction.ReceiveWhatsApp(
            user, MessageSid.Parse("SM0123456789abcdef0123456789abcdef"), "hello", "{}", _occurredAt);
        return (user, interaction);
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
