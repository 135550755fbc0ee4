using System.Net;
using LaoCaiFanpage.FunctionalTests.Infrastructure;

namespace LaoCaiFanpage.FunctionalTests;

[Collection(HostCollection.Name)]
public sealed class CalendarApiTests(HostFixture fixture)
{
    private HttpClient Client => fixture.Client;

    [Fact]
    public async Task A_civil_deadline_across_tet_comes_with_its_explanation()
    {
        var result = await Client.GetJson("api/calendar/deadline?from=" + Uri.EscapeDataString("2026-02-13T15:20:00+07:00") + "&workingDays=1&rule=civil");
        Assert.Equal("2026-02-24T00:00:00.000+07:00", result.GetProperty("deadline").GetString());
        Assert.Equal("civil", result.GetProperty("rule").GetString());
        Assert.False(result.GetProperty("provisional").GetBoolean());
        var lines = result.GetProperty("explanation").EnumerateArray().ToArray();
        Assert.Equal(5, lines.Count(l => l.GetProperty("kind").GetString() == "holiday"));
        Assert.Contains(lines, l => l.GetProperty("text").GetString()!.Contains("Tết Nguyên đán", StringComparison.Ordinal));
        Assert.Equal("2026-02-23", lines.Single(l => l.GetProperty("counted").GetBoolean()).GetProperty("date").GetString());
    }

    [Fact]
    public async Task The_office_hours_rule_and_utc_input_are_honoured()
    {
        // 03:00 UTC = 10:00 in Vietnam on Monday 30/11/2026.
        var result = await Client.GetJson("api/calendar/deadline?from=2026-11-30T03:00:00Z&workingDays=1&rule=office-hours");
        Assert.Equal("2026-12-01T10:00:00.000+07:00", result.GetProperty("deadline").GetString());
        Assert.Equal("office-hours", result.GetProperty("rule").GetString());
    }

    [Fact]
    public async Task A_year_lists_its_days_off_and_make_up_days_and_says_when_it_is_provisional()
    {
        var y2026 = await Client.GetJson("api/calendar/2026");
        Assert.False(y2026.GetProperty("provisional").GetBoolean());
        Assert.Contains(y2026.GetProperty("daysOff").EnumerateArray(), d => d.GetProperty("date").GetString() == "2026-02-17" && d.GetProperty("name").GetString() == "Tết Nguyên đán");
        Assert.Equal(["2026-01-10", "2026-08-22"], y2026.GetProperty("makeUpWorkingDays").EnumerateArray().Select(d => d.GetProperty("date").GetString()!));

        var y2027 = await Client.GetJson("api/calendar/2027");
        Assert.True(y2027.GetProperty("provisional").GetBoolean());
        Assert.Contains(y2027.GetProperty("daysOff").EnumerateArray(), d => d.GetProperty("date").GetString() == "2027-02-08");
    }

    [Fact]
    public async Task A_lunar_date_is_converted_for_vietnam()
    {
        var tet = await Client.GetJson("api/calendar/lunar?date=2026-02-17");
        Assert.Equal(1, tet.GetProperty("day").GetInt32());
        Assert.Equal(1, tet.GetProperty("month").GetInt32());
        Assert.Equal(2026, tet.GetProperty("year").GetInt32());
        Assert.False(tet.GetProperty("leap").GetBoolean());
        var leap = await Client.GetJson("api/calendar/lunar?date=2025-07-30");
        Assert.Equal(6, leap.GetProperty("month").GetInt32());
        Assert.True(leap.GetProperty("leap").GetBoolean());
    }

    [Theory]
    [InlineData("api/calendar/deadline?workingDays=1")]
    [InlineData("api/calendar/deadline?from=yesterday&workingDays=1")]
    [InlineData("api/calendar/deadline?from=2026-11-30T10:00:00&workingDays=1")]
    [InlineData("api/calendar/deadline?from=2026-11-30T10:00:00%2B07:00&workingDays=0")]
    [InlineData("api/calendar/deadline?from=2026-11-30T10:00:00%2B07:00&workingDays=-3")]
    [InlineData("api/calendar/deadline?from=2026-11-30T10:00:00%2B07:00&workingDays=99999")]
    [InlineData("api/calendar/deadline?from=2026-11-30T10:00:00%2B07:00&workingDays=1&rule=lunar")]
    [InlineData("api/calendar/deadline?from=9999-11-30T10:00:00%2B07:00&workingDays=1")]
    [InlineData("api/calendar/1800")]
    [InlineData("api/calendar/20266")]
    [InlineData("api/calendar/abc")]
    [InlineData("api/calendar/lunar?date=2026-13-01")]
    [InlineData("api/calendar/lunar")]
    public async Task Invalid_calendar_queries_are_400_problems(string path)
    {
        using var response = await Client.GetAsync(path);
        await response.ReadProblem(HttpStatusCode.BadRequest);
    }
}
