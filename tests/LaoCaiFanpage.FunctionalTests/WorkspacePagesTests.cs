using System.Globalization;
using LaoCaiFanpage.FunctionalTests.Infrastructure;
using OpenQA.Selenium;
using Xunit.Abstractions;
using static LaoCaiFanpage.FunctionalTests.Infrastructure.Editorial;

namespace LaoCaiFanpage.FunctionalTests;

/// <summary>The officers' workspace in headless Chromium: every step done on the page, and the pages on a phone.</summary>
[Collection(HostCollection.Name)]
public sealed class WorkspacePagesTests(HostFixture fixture, ITestOutputHelper output)
{
    private static Task SignIn(Browser browser, Uri start, string username) => browser.SignIn(start, username);

    private Uri CasePage(string id) => new(fixture.Host.BaseAddress, "cases/" + Uri.EscapeDataString(id));

    private static Task<TimeSpan> WaitStatus(Browser browser, string label) =>
        browser.WaitUntil("document.getElementById('status').textContent === arguments[0]", TimeSpan.FromSeconds(20), label);

    [Fact]
    public async Task The_board_routes_a_case_by_searching_the_unit_directory_and_the_case_page_speaks_Vietnamese()
    {
        var people = await Editorial.SignIn(fixture, "SXD");
        var id = await NewComment(fixture.Client, "Xin cấp phép sửa nhà ở phường Cốc Lếu");
        await Post(people.Staff.Client, $"api/threads/{id}/classify", new { category = 5, authority = "office" });

        using var browser = new Browser();
        await SignIn(browser, CasePage(id), people.Staff.Name);
        await WaitStatus(browser, "Đã phân loại");
        Assert.Equal(false, browser.Script("return document.getElementById('f-assign').hidden"));

        // Typed without marks, as on a phone keyboard: the directory is searched by name.
        browser.Driver.FindElement(By.CssSelector("#f-assign [data-unit-search]")).SendKeys("so xay dung");
        await browser.WaitUntil("document.querySelector('#f-assign .picker-results button[data-unit=\"SXD\"]') !== null", TimeSpan.FromSeconds(5));
        browser.Script("document.querySelector('#f-assign .picker-results button[data-unit=\"SXD\"]').click();");
        Assert.Contains("Sở Xây dựng", (string)browser.Script("return document.querySelector('#f-assign .picker-chosen').textContent")!, StringComparison.Ordinal);
        browser.Script("document.querySelector('#f-assign button[type=submit]').click();");
        await WaitStatus(browser, "Đã chuyển đơn vị");
        var routed = await fixture.Client.GetJson("api/threads/" + id);
        Assert.Equal(["SXD"], routed.GetProperty("units").EnumerateArray().Select(u => u.GetString()));

        // The clocks read in Vietnamese, with the time left and the day-by-day reason for each deadline.
        var clocks = (string)browser.Script("return document.getElementById('clocks').textContent")!;
        Assert.Contains("Trả lời — Sở Xây dựng (SXD)", clocks, StringComparison.Ordinal);
        Assert.Contains("Tiếp nhận, phân loại", clocks, StringComparison.Ordinal);
        Assert.Matches("còn \\d+|trễ \\d+", clocks);
        Assert.DoesNotContain("due-soon", clocks, StringComparison.Ordinal);
        Assert.DoesNotContain("answer", clocks, StringComparison.Ordinal);
        browser.Script("document.querySelector('#clocks li[data-clock-id=\"answer:SXD\"] button').click();");
        await browser.WaitUntil("document.querySelector('#clocks li[data-clock-id=\"answer:SXD\"] .explanation li') !== null", TimeSpan.FromSeconds(10));

        // Each comment links to where it is on Facebook.
        var link = (string)browser.Script("return document.querySelector('#messages li[data-message-id=\"' + arguments[0] + '\"] a').href", id)!;
        Assert.StartsWith("https://www.facebook.com/", link, StringComparison.Ordinal);
        Assert.Contains("comment_id=" + id.Split('_')[^1], link, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_board_merges_a_duplicate_found_by_its_words_on_the_case_page()
    {
        var people = await Editorial.SignIn(fixture, "SXD");
        var marker = WorkspaceScenarios.Marker();
        var original = await NewComment(fixture.Client, $"Đèn đường khu {marker} bị hỏng ba tuần nay");
        var duplicate = await NewComment(fixture.Client, $"Khu {marker} mất đèn chiếu sáng");

        using var browser = new Browser();
        await SignIn(browser, CasePage(duplicate), people.Staff.Name);
        await WaitStatus(browser, "Mới tiếp nhận");
        browser.Driver.FindElement(By.CssSelector("#f-merge [data-merge-search]")).SendKeys($"den duong {marker}");
        await browser.WaitUntil("document.querySelector('#f-merge [data-merge-results] button[data-case-id=\"' + arguments[0] + '\"]') !== null", TimeSpan.FromSeconds(10), original);
        browser.Script("document.querySelector('#f-merge [data-merge-results] button[data-case-id=\"' + arguments[0] + '\"]').click();", original);
        Assert.Equal(original, browser.Script("return document.querySelector('#f-merge input[name=into]').value"));
        browser.Script("document.querySelector('#f-merge button[type=submit]').click();");
        await WaitStatus(browser, "Đã gộp vào vụ việc khác");

        var target = await fixture.Client.GetJson("api/threads/" + original);
        Assert.Contains(duplicate, target.GetProperty("workflow").GetProperty("mergedFrom").EnumerateArray().Select(x => x.GetString()));
    }

    [Fact]
    public async Task A_unit_asks_another_for_coordination_and_the_other_answers_on_the_page()
    {
        var people = await Editorial.SignIn(fixture, "SXD");
        var (finance, _) = await fixture.NewUser("UnitOfficer", "STC");
        var id = await NewComment(fixture.Client, "Hỏi về kinh phí sửa cầu treo bản Sả Séng");
        await Post(people.Staff.Client, $"api/threads/{id}/classify", new { category = 5, authority = "office" });
        await Post(people.Staff.Client, $"api/threads/{id}/assign", new { units = new[] { "SXD" }, complexity = "own" });

        using (var browser = new Browser())
        {
            await SignIn(browser, CasePage(id), people.Officer.Name);
            await WaitStatus(browser, "Đã chuyển đơn vị");
            // The officer takes the case, then asks the Department of Finance.
            browser.Script("document.querySelector('#f-assignee [data-take]').click();");
            await browser.WaitUntil("document.getElementById('assignee').textContent.includes(arguments[0])", TimeSpan.FromSeconds(10), people.Officer.Name);
            browser.Driver.FindElement(By.CssSelector("#f-coordination [data-unit-search]")).SendKeys("tai chinh");
            await browser.WaitUntil("document.querySelector('#f-coordination .picker-results button[data-unit=\"STC\"]') !== null", TimeSpan.FromSeconds(5));
            browser.Script("document.querySelector('#f-coordination .picker-results button[data-unit=\"STC\"]').click();");
            browser.Driver.FindElement(By.CssSelector("#f-coordination textarea[name=question]")).SendKeys("Đề nghị cho biết nguồn vốn sửa cầu năm 2027.");
            browser.Script("document.querySelector('#f-coordination button[type=submit]').click();");
            await browser.WaitUntil("document.getElementById('coordination').textContent.includes('Đề nghị cho biết nguồn vốn')", TimeSpan.FromSeconds(10));
            Assert.Contains("Sở Tài chính (STC)", (string)browser.Script("return document.getElementById('coordination').textContent")!, StringComparison.Ordinal);
        }

        using (var browser = new Browser())
        {
            await SignIn(browser, CasePage(id), finance);
            await browser.WaitUntil("document.querySelector('#coordination textarea[name=text]') !== null", TimeSpan.FromSeconds(20));
            browser.Driver.FindElement(By.CssSelector("#coordination textarea[name=text]")).SendKeys("Nguồn vốn sự nghiệp giao thông năm 2027 đã bố trí 2 tỷ đồng.");
            browser.Script("document.querySelector('#coordination form button').click();");
            await browser.WaitUntil("document.querySelector('#coordination .answer') !== null", TimeSpan.FromSeconds(10));
            Assert.Equal("Nguồn vốn sự nghiệp giao thông năm 2027 đã bố trí 2 tỷ đồng.", browser.Script("return document.querySelector('#coordination .answer').textContent"));
        }

        var found = await fixture.Client.GetJson("api/threads/" + id);
        var answer = found.GetProperty("workflow").GetProperty("coordinationAnswers").EnumerateArray().Single();
        Assert.Equal(finance, answer.GetProperty("by").GetString());
        Assert.Equal(people.Officer.Name, found.GetProperty("assignee").GetString());
    }

    [Fact]
    public async Task The_board_searches_its_queue_and_classifies_or_closes_several_cases_at_once()
    {
        var people = await Editorial.SignIn(fixture, "SXD");
        var marker = WorkspaceScenarios.Marker();
        var questions = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            questions.Add(await NewComment(fixture.Client, $"Hỏi lịch tiếp dân {marker} lần {i}"));
        }

        var spam = await NewComment(fixture.Client, $"Bán sim số đẹp giá rẻ {marker}");

        using var browser = new Browser();
        await SignIn(browser, new Uri(fixture.Host.BaseAddress, "cases?q=intake"), people.Staff.Name);
        await browser.WaitUntil("window.queueState && window.queueState.loads > 0", TimeSpan.FromSeconds(20));
        browser.Driver.FindElement(By.CssSelector("#filters input[name=q]")).SendKeys("LICH TIEP " + marker);
        await browser.WaitUntil("document.querySelectorAll('#rows tr').length === 2", TimeSpan.FromSeconds(10));
        Assert.Contains("2 vụ việc", (string)browser.Script("return document.getElementById('page-info').textContent")!, StringComparison.Ordinal);
        Assert.Equal(true, browser.Script("return [...document.querySelectorAll('#rows tr')].every(tr => tr.querySelector('td[data-label=\"Còn lại\"]').textContent.length > 0)"));
        browser.Script("document.getElementById('select-all').click();");
        browser.Script("document.getElementById('bulk-classify').click();");
        await browser.WaitUntil("document.getElementById('bulk-result').textContent.startsWith('Đã phân loại 2/2')", TimeSpan.FromSeconds(20));
        foreach (var id in questions)
        {
            Assert.Equal("classified", (await fixture.Client.GetJson("api/threads/" + id)).GetProperty("status").GetString());
        }

        // The spam closes as not needing an answer, with its reason, and the step is in the processing log.
        browser.Driver.FindElement(By.CssSelector("#filters input[name=q]")).Clear();
        browser.Driver.FindElement(By.CssSelector("#filters input[name=q]")).SendKeys("sim " + marker);
        await browser.WaitUntil("document.querySelectorAll('#rows tr').length === 1 && document.querySelector('#rows tr').dataset.caseId === arguments[0]", TimeSpan.FromSeconds(10), spam);
        browser.Script("document.querySelector('#rows input[type=checkbox]').click();");
        browser.Script("document.getElementById('bulk-reason').value = 'spam'; document.getElementById('bulk-close').click();");
        await browser.WaitUntil("document.getElementById('bulk-result').textContent.startsWith('Đã kết thúc 1/1')", TimeSpan.FromSeconds(20));
        Assert.Equal("not-actionable", (await fixture.Client.GetJson("api/threads/" + spam)).GetProperty("status").GetString());
        var audit = await fixture.Client.GetJson($"api/audit?target={Uri.EscapeDataString("case/" + spam)}&pageSize=10");
        Assert.Contains(audit.GetProperty("items").EnumerateArray(), a => a.GetProperty("actor").GetString() == people.Staff.Name);
    }

    public static TheoryData<string, string> PhonePages => new()
    {
        { "cases?q=all", "window.queueState && window.queueState.loads > 0" },
        { "case", "window.caseState && window.caseState.loads > 0" },
        { "leadership", "window.leadershipState && window.leadershipState.loads > 0" },
        { "crises", "document.getElementById('live').textContent === 'Trực tuyến'" },
    };

    [Theory]
    [MemberData(nameof(PhonePages))]
    public async Task The_pages_fit_a_phone_screen_without_sideways_scrolling(string page, string ready)
    {
        var people = await Editorial.SignIn(fixture, "SXD");
        var id = await NewComment(fixture.Client, "Đề nghị kiểm tra công trình xây dựng không phép tại tổ 12 phường Bắc Cường, thành phố Lào Cai — chủ đầu tư đã xây vượt tầng " + new string('x', 80));
        await Post(people.Staff.Client, $"api/threads/{id}/classify", new { category = 5, authority = "office" });
        await Post(people.Staff.Client, $"api/threads/{id}/assign", new { units = new[] { "SXD" }, complexity = "own" });
        var chief = people.Chief.Name;
        var path = page == "case" ? "cases/" + Uri.EscapeDataString(id) : page;
        var name = page == "case" ? "case-page" : page.Split('?')[0] == "cases" ? "case-list" : page;

        foreach (var (width, height) in new[] { (390, 844), (1920, 1080) })
        {
            using var browser = new Browser(width, height);
            await SignIn(browser, new Uri(fixture.Host.BaseAddress, path), chief);
            await browser.WaitUntil(ready, TimeSpan.FromSeconds(30));
            await Task.Delay(300);
            output.WriteLine("screenshot: " + browser.SaveScreenshot($"{name}-{width}x{height}"));
            var overflow = browser.Script("return document.documentElement.scrollWidth - window.innerWidth");
            var widest = browser.Script(
                "return [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)" +
                ".map(e => e.tagName + (e.id ? '#' + e.id : '') + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)).slice(-5).join('; ');");
            Assert.True(Convert.ToInt64(overflow, CultureInfo.InvariantCulture) <= 0, $"{path} at {width}×{height} scrolls sideways by {overflow}px: {widest}");

            // Every visible button can be reached: inside the screen's width.
            var outside = (string)browser.Script("""
                return [...document.querySelectorAll('button, a, input, select, textarea')]
                  .filter(e => e.offsetParent !== null)
                  .filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 && (r.left < -1 || r.right > window.innerWidth + 1); })
                  .map(e => e.outerHTML.slice(0, 80)).join('\n');
                """)!;
            Assert.True(outside.Length == 0, $"{path} at {width}×{height}: controls outside the screen:\n{outside}");
        }
    }
}
