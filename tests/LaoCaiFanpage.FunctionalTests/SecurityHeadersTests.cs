using LaoCaiFanpage.FunctionalTests.Infrastructure;
using LaoCaiFanpage.Tests.Shared;

namespace LaoCaiFanpage.FunctionalTests;

/// <summary>The headers that confine what a page may do, on the real host, and the pages still working under them in Chromium.</summary>
[Collection(HostCollection.Name)]
public sealed class SecurityHeadersTests(HostFixture fixture)
{
    [Theory]
    [InlineData("login")]
    [InlineData("")]
    [InlineData("cases")]
    [InlineData("api/threads")]
    [InlineData("wall.js")]
    [InlineData("no-such-page")]
    public async Task Every_response_forbids_framing_sniffing_referrers_and_foreign_or_inline_code(string path)
    {
        using var response = await fixture.Client.GetAsync(path);
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("object-src 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        // Plain HTTP (the test host): no HSTS, which only an HTTPS response may carry (see LoadBalancerTests).
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task The_pages_run_under_the_policy_without_a_single_violation()
    {
        var id = MetaDeliveries.NewCommentId();
        await fixture.Client.DeliverOk(MetaDeliveries.Feed(MetaDeliveries.Comment(id, "Kiểm tra chính sách nội dung của trang")));
        using var browser = new Browser();
        browser.RecordPolicyViolations();
        browser.Driver.Navigate().GoToUrl(new Uri(fixture.Host.BaseAddress, "login"));
        Assert.Equal("rgb(11, 26, 43)", browser.Script("return getComputedStyle(document.body).backgroundColor;"));
        Assert.Empty(browser.PolicyViolations());

        await browser.SignIn(new Uri(fixture.Host.BaseAddress, "/"), "admin", SiloProcess.AdminPassword);
        await browser.WaitUntil("document.querySelector('#feed li') !== null", TimeSpan.FromSeconds(15));
        await browser.WaitUntil("[...document.querySelectorAll('img[data-chart]')].some(i => i.src.startsWith('blob:') && i.naturalWidth > 0)", TimeSpan.FromSeconds(20));
        Assert.Empty(browser.PolicyViolations());

        foreach (var (path, ready) in new[]
        {
            // The person's name in the bar leads to their own account page.
            ("/cases", "document.querySelectorAll('#rows tr').length > 0 && document.querySelector('#who a[href=\"/account\"]') !== null"),
            ($"/cases/{id}", "document.body.textContent.includes('Kiểm tra chính sách nội dung của trang')"),
            ("/leadership", "document.readyState === 'complete'"),
            ("/account", "document.getElementById('password-form') !== null"),
        })
        {
            browser.Driver.Navigate().GoToUrl(new Uri(fixture.Host.BaseAddress, path));
            await browser.WaitUntil(ready, TimeSpan.FromSeconds(15));
            await Task.Delay(500);
            Assert.True(browser.PolicyViolations().Count == 0, path + ": " + string.Join("; ", browser.PolicyViolations()));
        }

        // And what the policy is for: a script that got into the page some other way does not run.
        browser.Script("window.__ran = false; const s = document.createElement('script'); s.textContent = 'window.__ran = true;'; document.body.appendChild(s);");
        await browser.WaitUntil("window.__policyViolations.length > 0", TimeSpan.FromSeconds(5));
        Assert.Equal(false, browser.Script("return window.__ran;"));
        Assert.StartsWith("script-src", browser.PolicyViolations()[0], StringComparison.Ordinal);
    }
}
