using System.Globalization;
using System.Text.RegularExpressions;
using LaoCaiFanpage.Contracts.Impostors;
using LaoCaiFanpage.Grains.Impostors;

namespace LaoCaiFanpage.Silo.Impostors;

/// <summary>A candidate page's fields as sent (JSON properties or CSV columns), before validation.</summary>
public sealed record CandidateFields(string? Url, string? PageId, string? Name, string? Username, string? About, string? Category, string? Followers, string? VerificationStatus, string? Picture)
{
    /// <summary>The field names, as JSON properties and CSV column headers.</summary>
    public static IReadOnlyList<string> Names { get; } = ["url", "pageId", "name", "username", "about", "category", "followers", "verificationStatus", "picture"];
}

/// <summary>A validated candidate: the page (with its picture's hash when the picture came in the request), and a picture address still to download.</summary>
public sealed partial record CandidateInput(PageCandidate Page, Uri? PictureAddress)
{
    /// <summary>The candidate, or the precise reason it is refused (one sentence, for a 400 problem).</summary>
    public static (CandidateInput? Input, string? Error) Validate(CandidateFields f, string source, ImpostorOptions options, PagePictures pictures)
    {
        var name = Clean(f.Name);
        var url = Clean(f.Url);
        if (name is null && url is null)
        {
            return (null, "a candidate needs a name or a url.");
        }

        if (name is { Length: > 300 })
        {
            return (null, "name is at most 300 characters.");
        }

        FacebookPageAddress? address = null;
        if (url is not null && (address = FacebookPageAddress.Parse(url)) is null)
        {
            return (null, "url must be the address of a page on facebook.com or fb.com (facebook.com/{username} or facebook.com/profile.php?id={id}).");
        }

        var pageId = Clean(f.PageId);
        if (pageId is not null && !PageIdPattern().IsMatch(pageId))
        {
            return (null, "pageId is Facebook's numeric page id (1 to 30 digits).");
        }

        var username = Clean(f.Username);
        if (username is not null && !UsernamePattern().IsMatch(username))
        {
            return (null, "username is a Facebook username: letters, digits and dots, at most 100.");
        }

        var about = Clean(f.About);
        if (about is { Length: > 2000 })
        {
            return (null, "about is at most 2,000 characters.");
        }

        var category = Clean(f.Category);
        if (category is { Length: > 200 })
        {
            return (null, "category is at most 200 characters.");
        }

        long? followers = null;
        if (Clean(f.Followers) is { } count)
        {
            if (!long.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                return (null, "followers is a whole number of at least 0.");
            }

            followers = n;
        }

        var verification = Clean(f.VerificationStatus);
        if (verification is not null && !VerificationPattern().IsMatch(verification))
        {
            return (null, "verificationStatus is Meta's value, e.g. blue_verified, gray_verified or not_verified.");
        }

        ulong? hash = null;
        Uri? pictureAddress = null;
        if (Clean(f.Picture) is { } picture)
        {
            if (picture.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || picture.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            {
                if (picture.Length > 2000 || !Uri.TryCreate(picture, UriKind.Absolute, out pictureAddress) || !pictures.IsAllowed(pictureAddress))
                {
                    return (null, $"picture by address is downloaded only from {string.Join(", ", options.PictureHosts)}; send other pictures as base64.");
                }
            }
            else
            {
                var data = picture.StartsWith("data:", StringComparison.OrdinalIgnoreCase) && picture.IndexOf(";base64,", StringComparison.OrdinalIgnoreCase) is var at and > 0
                    ? picture[(at + 8)..]
                    : picture;
                if ((long)data.Length * 3 / 4 > options.MaxPictureBytes + 3)
                {
                    return (null, $"picture is larger than {options.MaxPictureBytes / 1024} KiB.");
                }

                var buffer = new byte[data.Length * 3 / 4 + 3];
                if (!Convert.TryFromBase64String(data, buffer, out var written))
                {
                    return (null, "picture is an http(s) address or a picture in base64 (optionally as a data: URL).");
                }

                if (written > options.MaxPictureBytes)
                {
                    return (null, $"picture is larger than {options.MaxPictureBytes / 1024} KiB.");
                }

                if (PerceptualHash.Refusal(buffer.AsSpan(0, written), options.MaxPicturePixels) is { } refusal)
                {
                    return (null, $"picture is refused: {refusal}.");
                }

                hash = PerceptualHash.Of(buffer.AsSpan(0, written), options.MaxPicturePixels);
                if (hash is null)
                {
                    return (null, "picture is not a picture Facebook shows (PNG, JPEG, GIF, WebP or BMP).");
                }
            }
        }

        var page = new PageCandidate(address?.Url, pageId ?? address?.PageId, name ?? address!.Username ?? address.PageId!, username ?? address?.Username,
            about, category, followers, verification, pictureAddress?.ToString(), hash, source);
        return (new CandidateInput(page, pictureAddress), null);
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    [GeneratedRegex("^[0-9]{1,30}$")]
    private static partial Regex PageIdPattern();

    [GeneratedRegex("^[A-Za-z0-9.]{1,100}$")]
    private static partial Regex UsernamePattern();

    [GeneratedRegex("^[a-z_]{1,50}$")]
    private static partial Regex VerificationPattern();
}
