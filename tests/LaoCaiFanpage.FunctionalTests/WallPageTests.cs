using LaoCaiFanpage.FunctionalTests.Infrastructure;
using LaoCaiFanpage.Tests.Shared;
using Xunit.Abstractions;

namespace LaoCaiFanpage.FunctionalTests;

/// <summary>The wall page in real headless Chromium against the real host.</summary>
[Collection(HostCollection.Name)]
public sealed class WallPageTests(HostFixture fixture, ITestOutputHelper output)
{
    private const string Online = "window.wallState && window.wallState.connection === 'online' && window.wallState.snapshots > 0";

    private static string FeedHas(string id) => $"document.querySelector('#feed li[data-message-id=\"{id}\"]')";

    [Fact]
    public async Task A_delivery_appears_on_the_wall_within_a_second_and_hostile_text_stays_text()
    {
        using var browser = new Browser();
        browser.Driver.Navigate().GoToUrl((await fixture.Host.CreateKiosk()).Url);
        await browser.WaitUntil(Online, TimeSpan.FromSeconds(20));
        Assert.Equal("TRUNG TÂM GIÁM SÁT FANPAGE", browser.Script("return document.querySelector('h1').textContent"));

        var id = MetaDeliveries.NewCommentId();
        const string hostile = "<img src=x onerror=\"window.__pwned=1\"><script>window.__pwned=2</script> Đề nghị kiểm tra";
        var delivery = fixture.Client.DeliverOk(MetaDeliveries.Feed(MetaDeliveries.Comment(id, hostile, fromName: "<b>Lò Thị Mỷ</b>")));
        var shown = await browser.WaitUntil(FeedHas(id), TimeSpan.FromSeconds(5));
        await delivery;
        output.WriteLine($"delivery to wall: {shown.TotalMilliseconds:F0} ms");
        Assert.True(shown < TimeSpan.FromSeconds(1), $"took {shown}");

        Assert.Equal(hostile, browser.Script($"return {FeedHas(id)}.querySelector('.what').textContent"));
        Assert.StartsWith("<b>Lò Thị Mỷ</b>", (string)browser.Script($"return {FeedHas(id)}.querySelector('.who').textContent")!, StringComparison.Ordinal);
        Assert.Equal(0L, browser.Script("return document.querySelectorAll('#feed img, #feed script, #feed b').length"));
        await Task.Delay(300);
        Assert.Null(browser.Script("return window.__pwned === undefined ? null : window.__pwned"));

        var today = Convert.ToInt64(browser.Script("return Number(document.getElementById('c-comments-today').textContent.replace(/\\D/g, ''))"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(today >= 1);
        output.WriteLine("screenshot: " + browser.SaveScreenshot("wall-1920x1080"));
    }

    [Fact]
    public async Task The_wall_renders_at_4k()
    {
        using var browser = new Browser(3840, 2160);
        browser.Driver.Navigate().GoToUrl((await fixture.Host.CreateKiosk()).Url);
        await browser.WaitUntil(Online, TimeSpan.FromSeconds(20));
        var fontSize = browser.Script("return parseFloat(getComputedStyle(document.querySelector('.counter .value')).fontSize)");
        Assert.True(Convert.ToDouble(fontSize, System.Globalization.CultureInfo.InvariantCulture) >= 100, $"counter numerals are {fontSize}px at 4K");
        output.WriteLine("screenshot: " + browser.SaveScreenshot("wall-3840x2160"));
    }
}

/// <summary>The wall keeps going across a server restart without a page reload.</summary>
public sealed class WallReconnectTests(ITestOutputHelper output)
{
    [Fact]
    public async Task After_a_server_restart_the_page_reconnects_and_shows_new_deliveries_without_reloading()
    {
        await using var host = new SiloProcess();
        await host.Start();
        using var browser = new Browser();
        // A wall screen signs in once with its kiosk link; the session outlives the host's restart.
        browser.Driver.Navigate().GoToUrl((await host.CreateKiosk()).Url);
        await browser.WaitUntil("window.wallState && window.wallState.connection === 'online' && window.wallState.snapshots > 0", TimeSpan.FromSeconds(20));
        browser.Script("window.__sameDocument = 'yes';");

        await host.Kill();
        await browser.WaitUntil("window.wallState.connection !== 'online'", TimeSpan.FromSeconds(20));
        await host.Start(keepHttpPort: true);
        var back = await browser.WaitUntil("window.wallState.connection === 'online' && window.wallState.snapshots > 1", TimeSpan.FromSeconds(30));
        output.WriteLine($"reconnected {back.TotalSeconds:F1} s after the host was ready");

        var id = MetaDeliveries.NewCommentId();
        using var client = await host.CreateSignedInClient();
        await client.DeliverOk(MetaDeliveries.Feed(MetaDeliveries.Comment(id, "Sau khi khởi động lại")));
        await browser.WaitUntil($"document.querySelector('#feed li[data-message-id=\"{id}\"]')", TimeSpan.FromSeconds(5));
        Assert.Equal("yes", browser.Script("return window.__sameDocument"));
    }
}
