using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using LaoCaiFanpage.Contracts.Security;
using LaoCaiFanpage.FunctionalTests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Xunit.Abstractions;
using static LaoCaiFanpage.FunctionalTests.Infrastructure.Editorial;

namespace LaoCaiFanpage.FunctionalTests;

/// <summary>A host of its own (so every figure of today is ours) with an SMTP sink and a webhook receiver for the reports.</summary>
public sealed class ReportsFixture : IAsyncLifetime
{
    public const string Secret = "report-webhook-secret-0123456789";
    public const string Leader = "lanhdao@laocai.gov.vn";

    private readonly WebhookReceiver _receiver = new("/hooks/reports");

    public SmtpSink Smtp { get; } = new();

    public ConcurrentQueue<(string? Event, string? Signature, byte[] Body, bool Accepted, DateTimeOffset At)> Webhooks => _receiver.Deliveries;

    public HostFixture Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Smtp.Start();
        await _receiver.Start();
        Host = new HostFixture(new Dictionary<string, string?>
        {
            ["Reports__Email__Host"] = "127.0.0.1",
            ["Reports__Email__Port"] = Smtp.Port.ToString(CultureInfo.InvariantCulture),
            ["Reports__Email__Security"] = "none",
            ["Reports__Email__To__0"] = Leader,
            ["Reports__Webhook__Url"] = _receiver.Url.ToString(),
            ["Reports__Webhook__Secret"] = Secret,
        });
        await Host.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await _receiver.DisposeAsync();
        await Smtp.DisposeAsync();
    }
}

/// <summary>Reports on the real host: made by the schedule and delivered, every format of a day's figures, on demand, hostile dates.</summary>
public sealed class ReportsApiTests(ReportsFixture fixture, ITestOutputHelper output) : IClassFixture<ReportsFixture>
{
    private static readonly TimeSpan Vn = TimeSpan.FromHours(7);

    private HostFixture Host => fixture.Host;

    private static DateOnly Today => DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(Vn).DateTime);

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task The_schedule_makes_the_latest_report_by_itself_and_delivers_it_by_email_and_signed_webhook()
    {
        // A first start makes the latest due report: today's once 17:30 has passed in Vietnam, else yesterday's.
        var now = DateTimeOffset.UtcNow.ToOffset(Vn);
        var due = now.TimeOfDay >= new TimeSpan(17, 30, 0) ? Today : Today.AddDays(-1);
        var label = due.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
        var mail = await fixture.Smtp.WaitFor(m => (m.Subject ?? string.Empty).Contains(label, StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        output.WriteLine($"e-mail: {mail.Subject} → {mail.To}");
        Assert.Equal(ReportsFixture.Leader, mail.To.Mailboxes.Single().Address);
        Assert.Contains("ỦY BAN NHÂN DÂN TỈNH LÀO CAI", mail.HtmlBody!, StringComparison.Ordinal);
        var attachments = mail.Attachments.OfType<MimeKit.MimePart>().ToList();
        Assert.Equal([$"bao-cao-fanpage-{Iso(due)}.xlsx", $"bao-cao-fanpage-{Iso(due)}.csv"], attachments.Select(a => a.FileName));
        using (var xlsx = new MemoryStream())
        {
            await attachments[0].Content!.DecodeToAsync(xlsx);
            xlsx.Position = 0;
            using var document = SpreadsheetDocument.Open(xlsx, false);
            Assert.Contains(document.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>(), s => s.Name == "Tổng hợp");
        }

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (fixture.Webhooks.IsEmpty && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        var (eventName, signature, body, _, _) = Assert.Single(fixture.Webhooks, w => JsonDocument.Parse(w.Body).RootElement.GetProperty("date").GetString() == Iso(due));
        Assert.Equal("report.daily", eventName);
        Assert.Equal(HmacSignature.Compute(ReportsFixture.Secret, body), signature);
        Assert.Equal(24, JsonDocument.Parse(body).RootElement.GetProperty("report").GetProperty("messages").GetProperty("byHour").GetArrayLength());

        var list = await Host.Client.GetJson("api/reports/daily");
        Assert.Contains(list.GetProperty("items").EnumerateArray(), r => r.GetProperty("date").GetString() == Iso(due) && r.GetProperty("version").GetInt32() == 1);
    }

    [Fact]
    public async Task Todays_deliveries_are_counted_in_every_format_and_leadership_hears_when_the_report_is_ready()
    {
        var alerts = new ConcurrentQueue<JsonElement>();
        var (_, leader) = await Host.NewUser("Leadership");
        await using var screen = new HubConnectionBuilder()
            .WithUrl(new Uri(Host.Host.BaseAddress, "hubs/cases"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(leader.DefaultRequestHeaders.Authorization!.Parameter))
            .Build();
        screen.On<JsonElement>("alert", a => alerts.Enqueue(a));
        await screen.StartAsync();

        var (_, chief) = await Host.NewUser("ChiefOfOffice");
        var today = Iso(Today);
        // After 17:30 in Vietnam the schedule has archived today's report already (at start or since): make a fresh
        // version the baseline. Before it, today's report is computed live and is not stored.
        var current = await Host.Client.GetJson($"api/reports/daily/{today}");
        var versions = 0;
        if (current.GetProperty("archived").GetBoolean())
        {
            versions = (await Post(chief, $"api/reports/daily/{today}/generate", new { })).GetProperty("version").GetInt32();
            current = await Host.Client.GetJson($"api/reports/daily/{today}");
        }

        var before = current.GetProperty("report").GetProperty("messages").GetProperty("comments").GetInt32();
        for (var i = 0; i < 3; i++)
        {
            await NewComment(Host.Client, "Xin hỏi lịch tiếp công dân tháng 12 " + i);
        }

        if (versions == 0)
        {
            var live = await Host.Client.GetJson($"api/reports/daily/{today}");
            Assert.False(live.GetProperty("archived").GetBoolean());
            Assert.Equal(before + 3, live.GetProperty("report").GetProperty("messages").GetProperty("comments").GetInt32());
        }

        var stamp = await Post(chief, $"api/reports/daily/{today}/generate", new { });
        Assert.Equal((today, true, versions + 1), (stamp.GetProperty("date").GetString(), stamp.GetProperty("generated").GetBoolean(), stamp.GetProperty("version").GetInt32()));
        var archived = await leader.GetJson($"api/reports/daily/{today}.json");
        Assert.True(archived.GetProperty("archived").GetBoolean());
        var comments = archived.GetProperty("report").GetProperty("messages").GetProperty("comments").GetInt32();
        Assert.Equal(before + 3, comments);

        // One notice per generation the screen was connected for (the baseline one too, after 17:30).
        var expectedNotices = versions == 0 ? 1 : 2;
        bool IsToday(JsonElement a) => a.GetProperty("kind").GetString() == "report" && a.GetProperty("subject").GetString() == today;
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (alerts.Count(IsToday) < expectedNotices && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.Equal(expectedNotices, alerts.Count(IsToday));
        var ready = alerts.Last(IsToday);
        // The first version is "ready"; a later one says it was made again.
        Assert.Contains(versions == 0 ? "đã sẵn sàng" : "đã được lập lại", ready.GetProperty("message").GetString(), StringComparison.Ordinal);

        using (var csv = await leader.GetAsync($"api/reports/daily/{today}.csv"))
        {
            Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
            var text = Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync());
            Assert.Contains($"Bình luận,{comments}\r\n", text, StringComparison.Ordinal);
        }

        using (var xlsx = await leader.GetAsync($"api/reports/daily/{today}.xlsx"))
        {
            Assert.Equal($"bao-cao-fanpage-{today}.xlsx", xlsx.Content.Headers.ContentDisposition!.FileNameStar ?? xlsx.Content.Headers.ContentDisposition.FileName);
            using var document = SpreadsheetDocument.Open(new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync()), false);
            var workbook = document.WorkbookPart!;
            var sheet = workbook.Workbook.Sheets!.Elements<Sheet>().First(s => s.Name == "Tổng hợp");
            var rows = ((WorksheetPart)workbook.GetPartById(sheet.Id!)).Worksheet.Descendants<Row>()
                .Select(r => r.Elements<Cell>().Select(c => c.InlineString?.Text?.Text ?? c.CellValue?.Text).ToList()).ToList();
            Assert.Contains(rows, r => r[0] == "Bình luận" && r[1] == comments.ToString(CultureInfo.InvariantCulture));
        }

        using (var html = await leader.GetAsync($"api/reports/daily/{today}.html"))
        {
            Assert.Equal("text/html", html.Content.Headers.ContentType!.MediaType);
            var text = await html.Content.ReadAsStringAsync();
            Assert.Contains("ỦY BAN NHÂN DÂN TỈNH LÀO CAI", text, StringComparison.Ordinal);
            Assert.Contains("data:image/png;base64,", text, StringComparison.Ordinal);
        }

        var again = await Post(chief, $"api/reports/daily/{today}/generate", new { });
        Assert.Equal(versions + 2, again.GetProperty("version").GetInt32());
        var audit = (await Host.Client.GetJson($"api/audit?target=report/daily/{today}")).GetProperty("items").EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Contains("report.generated", audit);
        Assert.Contains("report.regenerated", audit);
    }

    [Fact]
    public async Task A_period_review_has_its_trend_ranking_formula_and_every_format()
    {
        var from = Iso(Today.AddDays(-6));
        var to = Iso(Today);
        var range = await Host.Client.GetJson($"api/reports/range?from={from}&to={to}");
        Assert.Equal("range", range.GetProperty("kind").GetString());
        Assert.Equal(7, range.GetProperty("days").GetArrayLength());
        Assert.Contains("70 × tỉ lệ trả lời đúng hạn", range.GetProperty("rankingFormula").GetString(), StringComparison.Ordinal);
        using (var html = await Host.Client.GetAsync($"api/reports/range?from={from}&to={to}&format=html"))
        {
            var text = await html.Content.ReadAsStringAsync();
            Assert.Contains("Diễn biến theo ngày", text, StringComparison.Ordinal);
        }

        using var xlsx = await Host.Client.GetAsync($"api/reports/range?from={from}&to={to}&format=xlsx");
        using var document = SpreadsheetDocument.Open(new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync()), false);
        Assert.Contains(document.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>(), s => s.Name == "Theo ngày");
    }

    [Fact]
    public async Task Invalid_dates_and_periods_are_a_precise_400()
    {
        var tomorrow = Iso(Today.AddDays(1));
        foreach (var path in new[]
        {
            "api/reports/daily/2026-13-01", "api/reports/daily/2026-02-30", "api/reports/daily/yesterday", "api/reports/daily/" + tomorrow,
            "api/reports/daily/1999-12-31.html", "api/reports/daily/27-11-2026",
            "api/reports/range?from=2026-11-20", "api/reports/range?from=2026-11-20&to=2026-11-10", "api/reports/range?from=2024-01-01&to=2026-01-01",
            "api/reports/range?from=2026-11-20&to=2026-11-21&format=pdf", $"api/reports/range?from=2026-11-20&to={tomorrow}",
        })
        {
            using var response = await Host.Client.GetAsync(path);
            var problem = await response.ReadProblem(HttpStatusCode.BadRequest);
            output.WriteLine($"{path}: {problem.GetProperty("detail").GetString()}");
        }

        using (var pdf = await Host.Client.GetAsync("api/reports/daily/2026-11-27.pdf"))
        {
            await pdf.ReadProblem(HttpStatusCode.NotFound);
        }

        using (var future = await Host.Client.PostAsync($"api/reports/daily/{tomorrow}/generate", Infrastructure.Accounts.Json(new { })))
        {
            await future.ReadProblem(HttpStatusCode.BadRequest);
        }

        Assert.DoesNotContain((await Host.Client.GetJson("api/reports/daily")).GetProperty("items").EnumerateArray(), r => r.GetProperty("date").GetString() == tomorrow);
    }
}
