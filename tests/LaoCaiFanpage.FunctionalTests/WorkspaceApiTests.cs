using System.Net;
using System.Text.Json;
using LaoCaiFanpage.FunctionalTests.Infrastructure;
using LaoCaiFanpage.Tests.Shared;
using static LaoCaiFanpage.FunctionalTests.Infrastructure.Editorial;

namespace LaoCaiFanpage.FunctionalTests;

/// <summary>The officers' queues over HTTP: search, ordering, individual assignees, per-officer figures, a unit head's confinement.</summary>
[Collection(HostCollection.Name)]
public sealed class WorkspaceApiTests(HostFixture fixture)
{
    [Fact]
    public Task Search_ignores_case_and_Vietnamese_marks_on_the_embedded_profile() => WorkspaceScenarios.Search(fixture);

    [Fact]
    public async Task The_deadline_order_puts_the_most_urgent_unfinished_clock_first_and_received_stays_the_default()
    {
        var people = await SignIn(fixture, "SXD");
        var marker = WorkspaceScenarios.Marker();
        var first = await NewComment(fixture.Client, $"Phản ánh thứ nhất {marker}");
        var second = await NewComment(fixture.Client, $"Phản ánh thứ hai {marker}");
        var third = await NewComment(fixture.Client, $"Phản ánh thứ ba {marker}");

        // Routing the first ends its intake clock and starts the unit's one-working-day clock: later than the others' intake.
        await Post(people.Staff.Client, $"api/threads/{first}/classify", new { category = 5, authority = "office" });
        await Post(people.Staff.Client, $"api/threads/{first}/assign", new { units = new[] { "SXD" }, complexity = "own" });

        var byDeadline = await fixture.Client.GetJson($"api/threads?sort=deadline&q={marker}");
        Assert.Equal([second, third, first], Ids(byDeadline));
        var deadlines = byDeadline.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("nextDeadline").GetDateTimeOffset()).ToList();
        Assert.Equal(deadlines.Order(), deadlines);
        Assert.All(byDeadline.GetProperty("items").EnumerateArray(), i => Assert.Contains(i.GetProperty("slaState").GetString(), new[] { "running", "due-soon", "missed" }));

        Assert.Equal([third, second, first], Ids(await fixture.Client.GetJson($"api/threads?q={marker}")));
        Assert.Equal([third, second, first], Ids(await fixture.Client.GetJson($"api/threads?sort=received&q={marker}")));

        // Filters combine: the routed case alone is 'assigned'; none of them is missed yet.
        Assert.Equal([first], Ids(await fixture.Client.GetJson($"api/threads?status=assigned&sort=deadline&q={marker}")));
        var state = byDeadline.GetProperty("items")[0].GetProperty("slaState").GetString();
        Assert.Contains(second, Ids(await fixture.Client.GetJson($"api/threads?slaState={state}&q={marker}")));
        Assert.Empty(Ids(await fixture.Client.GetJson($"api/threads?slaState=missed&q={marker}")));
        Assert.Empty(Ids(await fixture.Client.GetJson($"api/threads?overdue=true&q={marker}")));
        Assert.Equal(3, Ids(await fixture.Client.GetJson($"api/threads?overdue=false&q={marker}")).Count);

        // Paging goes beyond one page in the same order.
        var page2 = await fixture.Client.GetJson($"api/threads?sort=deadline&q={marker}&pageSize=2&page=2");
        Assert.Equal([first], Ids(page2));
        Assert.Equal(3, page2.GetProperty("total").GetInt32());
    }

    [Theory]
    [InlineData("sort=oldest", "sort")]
    [InlineData("slaState=late", "slaState")]
    [InlineData("q=%20%20%21%21", "q is")]
    [InlineData("q=a+b+c+d+e+f+g+h+i", "q is")]
    [InlineData("assignee=", "assignee")]
    [InlineData("overdue=yes", "overdue")]
    [InlineData("overdue=true&slaState=missed", "give one")]
    public async Task Bad_queue_parameters_get_a_precise_problem(string query, string mentions)
    {
        using var response = await fixture.Client.GetAsync("api/threads?" + query);
        var problem = await response.ReadProblem(HttpStatusCode.BadRequest);
        Assert.Contains(mentions, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_officer_takes_a_case_the_unit_head_gives_one_to_an_officer_and_the_figures_name_who_answered()
    {
        var people = await SignIn(fixture, "SNNMT");
        var (head, headClient) = await fixture.NewUser("UnitHead", "SNNMT");
        var (colleague, colleagueClient) = await fixture.NewUser("UnitOfficer", "SNNMT");
        var (outsider, _) = await fixture.NewUser("UnitOfficer", "SYT");
        var taken = await Routed(people, "SNNMT", "Giống lúa mới cho vùng cao");
        var given = await Routed(people, "SNNMT", "Hỗ trợ thiệt hại do rét đậm");

        // An officer takes a case of their unit, and cannot hand a case to someone else.
        var self = await Post(people.Officer.Client, $"api/threads/{taken}/assignee", new { username = people.Officer.Name });
        Assert.Equal(people.Officer.Name, self.GetProperty("assignee").GetString());
        var refused = await Post(people.Officer.Client, $"api/threads/{given}/assignee", new { username = colleague }, HttpStatusCode.Forbidden);
        Assert.Equal("forbidden", refused.GetProperty("code").GetString());

        // The unit head gives the other case to a colleague; not to an officer of another unit; not to nobody-known.
        var assigned = await Post(headClient, $"api/threads/{given}/assignee", new { username = colleague });
        Assert.Equal(colleague, assigned.GetProperty("assignee").GetString());
        var elsewhere = await Post(headClient, $"api/threads/{given}/assignee", new { username = outsider }, HttpStatusCode.Conflict);
        Assert.Equal("unit-not-assigned", elsewhere.GetProperty("code").GetString());
        await Post(headClient, $"api/threads/{given}/assignee", new { username = "no-such-officer" }, HttpStatusCode.BadRequest);
        await Post(headClient, $"api/threads/{given}/assignee", new { username = 42 }, HttpStatusCode.BadRequest);
        await Post(headClient, $"api/threads/{given}/assignee", new { username = colleague }, HttpStatusCode.Conflict);

        // The colleague is told, in their own list (and by e-mail and push where they have them).
        var told = DateTime.UtcNow.AddSeconds(20);
        while (!(await colleagueClient.GetJson("api/me/notifications?limit=20")).GetProperty("items").EnumerateArray()
                   .Any(n => n.GetProperty("title").GetString()!.StartsWith("Anh/chị được giao xử lý", StringComparison.Ordinal) && n.GetProperty("link").GetString()!.Contains(Uri.EscapeDataString(given), StringComparison.Ordinal)))
        {
            Assert.True(DateTime.UtcNow < told, "the officer given the case was not told");
            await Task.Delay(200);
        }

        // The queue filters by assignee; the history and the processing log name who gave the case to whom.
        Assert.Equal([given], Ids(await fixture.Client.GetJson($"api/threads?assignee={colleague}")));
        var history = (await fixture.Client.GetJson("api/threads/" + given)).GetProperty("workflow").GetProperty("history");
        Assert.Contains(history.EnumerateArray(), h => h.GetProperty("actor").GetString() == head && h.GetProperty("detail").GetString()!.Contains(colleague, StringComparison.Ordinal));

        // Before anyone answers: each has one case open. The colleague answers; the figures say so.
        var before = await Officers(headClient, "SNNMT");
        Assert.Equal(1, before[people.Officer.Name].GetProperty("openCases").GetInt32());
        Assert.Equal(1, before[colleague].GetProperty("openCases").GetInt32());
        Assert.Equal("UnitHead", before[head].GetProperty("role").GetString());
        await Post(colleagueClient, $"api/threads/{given}/drafts", new { text = "Sở Nông nghiệp hỗ trợ theo Nghị định 9/2025/NĐ-CP." });
        await Post(colleagueClient, $"api/threads/{given}/submit", new { });
        var after = await Officers(headClient, "SNNMT");
        Assert.Equal(0, after[colleague].GetProperty("openCases").GetInt32());
        Assert.Equal(1, after[colleague].GetProperty("answeredOnTimeToday").GetInt32() + after[colleague].GetProperty("answeredLateToday").GetInt32());
        Assert.Equal(1, after[colleague].GetProperty("answeredOnTime30Days").GetInt32() + after[colleague].GetProperty("answeredLate30Days").GetInt32());
        Assert.Equal(0, after[people.Officer.Name].GetProperty("answeredOnTime30Days").GetInt32());
        Assert.DoesNotContain(outsider, after.Keys);

        // Leadership reads them too; an officer does not.
        await fixture.Client.GetJson("api/units/SNNMT/officers");
        var (_, leader) = await fixture.NewUser("Leadership");
        await leader.GetJson("api/units/SNNMT/officers");
        await people.Officer.Client.GetJson("api/units/SNNMT/officers", HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_unit_head_is_confined_to_their_own_unit()
    {
        var people = await SignIn(fixture, "SYT");
        var (_, headClient) = await fixture.NewUser("UnitHead", "SGDDT");
        var theirs = await Routed(people, "SYT", "Trạm y tế xã thiếu bác sĩ");

        await headClient.GetJson("api/threads/" + theirs, HttpStatusCode.NotFound);
        await headClient.GetJson("api/threads?unit=SYT", HttpStatusCode.Forbidden);
        Assert.DoesNotContain(theirs, Ids(await headClient.GetJson("api/threads?pageSize=200")));
        await headClient.GetJson("api/units/SYT/officers", HttpStatusCode.Forbidden);
        await headClient.GetJson("api/units/SGDDT/officers");
        await Post(headClient, $"api/threads/{theirs}/assignee", new { username = people.Officer.Name }, HttpStatusCode.NotFound);
        Assert.Null((await fixture.Client.GetJson("api/threads/" + theirs)).GetProperty("assignee").GetString());
    }

    private async Task<string> Routed(Editorial people, string unit, string text)
    {
        var id = await NewComment(fixture.Client, text);
        await Post(people.Staff.Client, $"api/threads/{id}/classify", new { category = 5, authority = "office" });
        await Post(people.Staff.Client, $"api/threads/{id}/assign", new { units = new[] { unit }, complexity = "own" });
        return id;
    }

    private static async Task<Dictionary<string, JsonElement>> Officers(HttpClient client, string unit) =>
        (await client.GetJson($"api/units/{unit}/officers")).GetProperty("officers").EnumerateArray()
            .ToDictionary(o => o.GetProperty("username").GetString()!, o => o.Clone());

    internal static List<string> Ids(JsonElement page) =>
        [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!)];
}

/// <summary>The same search, written once, against either profile's host.</summary>
internal static class WorkspaceScenarios
{
    /// <summary>A word no other test writes, so a scenario sees only its own cases on a shared host.</summary>
    public static string Marker() => "mk" + string.Concat(Guid.NewGuid().ToString("N")[..10].Select(c => (char)('a' + (c % 26))));

    public static async Task Search(HostFixture fixture)
    {
        var marker = Marker();
        var road = MetaDeliveries.NewCommentId();
        await fixture.Client.DeliverOk(MetaDeliveries.Feed(MetaDeliveries.Comment(road, $"Đường vào bản Tả Phìn bị sạt lở {marker}", fromName: "Nguyễn Văn Đức")));
        var school = MetaDeliveries.NewCommentId();
        await fixture.Client.DeliverOk(MetaDeliveries.Feed(MetaDeliveries.Comment(school, $"XIN HỎI VỀ HỌC PHÍ NĂM HỌC MỚI {marker}", fromName: "Trần Thị Bình")));

        async Task<List<string>> Find(string q) => WorkspaceApiTests.Ids(await fixture.Client.GetJson($"api/threads?q={Uri.EscapeDataString(q + " " + marker)}"));

        Assert.Equal([road], await Find("duong"));
        Assert.Equal([road], await Find("ĐƯỜNG sạt"));
        Assert.Equal([road], await Find("NGUYEN duc"));
        Assert.Equal([school], await Find("hoc phi"));
        Assert.Equal([school], await Find("Học Phí"));
        Assert.Equal([school], await Find("tran thi binh"));
        Assert.Equal([school, road], await Find(string.Empty));
        Assert.Empty(await Find("duongg"));
        Assert.Empty(await Find("hoc duong"));

        // Hostile text is words to look for, never syntax.
        Assert.Empty(await Find("\" OR 1=1 -- NEAR(duong) *:"));

        // An edit is searched as it now reads.
        await fixture.Client.DeliverOk(MetaDeliveries.Feed(MetaDeliveries.Comment(road, $"Cầu treo bản Tả Phìn hỏng {marker}", fromName: "Nguyễn Văn Đức", verb: "edited", editedAt: DateTimeOffset.UtcNow)));
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while ((await Find("cau treo")).Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.Equal([road], await Find("cau treo"));
    }
}

/// <summary>The search on the production profile's PostgreSQL.</summary>
public sealed class PostgresWorkspaceTests : IAsyncLifetime
{
    private HostFixture? _host;

    public async Task InitializeAsync()
    {
        _host = new HostFixture(new Dictionary<string, string?>
        {
            ["Storage__Profile"] = "Postgres",
            ["ConnectionStrings__Postgres"] = await TestPostgres.CreateDatabase("workspace"),
            ["Orleans__ClusterId"] = "lcf-workspace-" + Guid.NewGuid().ToString("N")[..8],
            ["Orleans__AdvertisedAddress"] = "127.0.0.1",
        });
        await _host.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    [Fact]
    public Task Search_ignores_case_and_Vietnamese_marks_on_PostgreSQL() => WorkspaceScenarios.Search(_host!);
}
