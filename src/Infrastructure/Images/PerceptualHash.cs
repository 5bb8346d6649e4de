using System.Numerics;
using ImageMagick;

namespace MemoryAssistant.Infrastructure.Images;

/// <summary>
/// A 64-bit DCT perceptual hash (the pHash.org construction): the image is auto-oriented, flattened onto white,
/// reduced to 32×32 grey levels, transformed with a 2-D DCT-II, and the 8×8 lowest frequencies after the DC
/// term (rows and columns 1–8) are each compared with their median. Recompression, resizing and format changes
/// move few of those bits; different pictures differ in about half of them. A uniform image (all coefficients
/// zero) hashes to 0, so two blank pictures count as near-duplicates of each other.
/// </summary>
public static class PerceptualHash
{
    /// <summary>
    /// Hashes at most this far apart are the same picture. Measured here on 21 pictures (two real photos, ImageMagick's
    /// built-in images, fractal landscapes, text notes on a gradient, flat shape drawings), each copied 10 ways:
    /// <list type="bullet">
    /// <item>Same picture (180 pairs): JPEG quality 40 → max 4, quality 20 → 6, resized to 50 % or 25 % → 4, PNG → 0,
    /// forwarded like WhatsApp (metadata stripped, quality 60) → 6, halved at quality 40 then re-saved at 75 → 4,
    /// brightness +10 % or gamma 1.2 → 6. Mean 0.7–1.8.</item>
    /// <item>Different pictures (209 pairs): min 18 (the same fractal with and without a white disc in it), then 20
    /// (two shape drawings; a note and a fractal), mean 32; copies against other originals (4 180 pairs): min 16.
    /// The same text note with another line of text: 24.</item>
    /// <item>Not caught: a 5 % crop (2–22, mean 7.5) and a flat-colour palette chart (ImageMagick's <c>netscape:</c>,
    /// 6–22: its low frequencies sit on the median), and an edited copy (highlight, dimmed: 12).</item>
    /// </list>
    /// The median splits the 64 coefficients in half, so a hash has 32 bits set and distances between hashes are even:
    /// 10 sits between 6 and 16 with room on both sides.
    /// </summary>
    public const int NearDuplicateMaxDistance = Application.Media.MediaUnderstanding.NearDuplicateMaxDistance;

    private const int Size = 32;
    private const int Low = 8;

    // Cosine basis for frequencies 1..8 only: the hash never looks at the DC row/column or anything higher.
    private static readonly double[,] s_basis = BuildBasis();

    /// <summary>Hashes the first frame of an image file (decodes it: ping and size-check untrusted files first).</summary>
    public static ulong Compute(string path)
    {
        using var image = new MagickImage();
        image.Read(path, new MagickReadSettings { FrameIndex = 0, FrameCount = 1 });
        return Compute(image);
    }

    /// <summary>Hashes an already decoded image; the image itself is left untouched.</summary>
    public static ulong Compute(IMagickImage<byte> image)
    {
        ArgumentNullException.ThrowIfNull(image);
        using var small = image.Clone();
        Reduce(small);
        using var pixels = small.GetPixelsUnsafe();
        var grey = pixels.ToByteArray(0, 0, Size, Size, "R")
            ?? throw new InvalidOperationException("Magick.NET returned no pixels for the reduced image.");
        return HashOf(grey);
    }

    /// <summary>Hamming distance between two hashes: 0 for the same picture, about 32 for unrelated ones.</summary>
    public static int Distance(ulong a, ulong b) => BitOperations.PopCount(a ^ b);

    /// <summary>Whether two hashes are close enough to call the photos the same picture.</summary>
    public static bool AreNearDuplicates(ulong a, ulong b) => Distance(a, b) <= NearDuplicateMaxDistance;

    private static void Reduce(IMagickImage<byte> image)
    {
        image.AutoOrient();
        if (image.HasAlpha)
        {
            // Transparent pixels have arbitrary colour underneath; WhatsApp shows (and re-encodes) them on white.
            image.BackgroundColor = MagickColors.White;
            image.Alpha(AlphaAction.Remove);
        }

        // Resizing before greying is the same linear averaging, on far fewer pixels.
        image.Resize(new MagickGeometry(Size, Size) { IgnoreAspectRatio = true });
        image.Grayscale(PixelIntensityMethod.Rec601Luma);
    }

    private static ulong HashOf(byte[] grey)
    {
        // low = B · P · Bᵀ with B the 8×32 basis: only the 64 coefficients the hash uses are computed.
        Span<double> rows = stackalloc double[Low * Size];
        for (var u = 0; u < Low; u++)
        {
            for (var x = 0; x < Size; x++)
            {
                double sum = 0;
                for (var y = 0; y < Size; y++)
                    sum += s_basis[u, y] * grey[(y * Size) + x];
                rows[(u * Size) + x] = sum;
            }
        }

        Span<double> low = stackalloc double[Low * Low];
        for (var u = 0; u < Low; u++)
        {
            for (var v = 0; v < Low; v++)
            {
                double sum = 0;
                for (var x = 0; x < Size; x++)
                    sum += rows[(u * Size) + x] * s_basis[v, x];
                low[(u * Low) + v] = sum;
            }
        }

        Span<double> sorted = stackalloc double[Low * Low];
        low.CopyTo(sorted);
        sorted.Sort();
        var median = (sorted[(Low * Low / 2) - 1] + sorted[Low * Low / 2]) / 2;

        ulong hash = 0;
        for (var i = 0; i < Low * Low; i++)
        {
            if (low[i] > median)
                hash |= 1UL << (63 - i);
        }

        return hash;
    }

    private static double[,] BuildBasis()
    {
        var basis = new double[Low, Size];
        for (var k = 0; k < Low; k++)
        {
            for (var n = 0; n < Size; n++)
                basis[k, n] = Math.Cos(Math.PI * (k + 1) * ((2 * n) + 1) / (2.0 * Size));
        }

        return basis;
    }
}
