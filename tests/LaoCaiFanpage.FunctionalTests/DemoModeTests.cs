using LaoCaiFanpage.FunctionalTests.Infrastructure;
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
        var pages = new LaoCaiFanpage.Simulator.ImpostorPageModel(new() { AppSecret = "unused", Seed = 20261206 }).Pages();
        Assert.All(pages.Where(p => p.Impersonates), p => Assert.Contains((p.Name, "suspected", "simulator"), impostors));
        Assert.DoesNotContain(impostors, i => i.Status == "suspected" && pages.Any(p => !p.Impersonates && p.Name == i.Name));
        Assert.Contains("DEMO MODE", host.Output, StringComparison.Ordinal);

        // The newcomer opens the printed kiosk link: a wall screen without an account.
        var link = System.Text.RegularExpressions.Regex.Match(host.Output, @"open the wall screen: (\S+/kiosk/\S+)");
        Assert.True(link.Success, host.Output);
        using var screen = new HttpClient(new HttpClientHandler { CookieContainer = new System.Net.CookieContainer() });
        var wall = await screen.GetStringAsync(new Uri(link.Groups[1].Value));
        Assert.Contains("TRUNG TÂM GIÁM SÁT FANPAGE", wall, StringComparison.Ordinal);
        // Deliveries from anyone else still need the (generated) app secret.
        using var forged = await client.Deliver(MetaDeliveries.Feed(MetaDeliveries.Comment(MetaDeliveries.NewCommentId(), "x")));
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, forged.StatusCode);
    }
}
