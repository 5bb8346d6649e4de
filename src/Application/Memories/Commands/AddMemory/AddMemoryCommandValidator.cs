using FluentValidation;
using MemoryAssistant.Domain.Memories;
using MemoryAssistant.Domain.Users;
using NodaTime;
using NodaTime.Text;

namespace MemoryAssistant.Application.Memories.Commands.AddMemory;

public sealed class AddMemoryCommandValidator : AbstractValidator<AddMemoryCommand>
{
    // Clocks disagree a little; a memory "from the future" beyond this is a mistake in the request.
    private static readonly Duration s_allowedClockSkew = Duration.FromMinutes(5);

    public AddMemoryCommandValidator(IClock clock)
    {
        RuleFor(c => c.User).NotEmpty().Must(u => WhatsAppNumber.TryParse(u, out _))
            .WithMessage("Expected the user's WhatsApp number in E.164, such as +14155550100.");
        RuleFor(c => c.Text).Must(t => !string.IsNullOrWhiteSpace(t)).WithMessage("Text must not be empty.")
            .MaximumLength(Memory.MaxContentLength);
        RuleFor(c => c.OccurredAt).Cascade(CascadeMode.Stop)
            .Must(t => OffsetDateTimePattern.ExtendedIso.Parse(t!).Success)
            .WithMessage("Expected ISO-8601 with an offset, such as 2026-11-17T19:05:00+01:00.")
            .Must(t => OffsetDateTimePattern.ExtendedIso.Parse(t!).Value.ToInstant() <= clock.GetCurrentInstant() + s_allowedClockSkew)
            .WithMessage("A memory cannot happen in the future.")
            .When(c => c.OccurredAt is not null);
        RuleFor(c => c.Tags).Must(t => t!.Count <= 20).WithMessage("At most 20 tags.").When(c => c.Tags is not null);
        RuleForEach(c => c.Tags).Must(t => MemoryTag.Normalise(t).Length > 0).WithMessage("Tags must not be empty.")
            .MaximumLength(MemoryTag.MaxLength + 1);
        RuleFor(c => c.IdempotencyKey).Length(1, 255).When(c => c.IdempotencyKey is not null);
    }
}
