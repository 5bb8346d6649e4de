using FluentValidation;
using MemoryAssistant.Domain.Users;

namespace MemoryAssistant.Application.Analytics.Queries.GetAnalyticsSummary;

public sealed class GetAnalyticsSummaryQueryValidator : AbstractValidator<GetAnalyticsSummaryQuery>
{
    public GetAnalyticsSummaryQueryValidator()
    {
        RuleFor(q => q.Days).InclusiveBetween(1, 366);
        RuleFor(q => q.User).Must(u => WhatsAppNumber.TryParse(u, out _)).When(q => q.User is not null)
            .WithMessage("Expected an E.164 number such as +14155550100.");
    }
}
