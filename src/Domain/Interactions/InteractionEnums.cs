namespace MemoryAssistant.Domain.Interactions;

public enum InteractionDirection { Inbound, Outbound }

/// <summary>Where the interaction came from: the WhatsApp webhook or the REST API.</summary>
public enum InteractionChannel { WhatsApp, Api }

/// <summary>What the message turned out to be, once classified.</summary>
public enum InteractionKind { Text, Image, Audio, Location, Command, Query, Other }

/// <summary>
/// Received → Processed (answered) or Failed. Media goes Received → Processing (work queued) → Processed
/// (the webhook's reply carried the result) or Acknowledged (the webhook replied "working on it"; the
/// result follows as an outbound message) → Processed.
/// </summary>
public enum InteractionStatus { Received, Processing, Acknowledged, Processed, Failed }
