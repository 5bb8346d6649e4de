namespace MemoryAssistant.Application.Common.Exceptions;

/// <summary>
/// The remote memory layer is down, slow or rate-limiting: the memory stays pending and is sent later;
/// recall falls back to the local index.
/// </summary>
public sealed class MemoryLayerUnavailableException : Exception
{
    public MemoryLayerUnavailableException(string message, TimeSpan? retryAfter = null, Exception? innerException = null)
        : base(message, innerException) => RetryAfter = retryAfter;

    public MemoryLayerUnavailableException() { }

    public MemoryLayerUnavailableException(string message) : base(message) { }

    public MemoryLayerUnavailableException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>How long the layer asked us to wait (Retry-After), when it said.</summary>
    public TimeSpan? RetryAfter { get; }
}

/// <summary>The remote memory layer refused the request (bad key, invalid body): retrying the same call will not help.</summary>
public sealed class MemoryLayerRejectedException : Exception
{
    public MemoryLayerRejectedException(string message, int? statusCode = null) : base(message) => StatusCode = statusCode;

    public MemoryLayerRejectedException() { }

    public MemoryLayerRejectedException(string message) : base(message) { }

    public MemoryLayerRejectedException(string message, Exception innerException) : base(message, innerException) { }

    public int? StatusCode { get; }

    /// <summary>401/403: our key is wrong, so every call fails alike; not this memory's fault.</summary>
    public bool IsAuthenticationFailure => StatusCode is 401 or 403;
}
