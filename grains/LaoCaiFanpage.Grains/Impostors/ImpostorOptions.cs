using System.ComponentModel.DataAnnotations;

namespace LaoCaiFanpage.Grains.Impostors;

/// <summary>Impostor page detection (configuration section <c>Impostors</c>); the official page itself is <c>Fanpage</c>.</summary>
public sealed class ImpostorOptions
{
    public const string Section = "Impostors";

    /// <summary>A score at or above this is <c>suspected</c>; below it, <c>low-risk</c>.</summary>
    [Range(1, 100)]
    public int SuspectThreshold { get; set; } = 50;

    /// <summary>The official page's avatar (an image file) whose perceptual hash candidates' pictures are compared with.</summary>
    public string? OfficialAvatarFile { get; set; }

    /// <summary>The official page's follower count, when known: much smaller pages add a little to a score, large ones take from it.</summary>
    [Range(1, long.MaxValue)]
    public long? OfficialFollowers { get; set; }

    /// <summary>Largest picture accepted (bytes, after base64 decoding or download).</summary>
    [Range(1024, 20 * 1024 * 1024)]
    public int MaxPictureBytes { get; set; } = 2 * 1024 * 1024;

    /// <summary>Largest picture accepted in pixels (width × height), read from its header before anything is decoded.</summary>
    [Range(1024, 100_000_000)]
    public long MaxPicturePixels { get; set; } = 16_000_000;

    /// <summary>Hosts (and their subdomains) pictures given by address may be downloaded from; nothing else is fetched.</summary>
    public string[] PictureHosts { get; set; } = ["fbcdn.net", "facebook.com", "fbsbx.com"];

    /// <summary>The periodic page search and the re-check of confirmed pages (needs Meta's Page Public Content Access).</summary>
    public ImpostorSearchOptions Search { get; set; } = new();
}

/// <summary>Configuration section <c>Impostors:Search</c>.</summary>
public sealed class ImpostorSearchOptions
{
    /// <summary>Off by default: Meta grants the Pages Search API only to apps with the Page Public Content Access feature.</summary>
    public bool Enabled { get; set; }

    [Range(1, 10080)]
    public int IntervalMinutes { get; set; } = 360;

    /// <summary>Search terms; empty means the official name, the name without diacritics and spelled out, and the username.</summary>
    public string[] Queries { get; set; } = [];

    /// <summary>An app access token with the feature (secret; from the environment). Without it the page token is used.</summary>
    public string? AccessToken { get; set; }
}
