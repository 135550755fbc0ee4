using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
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

        // The host's first delivery after start also compiles the path it takes (the JIT): the wall's promise is about
        // a service that has been running, so one delivery goes first, and must reach the wall too.
        var first = MetaDeliveries.NewCommentId();
        await fixture.Client.DeliverOk(MetaDeliveries.Feed(MetaDeliveries.Comment(first, "Phản ánh đường tổ 3 bị ngập")));
        await browser.WaitUntil(FeedHas(first), TimeSpan.FromSeconds(10));

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

        var today = Convert.ToInt64(browser.Script("return Number(document.getElementById('c-comments-today').textContent.replace(/\\D/g, ''))"), CultureInfo.InvariantCulture);
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
        Assert.True(Convert.ToDouble(fontSize, CultureInfo.InvariantCulture) >= 100, $"counter numerals are {fontSize}px at 4K");
        output.WriteLine("screenshot: " + browser.SaveScreenshot("wall-3840x2160"));
    }

    [Theory]
    [InlineData(1920, 1080)]
    [InlineData(3840, 2160)]
    public async Task The_wall_shows_the_units_sla_board_the_lunar_date_and_charts_drawn_by_the_server(int width, int height)
    {
        // A case routed to a unit: the unit appears on the board with an open answer clock.
        var id = MetaDeliveries.NewCommentId();
        await fixture.Client.DeliverOk(MetaDeliveries.Feed(MetaDeliveries.Comment(id, "Đề nghị sửa đèn đường tổ 5")));
        await Editorial.Post(fixture.Client, $"api/threads/{id}/classify", new { category = 5, authority = "office" });
        await Editorial.Post(fixture.Client, $"api/threads/{id}/assign", new { units = new[] { "SCT" }, complexity = "own" });

        using var browser = new Browser(width, height);
        browser.Driver.Navigate().GoToUrl((await fixture.Host.CreateKiosk()).Url);
        await browser.WaitUntil(Online, TimeSpan.FromSeconds(20));
        await browser.WaitUntil("document.querySelector('#unit-board tr[data-unit=\"SCT\"]') !== null", TimeSpan.FromSeconds(10));
        Assert.Contains("Sở Công Thương", (string)browser.Script("return document.querySelector('#unit-board tr[data-unit=\"SCT\"]').textContent")!, StringComparison.Ordinal);
        await browser.WaitUntil("document.getElementById('clock-lunar').textContent.startsWith('Âm lịch: ngày ')", TimeSpan.FromSeconds(10));

        // Every chart arrives as a PNG the browser decodes; the titles are drawn (not blank) — sampled from a canvas.
        await browser.WaitUntil("[...document.querySelectorAll('img[data-chart]')].every(i => i.complete && i.naturalWidth === 1200)", TimeSpan.FromSeconds(30));
        var darkInTitles = Convert.ToInt64(browser.Script("""
            let dark = 0;
            for (const img of document.querySelectorAll('img[data-chart]')) {
              const c = document.createElement('canvas'); c.width = img.naturalWidth; c.height = 40;
              const g = c.getContext('2d'); g.drawImage(img, 0, 0);
              const d = g.getImageData(0, 0, c.width, 40).data;
              let n = 0; for (let i = 0; i < d.length; i += 4) if (d[i] + d[i + 1] + d[i + 2] < 200) n++;
              if (n > 200) dark++;
            }
            return dark;
            """), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(4, darkInTitles);

        // The whole wall fits the screen: a full feed and board are clipped inside their panels, never drawn under the
        // charts; nothing needs scrolling; the seven numerals stand on one line whatever their labels' length.
        for (var i = 0; i < 12; i++)
        {
            await fixture.Client.DeliverOk(MetaDeliveries.Feed(MetaDeliveries.Comment(MetaDeliveries.NewCommentId(),
                "Đề nghị kiểm tra lại việc cấp giấy chứng nhận quyền sử dụng đất cho hộ gia đình tôi ở thôn Nậm Cang, xã Sa Pa, đã nộp hồ sơ từ tháng trước " + i)));
        }

        await browser.WaitUntil("document.querySelectorAll('#feed li').length >= 12", TimeSpan.FromSeconds(10));
        var layout = (IReadOnlyDictionary<string, object>)browser.Script("""
            const r = (el) => el.getBoundingClientRect();
            const chartsTop = r(document.querySelector('.charts')).top;
            const panelBottoms = [...document.querySelectorAll('.panels > section, .side > section')].map((p) => r(p).bottom);
            const numeralTops = [...document.querySelectorAll('.counter .value')].map((v) => Math.round(r(v).top));
            return {
              overlap: Math.max(...panelBottoms) - chartsTop,
              footerBottom: r(document.querySelector('footer')).bottom,
              scroll: document.documentElement.scrollHeight - innerHeight,
              viewport: innerWidth + 'x' + innerHeight,
              numeralSpread: Math.max(...numeralTops) - Math.min(...numeralTops),
            };
            """)!;
        output.WriteLine("layout: " + string.Join(", ", layout.Select(kv => kv.Key + "=" + kv.Value)));
        Assert.Equal($"{width}x{height}", layout["viewport"]);
        Assert.True(Convert.ToDouble(layout["overlap"], CultureInfo.InvariantCulture) <= 0, "a panel reaches under the charts");
        Assert.True(Convert.ToDouble(layout["footerBottom"], CultureInfo.InvariantCulture) <= height, "the footer is off the screen");
        Assert.Equal(0L, Convert.ToInt64(layout["scroll"], CultureInfo.InvariantCulture));
        Assert.Equal(0L, Convert.ToInt64(layout["numeralSpread"], CultureInfo.InvariantCulture));
        output.WriteLine("screenshot: " + browser.SaveScreenshot($"wall-board-charts-{width}x{height}"));
    }

    [Fact]
    public async Task Charts_are_served_with_etags_and_an_unchanged_chart_costs_a_304()
    {
        using var first = await fixture.Client.GetAsync("api/screens/charts/hourly.png");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("image/png", first.Content.Headers.ContentType!.MediaType);
        var etag = first.Headers.ETag!;
        var bytes = await first.Content.ReadAsByteArrayAsync();
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);

        using var request = new HttpRequestMessage(HttpMethod.Get, "api/screens/charts/hourly.png");
        request.Headers.IfNoneMatch.Add(etag);
        using var again = await fixture.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
        Assert.Empty(await again.Content.ReadAsByteArrayAsync());

        using var unknown = await fixture.Client.GetAsync("api/screens/charts/secrets.png");
        await unknown.ReadProblem(HttpStatusCode.NotFound);
        using var anonymous = await fixture.Anonymous.GetAsync("api/screens/charts/hourly.png");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task A_units_screen_shows_its_queue_live()
    {
        var (officer, _) = await fixture.NewUser("UnitOfficer", "SNV");
        using var browser = new Browser();
        await browser.SignIn(new Uri(fixture.Host.BaseAddress, "units/SNV"), officer);
        await browser.WaitUntil("window.unitState && window.unitState.loads > 0 && window.unitState.live", TimeSpan.FromSeconds(20));
        Assert.Equal("Sở Nội vụ", browser.Script("return document.getElementById('unit-name').textContent"));

        var id = MetaDeliveries.NewCommentId();
        await fixture.Client.DeliverOk(MetaDeliveries.Feed(MetaDeliveries.Comment(id, "Hỏi về tuyển dụng công chức")));
        await Editorial.Post(fixture.Client, $"api/threads/{id}/classify", new { category = 5, authority = "office" });
        await Editorial.Post(fixture.Client, $"api/threads/{id}/assign", new { units = new[] { "SNV" }, complexity = "own" });
        var shown = await browser.WaitUntil($"document.querySelector('#queue tr[data-case-id=\"{id}\"]') !== null", TimeSpan.FromSeconds(10));
        output.WriteLine($"the assignment reached the unit's screen after {shown.TotalMilliseconds:F0} ms");
        Assert.Contains("Trả lời", (string)browser.Script($"return document.querySelector('#queue tr[data-case-id=\"{id}\"]').textContent")!, StringComparison.Ordinal);
        // The unit's own officer reads the question's first line and opens the case from its row.
        await browser.WaitUntil($"document.querySelector('#queue tr[data-case-id=\"{id}\"] td.question').textContent.length > 0", TimeSpan.FromSeconds(20));
        Assert.Equal("Hỏi về tuyển dụng công chức", browser.Script($"return document.querySelector('#queue tr[data-case-id=\"{id}\"] td.question').textContent"));
        Assert.EndsWith("/cases/" + Uri.EscapeDataString(id), (string)browser.Script($"return document.querySelector('#queue tr[data-case-id=\"{id}\"] a').href")!, StringComparison.Ordinal);
        Assert.Equal(true, browser.Script("return document.getElementById('officers').hidden"));
        output.WriteLine("screenshot: " + browser.SaveScreenshot("unit-screen"));

        // The unit's head also sees its officers and what each holds; a wall screen sees ids and clocks, never the words.
        var (head, _) = await fixture.NewUser("UnitHead", "SNV");
        using (var headBrowser = new Browser())
        {
            await headBrowser.SignIn(new Uri(fixture.Host.BaseAddress, "units/SNV"), head);
            await headBrowser.WaitUntil($"document.querySelector('#officer-rows tr[data-username=\"{officer}\"]') !== null", TimeSpan.FromSeconds(20));
            Assert.Equal(false, headBrowser.Script("return document.getElementById('officers').hidden"));
        }

        using var wall = new Browser();
        wall.Driver.Navigate().GoToUrl((await fixture.Host.CreateKiosk()).Url);
        wall.Driver.Navigate().GoToUrl(new Uri(fixture.Host.BaseAddress, "units/SNV"));
        await wall.WaitUntil($"window.unitState && window.unitState.loads > 0 && document.querySelector('#queue tr[data-case-id=\"{id}\"]') !== null", TimeSpan.FromSeconds(20));
        Assert.Equal(string.Empty, wall.Script($"return document.querySelector('#queue tr[data-case-id=\"{id}\"] td.question').textContent"));
        Assert.Equal(0L, wall.Script("return document.querySelectorAll('#queue a').length"));
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

/// <summary>The unit board's overdue column says how late the oldest answer is.</summary>
public sealed class WallOverdueTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_clock_missed_while_the_host_was_down_shows_in_red_with_how_late_it_is()
    {
        await using var host = new SiloProcess();
        await host.Start();
        using (var client = await host.CreateSignedInClient())
        {
            await client.DeliverOk(MetaDeliveries.Feed(MetaDeliveries.Comment(MetaDeliveries.NewCommentId(), "Đề nghị trả lời về lịch tiếp công dân")));
        }

        // Ten days later: the Office's four-working-hour intake clock is long past its deadline.
        await host.Kill();
        host.Settings["Diagnostics__ClockOffsetHours"] = "240";
        await host.Start(keepHttpPort: true);

        using var browser = new Browser();
        browser.Driver.Navigate().GoToUrl((await host.CreateKiosk()).Url);
        await browser.WaitUntil("document.querySelector('#unit-board tr[data-unit=\"VP\"] .overdue.nonzero .late') !== null", TimeSpan.FromSeconds(30));
        var late = (string)browser.Script("return document.querySelector('#unit-board tr[data-unit=\"VP\"] .late').textContent")!;
        output.WriteLine("VP: " + late);
        var match = Regex.Match(late, "^trễ (\\d+) ngày (\\d+) giờ$");
        Assert.True(match.Success, late);
        Assert.InRange(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), 5, 10);
        Assert.Equal("rgb(255, 82, 82)", browser.Script("return getComputedStyle(document.querySelector('#unit-board tr[data-unit=\"VP\"] td.overdue')).color"));
    }
}
