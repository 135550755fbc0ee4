using System.Globalization;
using System.Web;

namespace LaoCaiFanpage.Grains.Impostors;

/// <summary>
/// A Facebook page address taken apart: facebook.com/{username}, facebook.com/profile.php?id={id},
/// facebook.com/people/{name}/{id}, facebook.com/pages/{name}/{id}, and the same on www., m., web., mbasic. and fb.com.
/// </summary>
public sealed record FacebookPageAddress(string Url, string? Username, string? PageId)
{
    /// <summary>Paths on facebook.com that are Facebook's own pages, not a page's username.</summary>
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "profile.php", "people", "pages", "pg", "groups", "events", "watch", "marketplace", "search", "login", "home.php", "share", "sharer", "story.php", "permalink.php", "photo.php", "hashtag",
    };

    /// <summary>The page the address points at, or null when it is not a page address on facebook.com or fb.com.</summary>
    public static FacebookPageAddress? Parse(string? url)
    {
        if (string.IsNullOrWhiteSpace(url) || url.Length > 2000)
        {
            return null;
        }

        var text = url.Trim();
        if (!text.Contains("://", StringComparison.Ordinal))
        {
            text = "https://" + text;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || !IsFacebookHost(uri.Host))
        {
            return null;
        }

        var segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length == 0)
        {
            return null;
        }

        var query = HttpUtility.ParseQueryString(uri.Query);
        string? username = null;
        string? pageId = null;
        if (segments[0].Equals("profile.php", StringComparison.OrdinalIgnoreCase))
        {
            pageId = query["id"];
        }
        else if (segments[0] is var first && (first.Equals("people", StringComparison.OrdinalIgnoreCase) || first.Equals("pages", StringComparison.OrdinalIgnoreCase)) && segments.Length >= 3)
        {
            pageId = segments[2];
        }
        else if (segments[0].Equals("pg", StringComparison.OrdinalIgnoreCase) && segments.Length >= 2)
        {
            username = segments[1];
        }
        else if (!Reserved.Contains(segments[0]))
        {
            username = segments[0];
        }

        if (pageId is not null && !pageId.All(char.IsAsciiDigit))
        {
            return null;
        }

        if (username is not null && (username.Length > 100 || !username.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_')))
        {
            return null;
        }

        if (pageId is null && username is null)
        {
            return null;
        }

        // Numeric "usernames" are page ids (facebook.com/100064…).
        if (username is not null && username.All(char.IsAsciiDigit))
        {
            (pageId, username) = (username, null);
        }

        var canonical = pageId is not null && username is null
            ? "https://www.facebook.com/profile.php?id=" + pageId
            : "https://www.facebook.com/" + username;
        return new FacebookPageAddress(canonical, username, pageId);
    }

    public static bool IsFacebookHost(string host)
    {
        var h = host.ToLower(CultureInfo.InvariantCulture).TrimEnd('.');
        return h is "facebook.com" or "fb.com" or "fb.me" || h.EndsWith(".facebook.com", StringComparison.Ordinal) || h.EndsWith(".fb.com", StringComparison.Ordinal);
    }
}
