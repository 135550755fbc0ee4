using SkiaSharp;

namespace LaoCaiFanpage.Tests.Shared;

/// <summary>
/// Avatars drawn for the impostor tests: the "official" emblem (a red disc with a gold star over mountains), the
/// same emblem re-encoded and resized as an impostor would copy it, and unrelated pictures.
/// </summary>
public static class TestPictures
{
    /// <summary>A 2 KiB BMP whose header declares 40,000 × 40,000 pixels: decoded, it would ask for gigabytes.</summary>
    public static byte[] DecompressionBomb()
    {
        var bytes = new byte[54 + 2048];
        "BM"u8.CopyTo(bytes);
        BitConverter.TryWriteBytes(bytes.AsSpan(2), bytes.Length);
        BitConverter.TryWriteBytes(bytes.AsSpan(10), 54);
        BitConverter.TryWriteBytes(bytes.AsSpan(14), 40);
        BitConverter.TryWriteBytes(bytes.AsSpan(18), 40_000);
        BitConverter.TryWriteBytes(bytes.AsSpan(22), 40_000);
        BitConverter.TryWriteBytes(bytes.AsSpan(26), (short)1);
        BitConverter.TryWriteBytes(bytes.AsSpan(28), (short)24);
        return bytes;
    }

    public static byte[] Official(int size = 400) => Encode(DrawEmblem(size, SKColors.Red, SKColors.Gold), SKEncodedImageFormat.Png, 100);

    /// <summary>The official emblem downloaded, shrunk and saved as a lossy JPEG (what an impostor page uploads).</summary>
    public static byte[] OfficialCopy(int size = 160, int quality = 55) => Encode(DrawEmblem(size, SKColors.Red, SKColors.Gold), SKEncodedImageFormat.Jpeg, quality);

    /// <summary>Different pictures: "a" green hills, "b" a newspaper masthead, "c" a photo-like gradient with circles.</summary>
    public static byte[] Other(string which, int size = 400) => Encode(which switch
    {
        "a" => DrawHills(size),
        "b" => DrawMasthead(size),
        _ => DrawBubbles(size),
    }, SKEncodedImageFormat.Png, 100);

    /// <summary>The pictures the labelled candidate set names.</summary>
    public static byte[]? Named(string? name) => name switch
    {
        null => null,
        "official" => Official(),
        "official-copy" => OfficialCopy(),
        "other-a" => Other("a"),
        "other-b" => Other("b"),
        _ => Other("c"),
    };

    private static SKBitmap DrawEmblem(int size, SKColor disc, SKColor star)
    {
        var bitmap = new SKBitmap(size, size);
        using var canvas = new SKCanvas(bitmap);
        canvas.Scale(size / 100f);
        canvas.Clear(SKColors.White);
        using var paint = new SKPaint { IsAntialias = true, Color = disc };
        canvas.DrawCircle(50, 42, 34, paint);
        paint.Color = star;
        using var path = new SKPath();
        for (var i = 0; i < 10; i++)
        {
            var radius = i % 2 == 0 ? 22f : 9f;
            var angle = -Math.PI / 2 + i * Math.PI / 5;
            var point = new SKPoint(50 + radius * (float)Math.Cos(angle), 42 + radius * (float)Math.Sin(angle));
            if (i == 0)
            {
                path.MoveTo(point);
            }
            else
            {
                path.LineTo(point);
            }
        }

        path.Close();
        canvas.DrawPath(path, paint);
        paint.Color = new SKColor(0x1B, 0x5E, 0x20);
        using var hills = new SKPath();
        hills.MoveTo(0, 100);
        hills.LineTo(25, 72);
        hills.LineTo(45, 88);
        hills.LineTo(70, 66);
        hills.LineTo(100, 92);
        hills.LineTo(100, 100);
        hills.Close();
        canvas.DrawPath(hills, paint);
        return bitmap;
    }

    private static SKBitmap DrawHills(int size)
    {
        var bitmap = new SKBitmap(size, size);
        using var canvas = new SKCanvas(bitmap);
        canvas.Scale(size / 100f);
        canvas.Clear(new SKColor(0xB3, 0xE5, 0xFC));
        using var paint = new SKPaint { IsAntialias = true, Color = new SKColor(0x33, 0x69, 0x1E) };
        using var path = new SKPath();
        path.MoveTo(0, 60);
        path.LineTo(30, 20);
        path.LineTo(55, 50);
        path.LineTo(80, 10);
        path.LineTo(100, 40);
        path.LineTo(100, 100);
        path.LineTo(0, 100);
        path.Close();
        canvas.DrawPath(path, paint);
        paint.Color = SKColors.Yellow;
        canvas.DrawCircle(15, 15, 8, paint);
        return bitmap;
    }

    private static SKBitmap DrawMasthead(int size)
    {
        var bitmap = new SKBitmap(size, size);
        using var canvas = new SKCanvas(bitmap);
        canvas.Scale(size / 100f);
        canvas.Clear(new SKColor(0x0D, 0x47, 0xA1));
        using var paint = new SKPaint { IsAntialias = true, Color = SKColors.White };
        for (var y = 10; y < 100; y += 18)
        {
            canvas.DrawRect(8, y, 84 - y / 3f, 7, paint);
        }

        return bitmap;
    }

    private static SKBitmap DrawBubbles(int size)
    {
        var bitmap = new SKBitmap(size, size);
        using var canvas = new SKCanvas(bitmap);
        canvas.Scale(size / 100f);
        using var shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(100, 100), [SKColors.Orange, SKColors.Purple], SKShaderTileMode.Clamp);
        using var background = new SKPaint { Shader = shader };
        canvas.DrawRect(0, 0, 100, 100, background);
        using var paint = new SKPaint { IsAntialias = true, Color = SKColors.White.WithAlpha(200) };
        canvas.DrawCircle(70, 30, 15, paint);
        canvas.DrawCircle(30, 70, 22, paint);
        canvas.DrawCircle(80, 80, 8, paint);
        return bitmap;
    }

    private static byte[] Encode(SKBitmap bitmap, SKEncodedImageFormat format, int quality)
    {
        using (bitmap)
        {
            using var image = SKImage.FromBitmap(bitmap);
            using var data = image.Encode(format, quality);
            return data.ToArray();
        }
    }
}
