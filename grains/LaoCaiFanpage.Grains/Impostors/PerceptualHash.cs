using System.Globalization;
using System.Numerics;
using SkiaSharp;

namespace LaoCaiFanpage.Grains.Impostors;

/// <summary>
/// A 64-bit perceptual hash of a picture (the DCT hash): the picture reduced to 32×32 grey, its 2-D cosine
/// transform, and one bit per low frequency (the 8×8 block without the mean) saying whether it is above the
/// block's median. Re-encoding, resizing and small colour changes move a few bits; a different picture about half.
/// </summary>
public static class PerceptualHash
{
    private const int Size = 32;
    private const int Block = 8;

    /// <summary>Hashes at most this far apart (of 64 bits) are the same picture.</summary>
    public const int SameBelow = 10;

    /// <summary>Hashes this far apart or more are different pictures.</summary>
    public const int DifferentFrom = 22;

    private static readonly double[,] Cosines = BuildCosines();

    /// <summary>
    /// Why an encoded picture is refused before it is decoded, or null: its header is read (not its pixels) and a
    /// picture declaring more than <paramref name="maxPixels"/> pixels is refused, since decoding a 2 MiB file that
    /// declares 40,000 × 40,000 pixels would ask for gigabytes.
    /// </summary>
    public static string? Refusal(ReadOnlySpan<byte> encoded, long maxPixels)
    {
        using var data = SKData.CreateCopy(encoded);
        using var codec = SKCodec.Create(data);
        if (codec is null || codec.Info.Width < 1 || codec.Info.Height < 1)
        {
            return "it is not a picture (PNG, JPEG, GIF, WebP or BMP)";
        }

        var pixels = (long)codec.Info.Width * codec.Info.Height;
        return pixels > maxPixels
            ? string.Create(CultureInfo.InvariantCulture, $"it declares {codec.Info.Width:N0} × {codec.Info.Height:N0} pixels, more than the {maxPixels:N0} accepted")
            : null;
    }

    /// <summary>
    /// The hash of an encoded picture (PNG, JPEG, GIF, WebP, BMP…), or null when it cannot be decoded or is larger
    /// than <paramref name="maxPixels"/> (checked from its header first, see <see cref="Refusal"/>).
    /// </summary>
    public static ulong? Of(ReadOnlySpan<byte> encoded, long maxPixels)
    {
        if (Refusal(encoded, maxPixels) is not null)
        {
            return null;
        }

        using var data = SKData.CreateCopy(encoded);
        using var decoded = SKBitmap.Decode(data);
        if (decoded is null || decoded.Width < 1 || decoded.Height < 1)
        {
            return null;
        }

        using var grey = new SKBitmap(new SKImageInfo(Size, Size, SKColorType.Gray8, SKAlphaType.Opaque));
        using (var canvas = new SKCanvas(grey))
        {
            // Transparent avatars are seen on Facebook's white background.
            canvas.Clear(SKColors.White);
            using var image = SKImage.FromBitmap(decoded);
            canvas.DrawImage(image, new SKRect(0, 0, Size, Size), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        }

        var pixels = new double[Size, Size];
        var bytes = grey.GetPixelSpan();
        for (var y = 0; y < Size; y++)
        {
            for (var x = 0; x < Size; x++)
            {
                pixels[y, x] = bytes[y * grey.RowBytes + x];
            }
        }

        return FromPixels(pixels);
    }

    /// <summary>Bits that differ between two hashes (0 = same picture, about 32 = unrelated pictures).</summary>
    public static int Distance(ulong a, ulong b) => BitOperations.PopCount(a ^ b);

    /// <summary>1 for the same picture, 0 for different ones, linear between.</summary>
    public static double Similarity(ulong a, ulong b)
    {
        var distance = Distance(a, b);
        return distance <= SameBelow ? 1.0 : distance >= DifferentFrom ? 0.0 : (DifferentFrom - distance) / (double)(DifferentFrom - SameBelow);
    }

    private static ulong FromPixels(double[,] pixels)
    {
        // Rows then columns of the 2-D DCT-II, only the low 8×8 frequencies that the hash reads.
        var rows = new double[Size, Block];
        for (var y = 0; y < Size; y++)
        {
            for (var u = 0; u < Block; u++)
            {
                var sum = 0.0;
                for (var x = 0; x < Size; x++)
                {
                    sum += pixels[y, x] * Cosines[u, x];
                }

                rows[y, u] = sum;
            }
        }

        var coefficients = new double[Block * Block];
        for (var v = 0; v < Block; v++)
        {
            for (var u = 0; u < Block; u++)
            {
                var sum = 0.0;
                for (var y = 0; y < Size; y++)
                {
                    sum += rows[y, u] * Cosines[v, y];
                }

                coefficients[v * Block + u] = sum;
            }
        }

        // The mean (0,0) says only how bright the picture is: it is left out of the median and the bits.
        var median = coefficients.Skip(1).Order().ElementAt((coefficients.Length - 1) / 2);
        ulong hash = 0;
        for (var i = 1; i < coefficients.Length; i++)
        {
            if (coefficients[i] > median)
            {
                hash |= 1UL << i;
            }
        }

        return hash;
    }

    private static double[,] BuildCosines()
    {
        var table = new double[Block, Size];
        for (var u = 0; u < Block; u++)
        {
            for (var x = 0; x < Size; x++)
            {
                table[u, x] = Math.Cos((2 * x + 1) * u * Math.PI / (2 * Size));
            }
        }

        return table;
    }
}
