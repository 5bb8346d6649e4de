using MediatR;
using MemoryAssistant.Application.Common.Messaging;

namespace MemoryAssistant.Application.Outbound.Commands.SendOutbound;

/// <summary>The job behind a queued outbound message that has no schedule of its own (a share offer, for example).</summary>
public sealed record SendOutboundCommand(long OutboundMessageId) : ICommand<Unit>, IManagesOwnTransaction;

public sealed class SendOutboundCommandHandler(OutboundDelivery delivery) : IRequestHandler<SendOutboundCommand, Unit>
{
    public async Task<Unit> Handle(SendOutboundCommand request, CancellationToken cancellationToken)
    {
        await delivery.SendAsync(request.OutboundMessageId, cancellationToken);
        return Unit.Value;
    }
}
