using MemoryAssistant.Application.Common.Interfaces;

namespace MemoryAssistant.Infrastructure.Images;

/// <summary>No vision model configured: photos are described by their caption, OCR text and EXIF only.</summary>
public sealed class NullImageDescriber : IImageDescriber
{
    public Task<string?> DescribeAsync(byte[] image, string contentType, string? caption, CancellationToken cancellationToken) =>
        Task.FromResult<string?>(null);
}
