using LaoCaiFanpage.FunctionalTests.Infrastructure;
using LaoCaiFanpage.Tests.Shared;

namespace LaoCaiFanpage.FunctionalTests.Accounts;

/// <summary>
/// A person's own account in headless Chromium: the first sign-in with an administrator's password leads to the
/// account page until they choose their own; enrolling the second factor there, and signing in with its code.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class AccountPageTests(HostFixture fixture)
{
    private const string Mine = "Mat-khau-cua-toi-2026";

    [Fact]
    public async Task A_new_officer_chooses_their_own_password_then_enrols_a_second_factor_and_signs_in_with_its_code()
    {
        var username = "truongban-" + Guid.NewGuid().ToString("N")[..8];
        await fixture.Host.CreateUserAs(fixture.Client, username, ["EditorialHead"]);
        using var browser = new Browser();

        // The administrator's password opens only the account page.
        await browser.SignIn(new Uri(fixture.Host.BaseAddress, "/cases"), username, SiloProcess.TemporaryPassword);
        await browser.WaitUntil("document.getElementById('pending') !== null", TimeSpan.FromSeconds(10));
        Assert.Equal("/account", new Uri(browser.Driver.Url).AbsolutePath);
        browser.Driver.Navigate().GoToUrl(new Uri(fixture.Host.BaseAddress, "/cases"));
        await browser.WaitUntil("document.getElementById('password-form') !== null", TimeSpan.FromSeconds(10));
        Assert.Equal("/account", new Uri(browser.Driver.Url).AbsolutePath);

        browser.Script("document.getElementById('currentPassword').value = arguments[0]; document.getElementById('newPassword').value = arguments[1]; document.getElementById('change-password').click();",
            SiloProcess.TemporaryPassword, Mine);
        await browser.WaitUntil("document.getElementById('notice') !== null", TimeSpan.FromSeconds(10));
        Assert.Contains("Đã đổi mật khẩu", (string)browser.Script("return document.getElementById('notice').textContent")!, StringComparison.Ordinal);
        Assert.Equal(true, browser.Script("return document.getElementById('pending') === null"));

        // The second factor, with the key the page shows, as an authenticator app would read it.
        browser.Script("document.getElementById('enable-second-factor').click();");
        await browser.WaitUntil("document.getElementById('totp-secret') !== null", TimeSpan.FromSeconds(10));
        var secret = (string)browser.Script("return document.getElementById('totp-secret').textContent")!;
        Assert.StartsWith("otpauth://totp/", (string)browser.Script("return document.getElementById('totp-uri').textContent")!, StringComparison.Ordinal);
        browser.Script("document.getElementById('code').value = arguments[0]; document.querySelector('#totp-confirm button').click();",
            AuthenticatorApp.Code(secret, DateTimeOffset.UtcNow));
        await browser.WaitUntil("document.querySelectorAll('#recovery-codes li').length === 10", TimeSpan.FromSeconds(10));

        // Signed out, the password alone is not enough; with the code it is.
        browser.Driver.Manage().Cookies.DeleteAllCookies();
        await browser.SignIn(new Uri(fixture.Host.BaseAddress, "/cases"), username, Mine);
        await browser.WaitUntil("document.querySelector('.error') !== null", TimeSpan.FromSeconds(10));
        Assert.Contains("cần mã xác thực", (string)browser.Script("return document.querySelector('.error').textContent")!, StringComparison.Ordinal);
        browser.Script("document.getElementById('username').value = arguments[0]; document.getElementById('password').value = arguments[1]; document.getElementById('code').value = arguments[2]; document.getElementById('sign-in').click();",
            username, Mine, AuthenticatorApp.Code(secret, DateTimeOffset.UtcNow, 1));
        await browser.WaitUntil("document.querySelector('#who a') !== null", TimeSpan.FromSeconds(15));
        Assert.Equal("/cases", new Uri(browser.Driver.Url).AbsolutePath);
    }
}
