using MemoryAssistant.Domain.Common;
using MemoryAssistant.Domain.Interactions;
using MemoryAssistant.Domain.Users;
using NodaTime;

namespace MemoryAssistant.Domain.UnitTests.Interactions;

public sealed class InteractionTests
{
    private static readonly Instant _receivedAt = Instant.FromUtc(2026, 11, 24, 10, 0);
    private static readonly MessageSid _sid = MessageSid.Parse("SM0123456789abcdef0123456789abcdef");

    [Fact]
    public void ReceiveWhatsApp_WhenCreated_ThenIsAnInboundWhatsAppTextWithStatusReceived()
    {
        var user = NewUser();

        var interaction = Interaction.ReceiveWhatsApp(user, _sid, "Buy milk", "{\"Body\":\"Buy milk\"}", _receivedAt);

        interaction.Status.Should().Be(InteractionStatus.Received);
        interaction.Direction.Should().Be(InteractionDirection.Inbound);
        interaction.Channel.Should().Be(InteractionChannel.WhatsApp);
        interaction.Kind.Should().Be(InteractionKind.Text);
        interaction.MessageSid.Should().Be(_sid);
        interaction.User.Should().BeSameAs(user);
        interaction.Body.Should().Be("Buy milk");
        interaction.RawPayload.Should().Be("{\"Body\":\"Buy milk\"}");
        interaction.ReceivedAt.Should().Be(_receivedAt);
        interaction.Reply.Should().BeNull();
        interaction.Error.Should().BeNull();
        interaction.ProcessedAt.Should().BeNull();
        interaction.DuplicateDeliveries.Should().Be(0);
        interaction.Media.Should().BeEmpty();
        interaction.IdempotencyKey.Should().BeNull();
    }

    [Fact]
    public void AttachMedia_WhenPositionsDiffer_ThenKeepsEachInOrder()
    {
        var interaction = NewWhatsApp();

        var first = interaction.AttachMedia(0, "https://api.twilio.com/media/0", "image/jpeg");
        var second = interaction.AttachMedia(1, "https://api.twilio.com/media/1", null);

        interaction.Media.Should().Equal(first, second);
        first.Position.Should().Be(0);
        first.MediaUrl.Should().Be("https://api.twilio.com/media/0");
        first.DeclaredContentType.Should().Be("image/jpeg");
        first.Interaction.Should().BeSameAs(interaction);
        second.DeclaredContentType.Should().BeNull();
        second.MediaAssetId.Should().BeNull();
    }

    [Fact]
    public void AttachMedia_WhenSamePositionTwice_ThenThrowsDomainExceptionAndKeepsTheFirst()
    {
        var interaction = NewWhatsApp();
        interaction.AttachMedia(0, "https://api.twilio.com/media/0", "image/jpeg");

        var act = () => interaction.AttachMedia(0, "https://api.twilio.com/media/other", "audio/ogg");

        act.Should().Throw<DomainException>();
        interaction.Media.Should().ContainSingle().Which.MediaUrl.Should().Be("https://api.twilio.com/media/0");
    }

    [Fact]
    public void MarkAnswered_WhenCalled_ThenIsProcessedWithReplyAndTime()
    {
        var interaction = NewWhatsApp();
        var at = _receivedAt + Duration.FromMilliseconds(80);

        interaction.MarkAnswered("✅ Saved", at);

        interaction.Status.Should().Be(InteractionStatus.Processed);
        interaction.Reply.Should().Be("✅ Saved");
        interaction.ProcessedAt.Should().Be(at);
        interaction.Error.Should().BeNull();
    }

    [Fact]
    public void MarkFailed_WhenCalled_ThenIsFailedWithErrorReplyAndTime()
    {
        var interaction = NewWhatsApp();
        var at = _receivedAt + Duration.FromSeconds(1);

        interaction.MarkFailed("InvalidOperationException: boom", "Sorry, something went wrong", at);

        interaction.Status.Should().Be(InteractionStatus.Failed);
        interaction.Error.Should().Be("InvalidOperationException: boom");
        interaction.Reply.Should().Be("Sorry, something went wrong");
        interaction.ProcessedAt.Should().Be(at);
    }

    [Fact]
    public void MarkAnswered_WhenFailedBefore_ThenClearsTheError()
    {
        var interaction = NewWhatsApp();
        interaction.MarkFailed("boom", "sorry", _receivedAt);

        interaction.MarkAnswered("ok", _receivedAt + Duration.FromSeconds(5));

        interaction.Status.Should().Be(InteractionStatus.Processed);
        interaction.Error.Should().BeNull();
        interaction.Reply.Should().Be("ok");
    }

    [Fact]
    public void AbsorbDuplicateDelivery_WhenCalledRepeatedly_ThenCountsEachDelivery()
    {
        var interaction = NewWhatsApp();
        interaction.MarkAnswered("ok", _receivedAt);

        interaction.AbsorbDuplicateDelivery();
        interaction.AbsorbDuplicateDelivery();
        interaction.AbsorbDuplicateDelivery();

        interaction.DuplicateDeliveries.Should().Be(3);
        interaction.Status.Should().Be(InteractionStatus.Processed);
        interaction.Reply.Should().Be("ok");
    }

    [Fact]
    public void ClassifyAs_WhenCalled_ThenChangesKind()
    {
        var interaction = NewWhatsApp();

        interaction.ClassifyAs(InteractionKind.Query);

        interaction.Kind.Should().Be(InteractionKind.Query);
    }

    [Fact]
    public void ReceiveApi_WhenCreated_ThenIsAnInboundApiTextWithKeyAndFingerprint()
    {
        var interaction = Interaction.ReceiveApi(NewUser(), "key-1", "abc123", "Buy milk", "{}", _receivedAt);

        interaction.Channel.Should().Be(InteractionChannel.Api);
        interaction.Direction.Should().Be(InteractionDirection.Inbound);
        interaction.Status.Should().Be(InteractionStatus.Received);
        interaction.IdempotencyKey.Should().Be("key-1");
        interaction.RequestFingerprint.Should().Be("abc123");
        interaction.MessageSid.Should().BeNull();
    }

    [Fact]
    public void ReceiveApi_WhenNoIdempotencyKey_ThenAccepted()
    {
        Interaction.ReceiveApi(NewUser(), null, "abc123", "Buy milk", "{}", _receivedAt).IdempotencyKey.Should().BeNull();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(255)]
    public void ReceiveApi_WhenIdempotencyKeyIsOneTo255Characters_ThenAccepted(int length)
    {
        var key = new string('k', length);

        Interaction.ReceiveApi(NewUser(), key, "abc123", "Buy milk", "{}", _receivedAt).IdempotencyKey.Should().Be(key);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(256)]
    [InlineData(1000)]
    public void ReceiveApi_WhenIdempotencyKeyIsEmptyOrLongerThan255_ThenThrowsDomainException(int length)
    {
        var act = () => Interaction.ReceiveApi(NewUser(), new string('k', length), "abc123", "Buy milk", "{}", _receivedAt);

        act.Should().Throw<DomainException>();
    }

    private static User NewUser() =>
        User.Register(WhatsAppNumber.Parse("+14155550100"), "Ana", "14155550100", "America/Los_Angeles", _receivedAt);

    private static Interaction NewWhatsApp() => Interaction.ReceiveWhatsApp(NewUser(), _sid, "hello", "{}", _receivedAt);
}
