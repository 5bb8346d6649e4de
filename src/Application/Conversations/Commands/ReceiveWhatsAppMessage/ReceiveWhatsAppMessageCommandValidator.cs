using FluentValidation;
using MemoryAssistant.Domain.Interactions;
using MemoryAssistant.Domain.Users;

namespace MemoryAssistant.Application.Conversations.Commands.ReceiveWhatsAppMessage;

/// <summary>What makes a form a Twilio message at all; anything else is a 400, not a memory.</summary>
public sealed class ReceiveWhatsAppMessageCommandValidator : AbstractValidator<ReceiveWhatsAppMessageCommand>
{
    public const int MaxAttachments = 10;

    public ReceiveWhatsAppMessageCommandValidator()
    {
        RuleFor(c => c.MessageSid).Must(s => Domain.Interactions.MessageSid.TryParse(s, out _))
            .WithMessage("MessageSid must be a Twilio message id (two letters and 32 hex digits).");
        RuleFor(c => c.From).Must(f => WhatsAppNumber.TryParse(f, out _))
            .WithMessage("From must be a WhatsApp address such as whatsapp:+14155550100.");
        RuleFor(c => c.Body).MaximumLength(10_000);
        RuleFor(c => c.Media.Count).LessThanOrEqualTo(MaxAttachments).OverridePropertyName("NumMedia");
        RuleFor(c => c.Location!.Latitude).InclusiveBetween(-90, 90).OverridePropertyName("Latitude").When(c => c.Location is not null);
        RuleFor(c => c.Location!.Longitude).InclusiveBetween(-180, 180).OverridePropertyName("Longitude").When(c => c.Location is not null);
        RuleForEach(c => c.Media).Must(m => Uri.TryCreate(m.Url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp))
            .WithMessage("Each MediaUrl must be an absolute http(s) URL.");
    }
}
