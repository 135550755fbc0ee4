using System.Globalization;
using LaoCaiFanpage.Grains.Impostors;
using LaoCaiFanpage.Grains.Storage;

namespace LaoCaiFanpage.Grains.Publishing;

/// <summary>A picture as kept: its type, size in pixels and bytes.</summary>
public sealed record StoredPicture(string Sha256, string ContentType, int Width, int Height, byte[] Data);

/// <summary>
/// Pictures for the page's posts (0015-integrity.sql), by the SHA-256 of their bytes: a draft names them by digest, so
/// the approved item is its text and these exact pictures, and the outbox publishes the same bytes.
/// </summary>
public sealed class MediaStore(FanpageDatabase database, WriteGate gate)
{
    /// <summary>Keeps a picture (the same bytes twice are one picture).</summary>
    public Task Save(StoredPicture picture, string uploadedBy, DateTimeOffset at) => gate.Run(async () =>
    {
        await using var connection = await database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO media (sha256, content_type, width, height, size, data, uploaded_by, uploaded_at)
            VALUES (@sha, @type, @width, @height, @size, @data, @by, @at)
            ON CONFLICT (sha256) DO NOTHING
            """;
        command.AddParameter("@sha", picture.Sha256);
        command.AddParameter("@type", picture.ContentType);
        command.AddParameter("@width", picture.Width);
        command.AddParameter("@height", picture.Height);
        command.AddParameter("@size", picture.Data.Length);
        command.AddParameter("@data", picture.Data);
        command.AddParameter("@by", uploadedBy);
        command.AddParameter("@at", at.ToUnixTimeMilliseconds());
        await command.ExecuteNonQueryAsync();
    });

    public async Task<StoredPicture?> Get(string sha256)
    {
        await using var connection = await database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT content_type, width, height, data FROM media WHERE sha256 = @sha";
        command.AddParameter("@sha", sha256);
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync()
            ? new StoredPicture(sha256, reader.GetString(0), Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture),
                Convert.ToInt32(reader.GetValue(2), CultureInfo.InvariantCulture), (byte[])reader.GetValue(3))
            : null;
    }

    /// <summary>The digests among these that name no kept picture.</summary>
    public async Task<IReadOnlyList<string>> Missing(IReadOnlyList<string> sha256s)
    {
        var missing = new List<string>();
        await using var connection = await database.OpenAsync();
        foreach (var sha in sha256s)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM media WHERE sha256 = @sha";
            command.AddParameter("@sha", sha);
            if (Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture) == 0)
            {
                missing.Add(sha);
            }
        }

        return missing;
    }
}

/// <summary>
/// What an uploaded picture is, read from its header only (its pixels are never decoded here): the format must be the
/// one declared and one Facebook publishes, and the size within the pixel limit (a small file can declare
/// a huge picture, see <see cref="LaoCaiFanpage.Grains.Impostors.PerceptualHash.Refusal"/>).
/// </summary>
public static class PictureCheck
{
    public const long MaxPixels = 16_000_000;

    public static IReadOnlyDictionary<string, SkiaSharp.SKEncodedImageFormat> Formats { get; } = new Dictionary<string, SkiaSharp.SKEncodedImageFormat>(StringComparer.Ordinal)
    {
        ["image/jpeg"] = SkiaSharp.SKEncodedImageFormat.Jpeg,
        ["image/png"] = SkiaSharp.SKEncodedImageFormat.Png,
        ["image/gif"] = SkiaSharp.SKEncodedImageFormat.Gif,
    };

    public static (int Width, int Height, string? Refusal) Inspect(byte[] encoded, string contentType, long maxPixels = MaxPixels)
    {
        if (PerceptualHash.Refusal(encoded, maxPixels) is { } refusal)
        {
            return (0, 0, refusal);
        }

        using var data = SkiaSharp.SKData.CreateCopy(encoded);
        using var codec = SkiaSharp.SKCodec.Create(data);
        return !Formats.TryGetValue(contentType, out var declared) || codec.EncodedFormat != declared
            ? (0, 0, $"its bytes are {codec.EncodedFormat}, not the declared {contentType}")
            : (codec.Info.Width, codec.Info.Height, null);
    }
}
