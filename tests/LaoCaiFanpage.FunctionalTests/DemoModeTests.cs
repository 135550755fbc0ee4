using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using LaoCaiFanpage.FunctionalTests.Infrastructure;
using LaoCaiFanpage.Simulator;
using LaoCaiFanpage.Tests.Shared;

namespace LaoCaiFanpage.FunctionalTests;

public sealed class DemoModeTests
{
    [Fact]
    public async Task The_demo_switch_starts_without_configured_secrets_and_fills_the_wall_by_itself()
    {
        await using var host = new SiloProcess(settings: new Dictionary<string, string?>
        {
            ["Facebook__AppSecret"] = null,
            ["Facebook__VerifyToken"] = null,
            ["Fanpage__PageId"] = null,
            ["Demo__PerMinute"] = "600",
            ["Demo__Seed"] = "20261206",
            ["Demo__OfficeSeconds"] = "1",
            ["Demo__StepSeconds"] = "2",
        });
        host.Arguments.Add("--demo");
        await host.Start();
        using var client = await host.CreateSignedInClient();

        var deadline = DateTime.UtcNow.AddSeconds(30);
        var total = 0;
        while (DateTime.UtcNow < deadline && total < 10)
        {
            await Task.Delay(250);
            total = (await client.GetJson("api/threads?pageSize=1")).GetProperty("total").GetInt32();
        }

        Assert.True(total >= 10, $"only {total} cases after 30 s of demo traffic");

        // The simulated pages that impersonate the official one are on the impostor register, marked as the demo's.
        var impostors = (await client.GetJson("api/impostors")).GetProperty("items").EnumerateArray()
            .Select(i => (Name: i.GetProperty("page").GetProperty("name").GetString(), Status: i.GetProperty("status").GetString(), Source: i.GetProperty("page").GetProperty("source").GetString()))
            .ToList();
        var pages = new ImpostorPageModel(new() { AppSecret = "unused", Seed = 20261206 }).Pages();
        Assert.All(pages.Where(p => p.Impersonates), p => Assert.Contains((p.Name, "suspected", "simulator"), impostors));
        Assert.DoesNotContain(impostors, i => i.Status == "suspected" && pages.Any(p => !p.Impersonates && p.Name == i.Name));
        Assert.Contains("DEMO MODE", host.Output, StringComparison.Ordinal);

        // The newcomer opens the printed kiosk link: a wall screen without an account.
        var link = Regex.Match(host.Output, @"open the wall screen: (\S+/kiosk/\S+)");
        Assert.True(link.Success, host.Output);
        using var screen = new HttpClient(new HttpClientHandler { CookieContainer = new System.Net.CookieContainer() });
        var wall = await screen.GetStringAsync(new Uri(link.Groups[1].Value));
        Assert.Contains("TRUNG TÂM GIÁM SÁT FANPAGE", wall, StringComparison.Ordinal);
        // Deliveries from anyone else still need the (generated) app secret.
        using var forged = await client.Deliver(MetaDeliveries.Feed(MetaDeliveries.Comment(MetaDeliveries.NewCommentId(), "x")));
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);

        // The Office and the units play the regulation: within a few minutes the unit board shows routed cases and answers,
        // the on-time figures behind the wall's chart are drawn from them, and answers are published to the stand-in.
        var until = DateTime.UtcNow.AddMinutes(3);
        var (routed, answered, published) = (0, 0, 0);
        while (DateTime.UtcNow < until && (routed == 0 || answered == 0 || published == 0))
        {
            await Task.Delay(1000);
            var board = (await client.GetJson("api/units")).EnumerateArray().ToList();
            routed = board.Sum(u => u.GetProperty("openCases").GetInt32() + u.GetProperty("queueTotal").GetInt32());
            answered = board.Sum(u => u.GetProperty("answeredOnTimeToday").GetInt32() + u.GetProperty("answeredLateToday").GetInt32());
            published = (await client.GetJson("api/threads?status=published&pageSize=1")).GetProperty("total").GetInt32();
        }

        Assert.True(routed > 0 && answered > 0 && published > 0, $"after 3 minutes: {routed} routed, {answered} answered, {published} published");
        var report = await client.GetJson($"api/reports/range?from={Today()}&to={Today()}");
        Assert.Contains(report.GetProperty("units").EnumerateArray(), u => u.GetProperty("finished").GetInt32() > 0 && u.GetProperty("onTimeRate").ValueKind == JsonValueKind.Number);
        Assert.Contains(report.GetProperty("officers").EnumerateArray(), o => o.GetProperty("username").GetString()!.StartsWith("can-bo-", StringComparison.Ordinal));
        using (var chart = await screen.GetAsync(new Uri(host.BaseAddress, "api/screens/charts/units.png")))
        {
            Assert.Equal(HttpStatusCode.OK, chart.StatusCode);
            Assert.Equal("image/png", chart.Content.Headers.ContentType?.MediaType);
        }

        // Beside the kiosk link, one account per role with a password made for this run: the editorial staff signs in.
        var staff = Regex.Match(host.Output, @"^\s+bien-tap\s+(\S+)\s", RegexOptions.Multiline);
        Assert.True(staff.Success, host.Output);
        using var officer = await host.CreateSignedInClient("bien-tap", staff.Groups[1].Value);
        Assert.True((await officer.GetJson("api/threads?pageSize=1")).GetProperty("total").GetInt32() > 0);

        // The start-up is a banner, not pages of framework configuration.
        Assert.DoesNotContain("SiloOptionsLogger", host.Output, StringComparison.Ordinal);
        Assert.True(host.Output.Split('\n').Length < 80, host.Output);
    }

    private static string Today() => DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(7)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
