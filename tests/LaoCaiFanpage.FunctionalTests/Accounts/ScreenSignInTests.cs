using System.Net;
using LaoCaiFanpage.FunctionalTests.Infrastructure;
using Xunit.Abstractions;

namespace LaoCaiFanpage.FunctionalTests.Accounts;

/// <summary>Signing in from a real browser (headless Chromium): the form, and kiosk links for wall screens.</summary>
[Collection(HostCollection.Name)]
public sealed class ScreenSignInTests(HostFixture fixture, ITestOutputHelper output)
{
    private const string Online = "window.wallState && window.wallState.connection === 'online' && window.wallState.snapshots > 0";

    [Fact]
    public async Task An_officer_signs_in_on_the_vietnamese_form_and_lands_on_the_wall()
    {
        var (username, _) = await fixture.NewUser("EditorialHead");
        using var browser = new Browser();
        browser.Driver.Navigate().GoToUrl(fixture.Host.BaseAddress);
        await browser.WaitUntil("document.getElementById('login-form') !== null", TimeSpan.FromSeconds(10));
        Assert.Equal("vi", browser.Script("return document.documentElement.lang"));
        Assert.Contains("Đăng nhập", (string)browser.Script("return document.title")!, StringComparison.Ordinal);
        browser.Script("document.getElementById('username').value = arguments[0]; document.getElementById('password').value = arguments[1]; document.getElementById('sign-in').click();",
            username, Infrastructure.Accounts.Password);
        await browser.WaitUntil(Online, TimeSpan.FromSeconds(20));
        Assert.Equal(fixture.Host.BaseAddress.AbsolutePath, new Uri(browser.Driver.Url).AbsolutePath);
        output.WriteLine("screenshot: " + browser.SaveScreenshot("signed-in-wall"));
    }

    [Fact]
    public async Task A_wall_opened_with_a_kiosk_link_goes_dark_when_the_link_is_revoked()
    {
        var (kioskId, url) = await fixture.Host.CreateKiosk("Màn hình hội trường");
        using var browser = new Browser();
        browser.Driver.Navigate().GoToUrl(url);
        await browser.WaitUntil(Online, TimeSpan.FromSeconds(20));
        Assert.Equal("/", new Uri(browser.Driver.Url).AbsolutePath);

        using (var revoke = await fixture.Client.PostAsync($"api/kiosks/{kioskId}/revoke", null))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        }

        // The open connection is closed at once, the reconnect is refused, and the screen says why.
        var dark = await browser.WaitUntil("window.wallState.connection === 'signed-out'", TimeSpan.FromSeconds(15));
        output.WriteLine($"screen signed out {dark.TotalSeconds:F1} s after revocation");
        Assert.Contains("Phiên hiển thị đã kết thúc", (string)browser.Script("return document.getElementById('connection-text').textContent")!, StringComparison.Ordinal);
        await browser.WaitUntil("location.pathname === '/login'", TimeSpan.FromSeconds(15));

        // The link itself no longer opens anything.
        browser.Driver.Navigate().GoToUrl(url);
        await browser.WaitUntil("document.body && document.body.textContent.includes('đã bị thu hồi')", TimeSpan.FromSeconds(10));
    }
}
