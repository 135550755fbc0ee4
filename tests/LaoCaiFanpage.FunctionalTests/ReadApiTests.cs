using System.Globalization;
using System.Net;
using LaoCaiFanpage.FunctionalTests.Infrastructure;
using LaoCaiFanpage.Tests.Shared;

namespace LaoCaiFanpage.FunctionalTests;

[Collection(HostCollection.Name)]
public sealed class ReadApiTests(HostFixture fixture)
{
    private HttpClient Client => fixture.Client;

    [Fact]
    public async Task Threads_are_listed_newest_first_with_paging_and_a_status_filter()
    {
        var ids = new[] { MetaDeliveries.NewCommentId(), MetaDeliveries.NewCommentId(), MetaDeliveries.NewCommentId() };
        foreach (var id in ids)
        {
            await Client.DeliverOk(MetaDeliveries.Feed(MetaDeliveries.Comment(id, "Hỏi " + id)));
        }

        var page = await Client.GetJson("api/threads?status=new&page=1&pageSize=2");
        Assert.Equal(2, page.GetProperty("items").GetArrayLength());
        Assert.Equal(1, page.GetProperty("page").GetInt32());
        Assert.Equal(2, page.GetProperty("pageSize").GetInt32());
        Assert.True(page.GetProperty("total").GetInt32() >= 3);
        Assert.Equal(ids[2], page.GetProperty("items")[0].GetProperty("id").GetString());
        Assert.Equal(ids[1], page.GetProperty("items")[1].GetProperty("id").GetString());

        var second = await Client.GetJson("api/threads?status=new&page=2&pageSize=2");
        Assert.Equal(ids[0], second.GetProperty("items")[0].GetProperty("id").GetString());

        var closed = await Client.GetJson("api/threads?status=closed");
        Assert.Equal(0, closed.GetProperty("total").GetInt32());
        // A commune no test routes to (the host is shared: the departments get cases from other tests in any order).
        var byUnit = await Client.GetJson("api/threads?unit=04750");
        Assert.Equal(0, byUnit.GetProperty("total").GetInt32());
    }

    [Theory]
    [InlineData("api/threads?page=0")]
    [InlineData("api/threads?page=-1")]
    [InlineData("api/threads?page=abc")]
    [InlineData("api/threads?pageSize=0")]
    [InlineData("api/threads?pageSize=201")]
    [InlineData("api/threads?status=%3Cscript%3E")]
    [InlineData("api/threads?unit=NO-SUCH-UNIT")]
    [InlineData("api/units?queue=0")]
    [InlineData("api/units?queue=1001")]
    [InlineData("api/units/VP?queue=-3")]
    [InlineData("api/units/VP?queue=1e3")]
    public async Task Bad_query_parameters_are_precise_400_problems(string path)
    {
        using var response = await Client.GetAsync(path);
        await response.ReadProblem(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task An_unknown_case_is_a_404_problem()
    {
        using var response = await Client.GetAsync("api/threads/100000000000001_1_does-not-exist");
        var problem = await response.ReadProblem(HttpStatusCode.NotFound);
        Assert.Contains("/", problem.GetProperty("title").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Units_come_from_the_shipped_directory_with_their_open_cases()
    {
        var units = await Client.GetJson("api/units");
        var stc = units.EnumerateArray().Single(u => u.GetProperty("code").GetString() == "STC");
        Assert.Equal("Sở Tài chính", stc.GetProperty("name").GetString());
        Assert.Equal(0, stc.GetProperty("openCases").GetInt32());
        Assert.True(units.GetArrayLength() >= 20);

        // Every new comment runs the Office's intake clock: the unit lists as many as asked, most urgent first, and counts them all.
        await Client.DeliverOk(MetaDeliveries.Feed(MetaDeliveries.Comment(MetaDeliveries.NewCommentId(), "Hỏi về giờ làm việc")));
        await Client.DeliverOk(MetaDeliveries.Feed(MetaDeliveries.Comment(MetaDeliveries.NewCommentId(), "Hỏi về lịch tiếp dân")));
        var office = await Client.GetJson("api/units/VP?queue=1");
        Assert.Equal(1, office.GetProperty("queue").GetArrayLength());
        Assert.True(office.GetProperty("queueTotal").GetInt32() >= 2);
        Assert.True(office.GetProperty("openCases").GetInt32() >= 2);
        var board = await Client.GetJson("api/units");
        Assert.All(board.EnumerateArray(), u => Assert.True(u.GetProperty("queue").GetArrayLength() <= 5));

        var one = await Client.GetJson("api/units/SXD");
        Assert.Equal("Sở Xây dựng", one.GetProperty("name").GetString());
        using var missing = await Client.GetAsync("api/units/KHONGCO");
        await missing.ReadProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Health_endpoints_report_live_and_ready()
    {
        var live = await Client.GetJson("health/live");
        Assert.Equal("Healthy", live.GetProperty("status").GetString());
        var ready = await Client.GetJson("health/ready");
        Assert.Equal("Healthy", ready.GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_wall_page_and_its_signalr_client_are_served()
    {
        var html = await Client.GetStringAsync("/");
        Assert.Contains("Bình luận hôm nay", html, StringComparison.Ordinal);
        Assert.Contains("lang=\"vi\"", html, StringComparison.Ordinal);
        var script = await Client.GetStringAsync("lib/signalr/signalr.min.js");
        Assert.Contains("HubConnectionBuilder", script, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cases_are_listed_by_category_and_the_day_they_were_opened_and_bad_filters_are_a_400()
    {
        var id = MetaDeliveries.NewCommentId();
        await fixture.Client.DeliverOk(MetaDeliveries.Feed(MetaDeliveries.Comment(id, "Hỏi về hợp tác đầu tư")));
        await Editorial.Post(fixture.Client, $"api/threads/{id}/classify", new { category = 2, authority = "office" });
        var today = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(7)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        var two = await fixture.Client.GetJson($"api/threads?category=2&from={today}&to={today}&pageSize=200");
        Assert.Contains(two.GetProperty("items").EnumerateArray(), c => c.GetProperty("id").GetString() == id);
        var three = await fixture.Client.GetJson($"api/threads?category=3&from={today}&to={today}&pageSize=200");
        Assert.DoesNotContain(three.GetProperty("items").EnumerateArray(), c => c.GetProperty("id").GetString() == id);
        var before = await fixture.Client.GetJson("api/threads?category=2&to=2020-01-01&pageSize=200");
        Assert.DoesNotContain(before.GetProperty("items").EnumerateArray(), c => c.GetProperty("id").GetString() == id);

        foreach (var bad in new[] { "category=7", "category=-1", "category=x", "from=2026-13-01", "to=yesterday" })
        {
            using var response = await fixture.Client.GetAsync("api/threads?" + bad);
            await response.ReadProblem(HttpStatusCode.BadRequest);
        }
    }
}
