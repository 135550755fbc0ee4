using LaoCaiFanpage.Grains.Impostors;

namespace LaoCaiFanpage.UnitTests.Impostors;

public sealed class FacebookPageAddressTests
{
    [Theory]
    [InlineData("https://www.facebook.com/UBNDTLC", "UBNDTLC", null)]
    [InlineData("facebook.com/UBNDTLC/", "UBNDTLC", null)]
    [InlineData("https://m.facebook.com/ubnd.tinhlaocai?ref=bookmarks", "ubnd.tinhlaocai", null)]
    [InlineData("https://fb.com/UBNDTLC", "UBNDTLC", null)]
    [InlineData("https://www.facebook.com/profile.php?id=61550000000001", null, "61550000000001")]
    [InlineData("https://www.facebook.com/people/UBND-Lao-Cai/61550000000002/", null, "61550000000002")]
    [InlineData("https://www.facebook.com/100064000000009", null, "100064000000009")]
    public void Page_addresses_are_taken_apart(string url, string? username, string? pageId)
    {
        var address = FacebookPageAddress.Parse(url);
        Assert.NotNull(address);
        Assert.Equal((username, pageId), (address.Username, address.PageId));
        Assert.StartsWith("https://www.facebook.com/", address.Url, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://evil.example/UBNDTLC")]
    [InlineData("https://facebook.com.evil.example/UBNDTLC")]
    [InlineData("javascript:alert(1)")]
    [InlineData("ftp://facebook.com/UBNDTLC")]
    [InlineData("https://www.facebook.com/")]
    [InlineData("https://www.facebook.com/groups/123")]
    [InlineData("https://www.facebook.com/profile.php?id=abc")]
    [InlineData("https://www.facebook.com/<script>")]
    [InlineData("")]
    public void Other_addresses_are_not_pages(string url) => Assert.Null(FacebookPageAddress.Parse(url));
}
