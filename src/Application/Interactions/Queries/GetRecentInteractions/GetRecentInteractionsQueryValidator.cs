using FluentValidation;
using MemoryAssistant.Domain.Users;

namespace MemoryAssistant.Application.Interactions.Queries.GetRecentInteractions;

public sealed class GetRecentInteractionsQueryValidator : AbstractValidator<GetRecentInteractionsQuery>
{
    public const int MaxLimit = 200;

    public GetRecentInteractionsQueryValidator()
    {
        RuleFor(q => q.Limit).InclusiveBetween(1, MaxLimit);
        RuleFor(q => q.User).Must(u => WhatsAppNumber.TryParse(u, out _)).When(q => q.User is not null)
            .WithMessage("Expected an E.164 number such as +14155550100.");
    }
}
