using FluentValidation;
using MemoryAssistant.Domain.Users;

namespace MemoryAssistant.Application.Memories.Queries.SearchMemories;

public sealed class SearchMemoriesQueryValidator : AbstractValidator<SearchMemoriesQuery>
{
    public SearchMemoriesQueryValidator()
    {
        RuleFor(q => q.Query).NotEmpty().WithMessage("Say what to look for, e.g. query=dinner last week.").MaximumLength(500);
        RuleFor(q => q.Limit).InclusiveBetween(1, 50);
        RuleFor(q => q.User).Must(u => WhatsAppNumber.TryParse(u, out _)).When(q => q.User is not null)
            .WithMessage("Expected an E.164 number such as +14155550100.");
        RuleFor(q => q.TimeZone).Must(z => TimeZones.Find(z) is not null).When(q => q.TimeZone is not null)
            .WithMessage("Expected an IANA time zone such as Europe/Lisbon.").OverridePropertyName("tz");
    }
}
