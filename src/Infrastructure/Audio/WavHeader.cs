using System.Buffers.Binary;
using NodaTime;

namespace MemoryAssistant.Infrastructure.Audio;

/// <param name="DataBytes">Size of the sample data (the "data" chunk).</param>
public sealed record WavFormat(int AudioFormat, int Channels, int SampleRate, int BitsPerSample, long DataBytes)
{
    private const int Pcm = 1;
    private const int Extensible = 0xFFFE;

    public long BytesPerSecond => (long)SampleRate * Channels * (BitsPerSample / 8);

    public Duration Duration =>
        BytesPerSecond == 0 ? Duration.Zero : Duration.FromTicks(DataBytes * NodaConstants.TicksPerSecond / BytesPerSecond);

    /// <summary>What pocketsphinx's en-us model expects and what the transcoder writes.</summary>
    public bool IsPcm16kMono16Bit =>
        AudioFormat is Pcm or Extensible && Channels == 1 && SampleRate == 16000 && BitsPerSample == 16;
}

/// <summary>Reads a RIFF/WAVE header by walking its chunks (ffmpeg puts a LIST chunk before "data").</summary>
public static class WavHeader
{
    /// <exception cref="InvalidDataException">Not a RIFF/WAVE file with "fmt " and "data" chunks.</exception>
    public static WavFormat Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 4096);
        Span<byte> riff = stackalloc byte[12];
        if (stream.ReadAtLeast(riff, riff.Length, throwOnEndOfStream: false) < riff.Length
            || !riff[..4].SequenceEqual("RIFF"u8) || !riff[8..12].SequenceEqual("WAVE"u8))
            throw new InvalidDataException($"'{path}' is not a RIFF/WAVE file.");

        Span<byte> chunk = stackalloc byte[8];
        Span<byte> fmt = stackalloc byte[16];
        var haveFormat = false;
        int audioFormat = 0, channels = 0, sampleRate = 0, bits = 0;
        while (stream.ReadAtLeast(chunk, chunk.Length, throwOnEndOfStream: false) == chunk.Length)
        {
            var size = BinaryPrimitives.ReadUInt32LittleEndian(chunk[4..]);
            var remaining = stream.Length - stream.Position;
            if (chunk[..4].SequenceEqual("fmt "u8))
            {
                if (size < fmt.Length || stream.ReadAtLeast(fmt, fmt.Length, throwOnEndOfStream: false) < fmt.Length)
                    break;
                audioFormat = BinaryPrimitives.ReadUInt16LittleEndian(fmt);
                channels = BinaryPrimitives.ReadUInt16LittleEndian(fmt[2..]);
                sampleRate = BinaryPrimitives.ReadInt32LittleEndian(fmt[4..]);
                bits = BinaryPrimitives.ReadUInt16LittleEndian(fmt[14..]);
                haveFormat = true;
                stream.Seek(size - fmt.Length + (size & 1), SeekOrigin.Current);
            }
            else if (chunk[..4].SequenceEqual("data"u8))
            {
                if (!haveFormat)
                    break;
                // A streamed WAV may carry a placeholder size (0 or 0xFFFFFFFF): trust the file's length then.
                var dataBytes = size == 0 || size > remaining ? remaining : size;
                return new WavFormat(audioFormat, channels, sampleRate, bits, dataBytes);
            }
            else
            {
                stream.Seek(size + (size & 1), SeekOrigin.Current);
            }
        }

        throw new InvalidDataException($"'{path}' has no \"fmt \" chunk followed by a \"data\" chunk.");
    }
}
