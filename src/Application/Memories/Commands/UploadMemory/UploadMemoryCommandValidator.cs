using FluentValidation;
using MemoryAssistant.Domain.Memories;
using MemoryAssistant.Domain.Users;

namespace MemoryAssistant.Application.Memories.Commands.UploadMemory;

public sealed class UploadMemoryCommandValidator : AbstractValidator<UploadMemoryCommand>
{
    public const int MaxFiles = 10;

    public UploadMemoryCommandValidator()
    {
        RuleFor(c => c.User).NotEmpty().Must(u => WhatsAppNumber.TryParse(u, out _))
            .WithMessage("Expected the user's WhatsApp number in E.164, such as +14155550100.");
        RuleFor(c => c.Files).NotEmpty().WithMessage("Attach at least one file (or send JSON for a text memory).")
            .Must(f => f.Count <= MaxFiles).WithMessage($"At most {MaxFiles} files.");
        RuleForEach(c => c.Files).Must(f => f.Bytes.Length > 0).WithMessage("Files must not be empty.");
        RuleFor(c => c.Text).MaximumLength(Memory.MaxContentLength);
        RuleFor(c => c.IdempotencyKey).Length(1, 255).When(c => c.IdempotencyKey is not null);
    }
}
