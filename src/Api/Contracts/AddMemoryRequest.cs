namespace MemoryAssistant.Api.Contracts;

/// <summary>Body of <c>POST /memories</c>.</summary>
/// <param name="User">The user's WhatsApp number in E.164, e.g. +14155550100.</param>
/// <param name="Text">What to remember (up to 4000 characters).</param>
/// <param name="OccurredAt">When it happened, ISO-8601 with an offset; default now.</param>
/// <param name="Tags">Optional labels, e.g. ["groceries"].</param>
public sealed record AddMemoryRequest(string User, string Text, string? OccurredAt = null, IReadOnlyList<string>? Tags = null);
