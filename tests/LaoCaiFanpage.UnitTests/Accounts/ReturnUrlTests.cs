using LaoCaiFanpage.Silo.Accounts;

namespace LaoCaiFanpage.UnitTests.Accounts;

/// <summary>Where the sign-in form may send a browser afterwards: only a path on this site.</summary>
public sealed class ReturnUrlTests
{
    [Theory]
    [InlineData("/")]
    [InlineData("/cases")]
    [InlineData("/cases/100000000000001_5_6?tab=clocks")]
    [InlineData("/units/SXD")]
    public void Local_paths_are_kept(string url) => Assert.Equal(url, LoginPage.LocalOrRoot(url));

    [Theory]
    [InlineData("//evil.example/phish")]
    [InlineData("/\t/evil.example")] // browsers drop the tab: //evil.example
    [InlineData("/\n/evil.example")]
    [InlineData("/\r\n/evil.example")]
    [InlineData("/\\evil.example")] // browsers read the backslash as a slash
    [InlineData("/cases\\..\\\\evil.example")]
    [InlineData("\\\\evil.example")]
    [InlineData("https://evil.example/")]
    [InlineData("javascript:alert(1)")]
    [InlineData(" /cases")]
    [InlineData("/ /evil.example")]
    [InlineData("/\u0000/evil.example")]
    [InlineData("/\u2028/evil.example")]
    [InlineData("")]
    [InlineData(null)]
    public void Anything_that_could_leave_the_site_becomes_the_start_page(string? url) => Assert.Equal("/", LoginPage.LocalOrRoot(url));

    [Fact]
    public void A_very_long_path_becomes_the_start_page() => Assert.Equal("/", LoginPage.LocalOrRoot("/" + new string('a', 600)));
}
