namespace MemoryAssistant.Domain.Memories;

public enum MemoryKind { Text, Image, Audio, Location }

/// <summary>Whether the memory layer (embedded engine or Mem0) holds the searchable form yet.</summary>
public enum MemorySyncState { Pending, Synced, Failed }
