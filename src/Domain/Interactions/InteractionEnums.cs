namespace MemoryAssistant.Domain.Interactions;

public enum InteractionDirection { Inbound, Outbound }

/// <summary>Where the interaction came from: the WhatsApp webhook or the REST API.</summary>
public enum InteractionChannel { WhatsApp, Api }

/// <summary>What the message turned out to be, once classified.</summary>
public enum InteractionKind { Text, Image, Audio, Location, Command, Query, Other }

public enum InteractionStatus { Received, Processed, Failed }
