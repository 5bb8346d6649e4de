using System.Text.Json;
using MemoryAssistant.Application.Common.Interfaces;
using MemoryAssistant.Domain.Interactions;
using MemoryAssistant.Domain.Outbound;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace MemoryAssistant.Application.Outbound;

/// <summary>
/// Sends one queued <see cref="OutboundMessage"/> and records the outcome, once. Inside WhatsApp's 24-hour window
/// (the user wrote within a day) a free-form message goes; outside it, or when Twilio refuses with 63016, the
/// approved template for the purpose goes instead; with no template configured the refusal is recorded.
/// A transient fault leaves the message pending and is thrown, so the job worker retries it.
/// </summary>
/// <remarks>
/// The attempt is counted before the call. If the process dies during the call itself, the next run sends
/// again: the one window where the user may get a message twice, preferred to a reminder that never comes.
/// </remarks>
public sealed class OutboundDelivery(
    IApplicationDbContext db, IOutboundMessenger messenger, OutboundTemplates templates, IClock clock, ILogger<OutboundDelivery> logger)
{
    /// <summary>WhatsApp's customer-service window: free-form messages only within a day of the user's last message.</summary>
    public static readonly Duration ServiceWindow = Duration.FromHours(24);

    public const int OutsideWindowErrorCode = 63016;

    /// <summary>Sends, oldest first, every queued message <paramref name="which"/> selects that is not sent or refused yet.</summary>
    public async Task SendUnsentAsync(Func<IQueryable<OutboundMessage>, IQueryable<OutboundMessage>> which, CancellationToken cancellationToken)
    {
        var unsent = await which(db.OutboundMessages)
            .Where(o => o.Status == OutboundStatus.Pending || o.Status == OutboundStatus.Sending)
            .OrderBy(o => o.Id).Select(o => o.Id).ToListAsync(cancellationToken);
        foreach (var id in unsent)
            await SendAsync(id, cancellationToken);
    }

    public async Task SendAsync(long outboundMessageId, CancellationToken cancellationToken)
    {
        var message = await db.OutboundMessages.Include(o => o.User).SingleOrDefaultAsync(o => o.Id == outboundMessageId, cancellationToken);
        if (message?.User is not { } user || message.Status is OutboundStatus.Sent or OutboundStatus.Failed)
            return;

        message.BeginAttempt();
        await db.SaveChangesAsync(cancellationToken);

        var now = clock.GetCurrentInstant();
        var template = messenger.SupportsTemplates ? templates.For(message.Purpose) : null;
        // Twilio's window is opened by the user's own WhatsApp messages only (not REST calls, not being sent a share).
        var lastInbound = await db.Interactions
            .Where(i => i.UserId == user.Id && i.Direction == InteractionDirection.Inbound && i.Channel == InteractionChannel.WhatsApp)
            .MaxAsync(i => (Instant?)i.ReceivedAt, cancellationToken);
        var outsideWindow = lastInbound is not { } seen || now - seen > ServiceWindow;
        OutboundResult result;
        var usedTemplate = false;
        try
        {
            if (outsideWindow && template is not null)
            {
                result = await SendTemplateAsync(message, template, cancellationToken);
                usedTemplate = true;
            }
            else
            {
                result = await messenger.SendAsync(user.Number, message.Body, [], cancellationToken);
                if (!result.Accepted && result.ErrorCode == OutsideWindowErrorCode && template is not null)
                {
                    logger.LogInformation("Outbound {Id} ({Purpose}) is outside the 24-hour window: sending template {ContentSid}", message.Id, message.Purpose, template);
                    result = await SendTemplateAsync(message, template, cancellationToken);
                    usedTemplate = true;
                }
            }
        }
        catch (ArgumentException ex)
        {
            // The message itself is unsendable (an empty template variable, say): retrying cannot help.
            message.MarkFailed(null, $"{ex.GetType().Name}: {ex.Message}", null);
            await db.SaveChangesAsync(CancellationToken.None);
            logger.LogWarning(ex, "Outbound {Id} ({Purpose}) cannot be sent", message.Id, message.Purpose);
            return;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            message.RecordTransientError($"{ex.GetType().Name}: {ex.Message}");
            await db.SaveChangesAsync(CancellationToken.None);
            throw;
        }

        var sentAt = clock.GetCurrentInstant();
        var providerSid = MessageSid.TryParse(result.ProviderMessageId, out var sid) ? sid : null;
        var error = result.Accepted ? null : Describe(result, template is null, message.Purpose);
        var interaction = Interaction.SendWhatsApp(user, usedTemplate ? $"[template {template}] {message.Body}" : message.Body, providerSid, result.Accepted, error, sentAt);
        db.Interactions.Add(interaction);
        await db.SaveChangesAsync(cancellationToken);
        if (result.Accepted)
        {
            message.MarkSent(result.ProviderMessageId, usedTemplate, interaction.Id, sentAt);
            logger.LogInformation("Outbound {Id} ({Purpose}) sent via {Channel}{Template}", message.Id, message.Purpose, messenger.Channel, usedTemplate ? " as a template" : "");
        }
        else
        {
            message.MarkFailed(result.ErrorCode, error!, interaction.Id);
            logger.LogWarning("Outbound {Id} ({Purpose}) refused: {Error}", message.Id, message.Purpose, error);
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private Task<OutboundResult> SendTemplateAsync(OutboundMessage message, string contentSid, CancellationToken cancellationToken)
    {
        var variables = message.TemplateVariables is { Length: > 0 } json
            ? JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? []
            : new Dictionary<string, string> { ["1"] = message.Body };
        return messenger.SendTemplateAsync(message.User!.Number, contentSid, variables, cancellationToken);
    }

    private static string Describe(OutboundResult result, bool noTemplate, string purpose) =>
        result.ErrorCode == OutsideWindowErrorCode && noTemplate
            ? $"{OutsideWindowErrorCode}: outside WhatsApp's 24-hour window and no template is configured for {purpose} messages"
              + (purpose is OutboundPurposes.Reminder or OutboundPurposes.Digest or OutboundPurposes.Weekly
                  ? " (Twilio__ReminderContentSid / Twilio__DigestContentSid)"
                  : "; they can only reach someone who wrote within a day")
            : $"{result.ErrorCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "refused"}: {result.ErrorMessage}";
}
