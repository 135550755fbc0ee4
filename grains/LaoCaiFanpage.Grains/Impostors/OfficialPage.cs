namespace LaoCaiFanpage.Grains.Impostors;

/// <summary>The official page as the detector compares against it (R3: its identity is configuration).</summary>
public sealed record OfficialPage(string PageId, string Username, PageName Name, ulong? AvatarHash, long? Followers)
{
    /// <summary>The same page: its id, its username (Facebook usernames ignore case), or its address.</summary>
    public bool IsSamePage(string? pageId, string? username, string? url)
    {
        if (pageId is not null && string.Equals(pageId, PageId, StringComparison.Ordinal))
        {
            return true;
        }

        if (username is not null && string.Equals(username.Replace(".", string.Empty, StringComparison.Ordinal), Username.Replace(".", string.Empty, StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var address = FacebookPageAddress.Parse(url);
        return address is not null && (address.PageId == PageId || string.Equals(address.Username, Username, StringComparison.OrdinalIgnoreCase));
    }
}
