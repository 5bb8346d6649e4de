using System.Buffers.Binary;
using System.IO.Compression;

namespace MemoryAssistant.Infrastructure.Persistence.Seed;

/// <summary>Small but real media files for the demo data: a PNG picture and a WAV recording, made in code.</summary>
internal static class DemoMedia
{
    /// <summary>A <paramref name="size"/>² PNG with a diagonal two-colour gradient.</summary>
    public static byte[] Png(int size, (byte R, byte G, byte B) from, (byte R, byte G, byte B) to)
    {
        var raw = new byte[size * (1 + size * 3)];
        var i = 0;
        for (var y = 0; y < size; y++)
        {
            raw[i++] = 0; // filter: none
            for (var x = 0; x < size; x++)
            {
                var t = (x + y) / (2.0 * (size - 1));
                raw[i++] = (byte)(from.R + ((to.R - from.R) * t));
                raw[i++] = (byte)(from.G + ((to.G - from.G) * t));
                raw[i++] = (byte)(from.B + ((to.B - from.B) * t));
            }
        }

        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
            zlib.Write(raw);

        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, size);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), size);
        header[8] = 8; // bit depth
        header[9] = 2; // colour type: RGB
        WriteChunk(png, "IHDR", header);
        WriteChunk(png, "IDAT", compressed.ToArray());
        WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    /// <summary>A 16 kHz mono 16-bit WAV of a few tones (a stand-in for a recorded voice note).</summary>
    public static byte[] Wav(double seconds, params double[] frequencies)
    {
        const int rate = 16_000;
        var samples = (int)(rate * seconds);
        var data = new byte[samples * 2];
        for (var n = 0; n < samples; n++)
        {
            var f = frequencies[n * frequencies.Length / samples];
            var value = (short)(Math.Sin(2 * Math.PI * f * n / rate) * 8000);
            BinaryPrimitives.WriteInt16LittleEndian(data.AsSpan(n * 2), value);
        }

        using var wav = new MemoryStream();
        using var writer = new BinaryWriter(wav);
        writer.Write("RIFF"u8);
        writer.Write(36 + data.Length);
        writer.Write("WAVEfmt "u8);
        writer.Write(16);
        writer.Write((short)1); // PCM
        writer.Write((short)1); // mono
        writer.Write(rate);
        writer.Write(rate * 2);
        writer.Write((short)2);
        writer.Write((short)16);
        writer.Write("data"u8);
        writer.Write(data.Length);
        writer.Write(data);
        writer.Flush();
        return wav.ToArray();
    }

    private static void WriteChunk(Stream stream, string type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        stream.Write(length);
        var typeBytes = System.Text.Encoding.ASCII.GetBytes(type);
        stream.Write(typeBytes);
        stream.Write(data);
        Span<byte> checksum = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(checksum, ~Crc32(Crc32(0xFFFFFFFFu, typeBytes), data));
        stream.Write(checksum);
    }

    // PNG's CRC-32 (ISO 3309); a few lines here rather than a package for one demo file.
    private static uint Crc32(uint crc, ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
        }

        return crc;
    }
}
