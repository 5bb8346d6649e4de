using FluentValidation;
using MemoryAssistant.Application.Common.Paging;
using MemoryAssistant.Domain.Memories;
using MemoryAssistant.Domain.Users;

namespace MemoryAssistant.Application.Memories.Queries.ListMemories;

public sealed class ListMemoriesQueryValidator : AbstractValidator<ListMemoriesQuery>
{
    private static readonly string[] s_kinds = Enum.GetNames<MemoryKind>().Select(k => k.ToLowerInvariant()).ToArray();

    public ListMemoriesQueryValidator()
    {
        RuleFor(q => q.Limit).InclusiveBetween(1, 200);
        RuleFor(q => q.Cursor).Must(c => Cursor.TryDecode(c, out _)).When(q => q.Cursor is not null)
            .WithMessage("Not a cursor from a previous page (use nextCursor as given).");
        RuleFor(q => q.Kind).Must(k => s_kinds.Contains(k!.ToLowerInvariant())).When(q => q.Kind is not null)
            .WithMessage($"Kind must be one of: {string.Join(", ", s_kinds)}.");
        RuleFor(q => q.Tag).Must(t => MemoryTag.Normalise(t).Length > 0).When(q => q.Tag is not null)
            .WithMessage($"A tag is 1–{MemoryTag.MaxLength} characters, with or without its #.");
        RuleFor(q => q.User).Must(u => WhatsAppNumber.TryParse(u, out _)).When(q => q.User is not null)
            .WithMessage("Expected an E.164 number such as +14155550100.");
    }
}
