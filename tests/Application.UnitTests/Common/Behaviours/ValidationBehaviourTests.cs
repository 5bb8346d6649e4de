using FluentValidation;
using MediatR;
using MemoryAssistant.Application.Common.Behaviours;
using MemoryAssistant.Application.Common.Exceptions;

namespace MemoryAssistant.Application.UnitTests.Common.Behaviours;

public sealed class ValidationBehaviourTests
{
    private int _handlerCalls;

    [Fact]
    public async Task Handle_WhenRequestIsInvalid_ThenThrowsWithCamelCaseFieldKeysAndNeverCallsTheHandler()
    {
        var behaviour = Behaviour(new CreateNoteRequestValidator());

        var act = () => behaviour.Handle(new CreateNoteRequest("", 0, []), CancellationToken.None, Next);

        var thrown = await act.Should().ThrowAsync<RequestValidationException>();
        thrown.Which.Errors.Keys.Should().BeEquivalentTo("noteText", "maxItems");
        thrown.Which.Errors["noteText"].Should().Equal("Text is required.");
        thrown.Which.Errors["maxItems"].Should().ContainSingle();
        _handlerCalls.Should().Be(0);
    }

    [Fact]
    public async Task Handle_WhenOnlyOneFieldIsInvalid_ThenOnlyThatFieldIsReported()
    {
        var behaviour = Behaviour(new CreateNoteRequestValidator());

        var act = () => behaviour.Handle(new CreateNoteRequest("milk", 0, []), CancellationToken.None, Next);

        (await act.Should().ThrowAsync<RequestValidationException>()).Which.Errors.Keys.Should().Equal("maxItems");
        _handlerCalls.Should().Be(0);
    }

    [Fact]
    public async Task Handle_WhenCollectionItemIsInvalid_ThenKeyIsCamelCaseWithIndex()
    {
        var behaviour = Behaviour(new CreateNoteRequestValidator());

        var act = () => behaviour.Handle(new CreateNoteRequest("milk", 3, ["ok", ""]), CancellationToken.None, Next);

        (await act.Should().ThrowAsync<RequestValidationException>()).Which.Errors.Keys.Should().Equal("tags[1]");
        _handlerCalls.Should().Be(0);
    }

    [Fact]
    public async Task Handle_WhenPropertyNameIsOverridden_ThenKeyIsTheOverriddenNameInCamelCase()
    {
        var behaviour = Behaviour(new InlineValidator<CreateNoteRequest>
        {
            v => v.RuleFor(r => r.Tags.Count).LessThanOrEqualTo(1).OverridePropertyName("NumMedia"),
        });

        var act = () => behaviour.Handle(new CreateNoteRequest("milk", 3, ["a", "b"]), CancellationToken.None, Next);

        (await act.Should().ThrowAsync<RequestValidationException>()).Which.Errors.Keys.Should().Equal("numMedia");
    }

    [Fact]
    public async Task Handle_WhenSeveralValidatorsFail_ThenErrorsAreMergedPerFieldWithoutDuplicates()
    {
        var second = new InlineValidator<CreateNoteRequest>
        {
            v => v.RuleFor(r => r.NoteText).NotEmpty().WithMessage("Text is required."),
            v => v.RuleFor(r => r.NoteText).MinimumLength(3).WithMessage("Text is too short."),
        };
        var behaviour = Behaviour(new CreateNoteRequestValidator(), second);

        var act = () => behaviour.Handle(new CreateNoteRequest("", 5, []), CancellationToken.None, Next);

        var errors = (await act.Should().ThrowAsync<RequestValidationException>()).Which.Errors;
        errors.Keys.Should().Equal("noteText");
        errors["noteText"].Should().Equal("Text is required.", "Text is too short.");
        _handlerCalls.Should().Be(0);
    }

    [Fact]
    public async Task Handle_WhenRequestIsInvalid_ThenMessageNamesTheFields()
    {
        var behaviour = Behaviour(new CreateNoteRequestValidator());

        var act = () => behaviour.Handle(new CreateNoteRequest("", 5, []), CancellationToken.None, Next);

        await act.Should().ThrowAsync<RequestValidationException>().WithMessage("*noteText: Text is required.*");
    }

    [Fact]
    public async Task Handle_WhenRequestIsValid_ThenCallsTheHandlerOnceAndReturnsItsResponse()
    {
        var behaviour = Behaviour(new CreateNoteRequestValidator());

        var response = await behaviour.Handle(new CreateNoteRequest("milk", 3, ["groceries"]), CancellationToken.None, Next);

        response.Should().Be("handled");
        _handlerCalls.Should().Be(1);
    }

    [Fact]
    public async Task Handle_WhenNoValidators_ThenCallsTheHandlerOnce()
    {
        var behaviour = Behaviour();

        var response = await behaviour.Handle(new CreateNoteRequest("", -1, []), CancellationToken.None, Next);

        response.Should().Be("handled");
        _handlerCalls.Should().Be(1);
    }

    [Fact]
    public async Task Handle_WhenValidatorIsAsync_ThenItIsAwaitedBeforeTheHandler()
    {
        var asyncValidator = new InlineValidator<CreateNoteRequest>
        {
            v => v.RuleFor(r => r.NoteText).MustAsync(async (text, ct) =>
            {
                await Task.Yield();
                return text != "taken";
            }).WithMessage("Already used."),
        };
        var behaviour = Behaviour(asyncValidator);

        var act = () => behaviour.Handle(new CreateNoteRequest("taken", 1, []), CancellationToken.None, Next);

        (await act.Should().ThrowAsync<RequestValidationException>()).Which.Errors["noteText"].Should().Equal("Already used.");
        _handlerCalls.Should().Be(0);
    }

    private static ValidationBehaviour<CreateNoteRequest, string> Behaviour(params IValidator<CreateNoteRequest>[] validators) =>
        new(validators);

    private Task<string> Next()
    {
        _handlerCalls++;
        return Task.FromResult("handled");
    }

    public sealed record CreateNoteRequest(string NoteText, int MaxItems, IReadOnlyList<string> Tags) : IRequest<string>;

    private sealed class CreateNoteRequestValidator : AbstractValidator<CreateNoteRequest>
    {
        public CreateNoteRequestValidator()
        {
            RuleFor(r => r.NoteText).NotEmpty().WithMessage("Text is required.");
            RuleFor(r => r.MaxItems).InclusiveBetween(1, 10);
            RuleForEach(r => r.Tags).NotEmpty();
        }
    }
}
