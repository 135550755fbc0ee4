using System.Security.Cryptography;
using System.Text;
using LaoCaiFanpage.Contracts.Impostors;

namespace LaoCaiFanpage.Grains.Impostors;

/// <summary>
/// The grain key of a candidate page: "page-" and 32 hex digits of its identity (its page id, else its username
/// in lower case, else its address), so the same page reported twice is one record.
/// </summary>
public static class ImpostorPageKey
{
    public static string For(PageCandidate candidate)
    {
        var address = FacebookPageAddress.Parse(candidate.Url);
        var identity = (candidate.PageId ?? address?.PageId) is { } id ? "id:" + id
            : (candidate.Username ?? address?.Username) is { } username ? "user:" + username.ToLowerInvariant().Replace(".", string.Empty, StringComparison.Ordinal)
            : "url:" + (address?.Url ?? candidate.Url ?? candidate.Name);
        return "page-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)))[..32];
    }
}
