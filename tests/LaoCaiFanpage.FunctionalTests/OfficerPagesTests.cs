using System.Globalization;
using System.Text;
using LaoCaiFanpage.FunctionalTests.Infrastructure;
using LaoCaiFanpage.Tests.Shared;
using Xunit.Abstractions;
using static LaoCaiFanpage.FunctionalTests.Infrastructure.Editorial;

namespace LaoCaiFanpage.FunctionalTests;

/// <summary>The officer pages in headless Chromium: queues, the case page, approving with the keyboard, live updates.</summary>
[Collection(HostCollection.Name)]
public sealed class OfficerPagesTests(HostFixture fixture, ITestOutputHelper output)
{
    private static Task SignIn(Browser browser, Uri start, string username) => browser.SignIn(start, username);

    [Fact]
    public async Task The_editorial_head_sees_the_case_in_the_approval_queue_and_approves_it_from_the_case_page()
    {
        var people = await Editorial.SignIn(fixture, "SCT");
        var id = await NewComment(fixture.Client, "Chợ Cốc Lếu bán hàng giả <script>window.pwned=1</script><img src=x onerror=\"window.pwned=2\">");
        await Post(people.Staff.Client, $"api/threads/{id}/classify", new { category = 5, authority = "office" });
        await Post(people.Staff.Client, $"api/threads/{id}/assign", new { units = new[] { "SCT" }, complexity = "own" });
        await Post(people.Officer.Client, $"api/threads/{id}/drafts", new { text = "Sở Công Thương đã kiểm tra và xử lý <b>3</b> cơ sở." });
        await Post(people.Officer.Client, $"api/threads/{id}/submit", new { });

        using var browser = new Browser();
        await SignIn(browser, new Uri(fixture.Host.BaseAddress, "cases?q=head"), people.Head.Name);
        await browser.WaitUntil("document.querySelector('tr[data-case-id=\"' + arguments[0] + '\"]') !== null", TimeSpan.FromSeconds(20), id);
        Assert.Equal("Chờ tôi duyệt (Trưởng Ban)", browser.Script("return document.getElementById('queue-title').textContent"));

        browser.Driver.Navigate().GoToUrl(new Uri(fixture.Host.BaseAddress, "cases/" + Uri.EscapeDataString(id)));
        await browser.WaitUntil("document.getElementById('status').textContent === 'Chờ Trưởng Ban biên tập duyệt'", TimeSpan.FromSeconds(20));
        // The citizen's markup is shown as text and never runs.
        Assert.Contains("<script>window.pwned=1</script>", (string)browser.Script("return document.getElementById('messages').textContent")!, StringComparison.Ordinal);
        Assert.Null(browser.Script("return window.pwned === undefined ? null : window.pwned"));
        Assert.Equal("Sở Công Thương đã kiểm tra và xử lý <b>3</b> cơ sở.", browser.Script("return document.querySelector('#drafts li div:nth-child(2)').textContent"));
        Assert.Equal(false, browser.Script("return document.getElementById('f-approve').hidden"));
        Assert.Equal(true, browser.Script("return document.getElementById('f-classify').hidden"));

        // Keyboard: focus the approve button and press Enter.
        browser.Script("document.querySelector('#f-approve button').focus();");
        browser.Driver.SwitchTo().ActiveElement().SendKeys(OpenQA.Selenium.Keys.Enter);
        await browser.WaitUntil("document.getElementById('status').textContent === 'Chờ Chánh Văn phòng duyệt'", TimeSpan.FromSeconds(20));
        output.WriteLine("screenshot: " + browser.SaveScreenshot("case-page-approved-by-head"));

        // Another officer's action arrives live: the Chief approves through the API, the open page follows.
        await Post(people.Chief.Client, $"api/threads/{id}/approve", new { draft = 1 });
        await browser.WaitUntil("document.getElementById('status').textContent === 'Đã duyệt, chờ đăng'", TimeSpan.FromSeconds(20));
        Assert.Contains(people.Chief.Name, (string)browser.Script("return document.getElementById('history').textContent")!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_unit_officer_sees_only_their_units_queue()
    {
        var people = await Editorial.SignIn(fixture, "SGDDT");
        var mine = await NewComment(fixture.Client, "Trường học thiếu giáo viên");
        var other = await NewComment(fixture.Client, "Đường tỉnh lộ hỏng");
        await Post(people.Staff.Client, $"api/threads/{mine}/classify", new { category = 5, authority = "office" });
        await Post(people.Staff.Client, $"api/threads/{mine}/assign", new { units = new[] { "SGDDT" }, complexity = "own" });
        await Post(people.Staff.Client, $"api/threads/{other}/classify", new { category = 5, authority = "office" });
        await Post(people.Staff.Client, $"api/threads/{other}/assign", new { units = new[] { "SXD" }, complexity = "own" });

        using var browser = new Browser();
        await SignIn(browser, new Uri(fixture.Host.BaseAddress, "cases"), people.Officer.Name);
        await browser.WaitUntil("document.querySelector('tr[data-case-id=\"' + arguments[0] + '\"]') !== null", TimeSpan.FromSeconds(20), mine);
        Assert.Equal("Vụ việc của SGDDT", browser.Script("return document.getElementById('queue-title').textContent"));
        Assert.Equal(false, browser.Script("return document.querySelector('tr[data-case-id=\"' + arguments[0] + '\"]') !== null", other));
    }

    [Fact]
    public async Task A_page_post_written_on_the_page_waits_in_the_heads_queue_and_is_approved_from_its_page()
    {
        var people = await Editorial.SignIn(fixture, "SXD");
        using (var staffBrowser = new Browser())
        {
            await SignIn(staffBrowser, new Uri(fixture.Host.BaseAddress, "cases?q=posts"), people.Staff.Name);
            await staffBrowser.WaitUntil("document.getElementById('new-post') && !document.getElementById('new-post').hidden", TimeSpan.FromSeconds(20));
            staffBrowser.Script("const f = document.getElementById('new-post'); f.category.value = '5'; f.text.value = arguments[0]; f.querySelector('button').click();",
                "Lịch tiếp công dân của Chủ tịch UBND tỉnh tháng 12/2026: thứ Năm tuần thứ hai.");
            await staffBrowser.WaitUntil("location.pathname.startsWith('/posts/post-') && document.getElementById('status').textContent === 'Đang soạn trả lời'", TimeSpan.FromSeconds(20));
            staffBrowser.Script("document.querySelector('form[data-action=submit] button').click();");
            await staffBrowser.WaitUntil("document.getElementById('status').textContent === 'Chờ Trưởng Ban biên tập duyệt'", TimeSpan.FromSeconds(20));
        }

        using var browser = new Browser();
        await SignIn(browser, new Uri(fixture.Host.BaseAddress, "cases?q=head"), people.Head.Name);
        await browser.WaitUntil("[...document.querySelectorAll('#post-rows td')].some(td => td.textContent.includes('Lịch tiếp công dân của Chủ tịch'))", TimeSpan.FromSeconds(20));
        browser.Script("[...document.querySelectorAll('#post-rows tr')].find(tr => tr.textContent.includes('Lịch tiếp công dân của Chủ tịch')).querySelector('a').click();");
        await browser.WaitUntil("location.pathname.startsWith('/posts/') && document.getElementById('status').textContent === 'Chờ Trưởng Ban biên tập duyệt'", TimeSpan.FromSeconds(20));
        browser.Script("document.querySelector('form[data-action=approve] button').click();");
        await browser.WaitUntil("document.getElementById('status').textContent === 'Chờ Chánh Văn phòng duyệt'", TimeSpan.FromSeconds(20));
        Assert.Contains(people.Head.Name, (string)browser.Script("return document.getElementById('approvals').textContent")!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_post_scheduled_from_the_page_shows_on_the_boards_content_calendar_at_its_time()
    {
        var people = await Editorial.SignIn(fixture, "SXD");
        var text = "Thông báo lịch tiếp dân định kỳ " + Guid.NewGuid().ToString("N")[..6] + " <img src=x onerror=\"window.pwned=7\">";
        var at = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(7)).Date.AddDays(2).AddHours(8);
        using var browser = new Browser();
        await SignIn(browser, new Uri(fixture.Host.BaseAddress, "cases?q=posts"), people.Staff.Name);
        await browser.WaitUntil("document.getElementById('new-post') && !document.getElementById('new-post').hidden", TimeSpan.FromSeconds(20));
        browser.Script("const f = document.getElementById('new-post'); f.category.value = '6'; f.text.value = arguments[0]; f.publishAt.value = arguments[1]; f.querySelector('button').click();",
            text, at.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture));
        await browser.WaitUntil("location.pathname.startsWith('/posts/post-')", TimeSpan.FromSeconds(20));
        var id = ((string)browser.Script("return location.pathname;")!)["/posts/".Length..];
        Assert.Equal(new DateTimeOffset(at, TimeSpan.FromHours(7)), (await fixture.Client.GetJson("api/posts/" + id)).GetProperty("publishAt").GetDateTimeOffset());

        browser.Driver.Navigate().GoToUrl(new Uri(fixture.Host.BaseAddress, "cases?q=posts"));
        await browser.WaitUntil("document.querySelector('#post-calendar tr[data-post-id=\"' + arguments[0] + '\"]') !== null", TimeSpan.FromSeconds(20), id);
        var row = (string)browser.Script("return document.querySelector('#post-calendar tr[data-post-id=\"' + arguments[0] + '\"]').textContent;", id)!;
        Assert.Contains(at.ToString("HH:mm", CultureInfo.InvariantCulture), row, StringComparison.Ordinal);
        Assert.Contains("hẹn giờ", row, StringComparison.Ordinal);
        Assert.Contains("<img src=x", row, StringComparison.Ordinal);
        Assert.Null(browser.Script("return window.pwned === undefined ? null : window.pwned"));
    }

    [Fact]
    public async Task A_legacy_encoded_draft_is_flagged_while_typed_and_converted_to_unicode_with_one_click()
    {
        var people = await Editorial.SignIn(fixture, "SXD");
        var id = await NewComment(fixture.Client, "Xin hỏi thủ tục cấp phép sửa chữa nhà ở?");
        await Post(people.Staff.Client, $"api/threads/{id}/classify", new { category = 5, authority = "office" });
        await Post(people.Staff.Client, $"api/threads/{id}/assign", new { units = new[] { "SXD" }, complexity = "own" });

        using var browser = new Browser();
        await SignIn(browser, new Uri(fixture.Host.BaseAddress, "cases/" + Uri.EscapeDataString(id)), people.Officer.Name);
        await browser.WaitUntil("document.getElementById('f-draft') && !document.getElementById('f-draft').hidden", TimeSpan.FromSeconds(20));

        // Pasted from a document typed in a VNI font.
        browser.Script("const t = document.querySelector('#f-draft textarea[name=text]'); t.value = arguments[0]; t.dispatchEvent(new Event('input'));",
            "Sôû Xaây döïng traû lôøi: hoà sô goàm ñôn ñeà nghò vaø baûn veõ.");
        await browser.WaitUntil("!document.querySelector('#f-draft [data-check]').hidden && !document.querySelector('#f-draft [data-convert]').hidden", TimeSpan.FromSeconds(20));
        Assert.Contains("Bảng mã cũ (VNI)", (string)browser.Script("return document.querySelector('#f-draft [data-issues]').textContent")!, StringComparison.Ordinal);
        output.WriteLine("screenshot: " + browser.SaveScreenshot("draft-legacy-encoding-found"));

        browser.Script("document.querySelector('#f-draft [data-convert]').click();");
        await browser.WaitUntil("document.querySelector('#f-draft textarea[name=text]').value === arguments[0]", TimeSpan.FromSeconds(20),
            "Sở Xây dựng trả lời: hồ sơ gồm đơn đề nghị và bản vẽ.");
        await browser.WaitUntil("document.querySelector('#f-draft [data-check]').classList.contains('passes')", TimeSpan.FromSeconds(20));
        browser.Script("document.querySelector('#f-draft button[type=submit]').click();");
        await browser.WaitUntil("document.getElementById('drafts').textContent.includes('Sở Xây dựng trả lời: hồ sơ gồm đơn đề nghị và bản vẽ.')", TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task A_flagged_comment_waits_in_the_boards_queue_and_is_kept_from_its_case_page()
    {
        var people = await Editorial.SignIn(fixture, "SXD");
        var id = await NewComment(fixture.Client, "Có ai biết chỗ mua pháo nổ không ạ? <img src=x onerror=\"window.pwned=3\">");

        using var browser = new Browser();
        await SignIn(browser, new Uri(fixture.Host.BaseAddress, "cases?q=moderation"), people.Staff.Name);
        await browser.WaitUntil("document.querySelector('#moderation-rows tr[data-case-id=\"' + arguments[0] + '\"]') !== null", TimeSpan.FromSeconds(20), id);
        Assert.Equal("Kiểm duyệt bình luận", browser.Script("return document.getElementById('queue-title').textContent"));
        browser.Script("document.querySelector('#moderation-rows tr[data-case-id=\"' + arguments[0] + '\"] a').click();", id);

        await browser.WaitUntil("!document.getElementById('moderation-box').hidden && document.querySelector('#moderation button[data-decision=keep]') !== null", TimeSpan.FromSeconds(20));
        Assert.Contains("12.2.đ", (string)browser.Script("return document.getElementById('moderation').textContent")!, StringComparison.Ordinal);
        Assert.Null(browser.Script("return window.pwned === undefined ? null : window.pwned"));
        browser.Script("document.querySelector('#moderation button[data-decision=keep]').click();");
        await browser.WaitUntil("document.getElementById('moderation').textContent.includes('Giữ nguyên (đã xem xét)')", TimeSpan.FromSeconds(20));
        Assert.Contains(people.Staff.Name, (string)browser.Script("return document.getElementById('history').textContent")!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_crisis_officer_raises_a_signal_sees_it_on_the_wall_banner_and_acknowledges_it_from_the_crises_page()
    {
        var (officerName, officerApi) = await fixture.NewUser("CrisisOfficer");
        var title = "Tin đồn sai về sạt lở " + Guid.NewGuid().ToString("N")[..6] + " <img src=x onerror=\"window.pwned=4\">";

        using var wall = new Browser();
        await SignIn(wall, fixture.Host.BaseAddress, (await fixture.NewUser("WallDisplay")).Username);
        await wall.WaitUntil("window.wallState && window.wallState.snapshots > 0", TimeSpan.FromSeconds(20));

        using var browser = new Browser();
        await SignIn(browser, new Uri(fixture.Host.BaseAddress, "crises"), officerName);
        await browser.WaitUntil("document.getElementById('f-signal') && !document.getElementById('f-signal').hidden", TimeSpan.FromSeconds(20));
        browser.Script("const f = document.getElementById('f-signal'); f.title.value = arguments[0]; f.severity.value = '3'; f.querySelector('button').click();", title);
        await browser.WaitUntil("document.querySelector('#crises li[data-crisis-id] button[data-action=acknowledge]') !== null", TimeSpan.FromSeconds(20));

        // The wall shows the banner within a second or two, the title as text.
        await wall.WaitUntil("!document.getElementById('crisis-banner').hidden && document.getElementById('crisis-items').textContent.includes(arguments[0])", TimeSpan.FromSeconds(5), title);
        Assert.Contains("mức 3", (string)wall.Script("return document.getElementById('crisis-items').textContent")!, StringComparison.Ordinal);
        Assert.Null(wall.Script("return window.pwned === undefined ? null : window.pwned"));
        output.WriteLine("screenshot: " + wall.SaveScreenshot("wall-crisis-banner"));

        browser.Script("document.querySelector('#crises li[data-crisis-id] button[data-action=acknowledge]').click();");
        await browser.WaitUntil("[...document.querySelectorAll('#crises li[data-crisis-id]')].some(li => li.textContent.includes('Đã tiếp nhận'))", TimeSpan.FromSeconds(20));
        Assert.Null(browser.Script("return window.pwned === undefined ? null : window.pwned"));

        // The response plan's state is on the crisis, its clarification shown as text.
        var crisisId = (string)browser.Script("return [...document.querySelectorAll('#crises li[data-crisis-id]')].find(li => li.textContent.includes(arguments[0])).dataset.crisisId;", title)!;
        var clarification = "Thông tin làm rõ <img src=x onerror=\"window.pwned=6\">";
        await Editorial.Post(officerApi, $"api/crises/{crisisId}/plan", new { whatHappened = "Tin đồn", response = "Đăng thông tin chính thức", clarification });
        browser.Driver.Navigate().Refresh();
        await browser.WaitUntil("document.querySelector('#crises li[data-crisis-id=\"' + arguments[0] + '\"] [data-plan-status=drafting]') !== null", TimeSpan.FromSeconds(20), crisisId);
        Assert.Contains("Phương án xử lý (bản 1): Đang soạn", (string)browser.Script("return document.querySelector('#crises li[data-crisis-id=\"' + arguments[0] + '\"]').textContent;", crisisId)!, StringComparison.Ordinal);
        Assert.Equal(clarification, browser.Script("return document.querySelector('#crises li[data-crisis-id=\"' + arguments[0] + '\"] .clarification').textContent;", crisisId));
        Assert.Null(browser.Script("return window.pwned === undefined ? null : window.pwned"));
        output.WriteLine("screenshot: " + browser.SaveScreenshot("crises-page"));
    }

    [Fact]
    public async Task A_department_officer_reports_an_impostor_page_sees_its_reasons_and_the_wall_flags_it()
    {
        var (officerName, _) = await fixture.NewUser("CrisisOfficer");
        var name = "UBND Tinh Lao Cai " + Guid.NewGuid().ToString("N")[..4] + " <img src=x onerror=\"window.pwned=5\">";

        using var wall = new Browser();
        await SignIn(wall, fixture.Host.BaseAddress, (await fixture.NewUser("WallDisplay")).Username);
        await wall.WaitUntil("window.wallState && window.wallState.snapshots > 0", TimeSpan.FromSeconds(20));

        using var browser = new Browser();
        await SignIn(browser, new Uri(fixture.Host.BaseAddress, "impostors"), officerName);
        await browser.WaitUntil("document.getElementById('f-candidate') && !document.getElementById('f-candidate').hidden", TimeSpan.FromSeconds(20));
        browser.Script("const f = document.getElementById('f-candidate'); f.url.value = arguments[0]; f.name.value = arguments[1]; f.about.value = 'Trang chính thức'; f.querySelector('button').click();",
            "https://www.facebook.com/profile.php?id=6158" + Random.Shared.NextInt64(1_000_000_000, 9_999_999_999), name);
        await browser.WaitUntil("[...document.querySelectorAll('#impostors li[data-page-id]')].some(li => li.textContent.includes(arguments[0]) && li.querySelector('button[data-action=confirm]'))",
            TimeSpan.FromSeconds(20), name);
        var row = (string)browser.Script("return [...document.querySelectorAll('#impostors li[data-page-id]')].find(li => li.textContent.includes(arguments[0])).textContent;", name)!;
        Assert.Contains("Nghi giả mạo", row, StringComparison.Ordinal);
        Assert.Contains("Tên giống tên Trang chính thức", row, StringComparison.Ordinal);
        Assert.Contains("Tự nhận là trang chính thức", row, StringComparison.Ordinal);

        // The wall's impostor panel shows it within seconds, the name as text.
        await wall.WaitUntil("document.getElementById('impostors').textContent.includes(arguments[0])", TimeSpan.FromSeconds(5), name);
        Assert.Null(wall.Script("return window.pwned === undefined ? null : window.pwned"));

        browser.Script("[...document.querySelectorAll('#impostors li[data-page-id]')].find(li => li.textContent.includes(arguments[0])).querySelector('button[data-action=confirm]').click();", name);
        await browser.WaitUntil("[...document.querySelectorAll('#impostors li[data-page-id]')].some(li => li.textContent.includes(arguments[0]) && li.textContent.includes('Đã xác định giả mạo'))",
            TimeSpan.FromSeconds(20), name);
        await wall.WaitUntil("[...document.querySelectorAll('#impostors li')].some(li => li.textContent.includes(arguments[0]) && li.textContent.includes('Giả mạo'))", TimeSpan.FromSeconds(5), name);
        Assert.Null(browser.Script("return window.pwned === undefined ? null : window.pwned"));
        output.WriteLine("screenshots: " + browser.SaveScreenshot("impostors-page") + ", " + wall.SaveScreenshot("wall-impostor-panel"));
    }

    [Fact]
    public async Task Leadership_sees_the_report_arrive_opens_it_and_it_prints_on_A4()
    {
        var (leaderName, _) = await fixture.NewUser("Leadership");
        var (_, chief) = await fixture.NewUser("ChiefOfOffice");
        var today = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(7)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        using var browser = new Browser();
        await SignIn(browser, new Uri(fixture.Host.BaseAddress, "leadership"), leaderName);
        await browser.WaitUntil("document.getElementById('live') && document.getElementById('live').textContent === 'Trực tuyến'", TimeSpan.FromSeconds(20));

        await Post(chief, $"api/reports/daily/{today}/generate", new { });
        await browser.WaitUntil("!document.getElementById('notice').hidden && document.getElementById('notice').textContent.includes('Báo cáo ngày')", TimeSpan.FromSeconds(10));
        await browser.WaitUntil("document.querySelector('#reports tr[data-date=\"' + arguments[0] + '\"] a') !== null", TimeSpan.FromSeconds(10), today);
        output.WriteLine("screenshot: " + browser.SaveScreenshot("leadership-reports"));

        browser.Script("document.querySelector('#reports tr[data-date=\"' + arguments[0] + '\"] a').click();", today);
        await browser.WaitUntil("document.body && document.body.textContent.includes('ỦY BAN NHÂN DÂN TỈNH LÀO CAI') && document.images.length >= 2 && [...document.images].every(i => i.complete && i.naturalWidth > 0)",
            TimeSpan.FromSeconds(20));
        Assert.Contains("BÁO CÁO", (string)browser.Script("return document.querySelector('h1').textContent")!, StringComparison.Ordinal);
        output.WriteLine("screenshot: " + browser.SaveScreenshot("daily-report-html"));

        var pdf = browser.Driver.Print(new OpenQA.Selenium.PrintOptions { Orientation = OpenQA.Selenium.PrintOrientation.Portrait, PageDimensions = new OpenQA.Selenium.PrintOptions.PageSize { Width = 21.0, Height = 29.7 } });
        var bytes = Convert.FromBase64String(pdf.AsBase64EncodedString);
        Assert.Equal("%PDF", Encoding.ASCII.GetString(bytes, 0, 4));
        var path = Path.Combine(SiloProcess.ArtifactsDirectory, "screenshots", "daily-report.pdf");
        await File.WriteAllBytesAsync(path, bytes);
        output.WriteLine($"PDF: {path} ({bytes.Length / 1024} KiB)");
    }

    [Fact]
    public async Task Leadership_drills_down_from_the_category_chart_and_the_unit_ranking_to_the_cases_behind_them()
    {
        var (leaderName, _) = await fixture.NewUser("Leadership");
        var id = await NewComment(fixture.Client, "Đề nghị giải đáp về thuế đất");
        await Post(fixture.Client, $"api/threads/{id}/classify", new { category = 1, authority = "office" });
        await Post(fixture.Client, $"api/threads/{id}/assign", new { units = new[] { "THUE" }, complexity = "own" });

        using var browser = new Browser();
        await SignIn(browser, new Uri(fixture.Host.BaseAddress, "leadership"), leaderName);
        await browser.WaitUntil("window.leadershipState && window.leadershipState.loads > 0", TimeSpan.FromSeconds(20));
        Assert.True(Convert.ToInt32(browser.Script("return Number(document.getElementById('f-opened').textContent.replace(/\\D/g, ''))"), CultureInfo.InvariantCulture) >= 1);
        Assert.Contains("70 × tỉ lệ trả lời đúng hạn", (string)browser.Script("return document.getElementById('formula').textContent")!, StringComparison.Ordinal);

        browser.Script("document.querySelector('#category-bars button[data-category=\"1\"]').click();");
        await browser.WaitUntil("document.querySelector('#drill-rows tr[data-case-id=\"' + arguments[0] + '\"]') !== null", TimeSpan.FromSeconds(10), id);
        Assert.Contains("lĩnh vực 1", (string)browser.Script("return document.getElementById('drill-title').textContent")!, StringComparison.Ordinal);
        Assert.Equal(0L, browser.Script("return [...document.querySelectorAll('#drill-rows tr')].filter(tr => !tr.textContent.length).length"));

        await browser.WaitUntil("document.querySelector('#ranking tr[data-unit=\"THUE\"]') !== null", TimeSpan.FromSeconds(10));
        browser.Script("document.querySelector('#ranking tr[data-unit=\"THUE\"]').click();");
        await browser.WaitUntil("document.getElementById('drill-title').textContent.includes('Thuế') && document.querySelector('#drill-rows tr[data-case-id=\"' + arguments[0] + '\"]') !== null",
            TimeSpan.FromSeconds(10), id);
        browser.Script("document.querySelector('#periods button[data-days=\"30\"]').click();");
        await browser.WaitUntil("window.leadershipState.days === 30", TimeSpan.FromSeconds(10));
        output.WriteLine("screenshot: " + browser.SaveScreenshot("leadership-figures"));
    }
}
