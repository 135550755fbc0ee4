using LaoCaiFanpage.Tests.Shared;

namespace LaoCaiFanpage.FunctionalTests;

/// <summary>Settings that would run the service insecurely stop it at start-up, saying which and why, before anything is created.</summary>
public sealed class StartUpRefusalTests
{
    public static TheoryData<string, string?, string, string?, string> Refusals => new()
    {
        { "Facebook__AppSecret", "CHANGE-ME", "", null, "Facebook:AppSecret is still the example's placeholder" },
        { "Facebook__VerifyToken", "your-secret-token", "", null, "Facebook:VerifyToken is still the example's placeholder" },
        { "Auth__BootstrapAdminPassword", "Change-Me-2026-now", "", null, "Auth:BootstrapAdminPassword is still the example's placeholder" },
        { "Crisis__Webhook__Url", "https://chat.laocai.gov.vn/hooks/crisis", "Crisis__Webhook__Secret", "short", "Crisis:Webhook:Secret must be at least 32 characters" },
        { "Crisis__Webhook__Url", "https://chat.laocai.gov.vn/hooks/crisis", "", null, "Crisis:Webhook:Secret must be at least 32 characters" },
        { "Reports__Webhook__Url", "https://bao-cao.laocai.gov.vn/nhan", "Reports__Webhook__Secret", "CHANGE-ME-CHANGE-ME-CHANGE-ME-CHANGE-ME", "Reports:Webhook:Secret is still the example's placeholder" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task An_insecure_setting_stops_the_service_with_a_clear_message(string key, string? value, string otherKey, string? otherValue, string message)
    {
        var settings = new Dictionary<string, string?> { [key] = value };
        if (otherKey.Length > 0)
        {
            settings[otherKey] = otherValue;
        }

        await using var host = new SiloProcess(settings: settings);
        await host.Start(waitReady: false);
        await host.WaitForExit(TimeSpan.FromSeconds(60));
        Assert.Equal(2, host.ExitCode);
        Assert.Contains(message, host.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(host.DataDirectory, "laocai-fanpage.db")), "nothing is created before the configuration is valid");
    }

    [Fact]
    public async Task The_demo_refuses_to_run_on_a_real_deployments_database()
    {
        await using var host = new SiloProcess(settings: new Dictionary<string, string?>
        {
            ["Storage__Profile"] = "Postgres",
            ["ConnectionStrings__Postgres"] = "Host=db.laocai.internal;Database=laocai_fanpage;Username=laocai_fanpage;Password=x",
        });
        host.Arguments.Add("--demo");
        await host.Start(waitReady: false);
        await host.WaitForExit(TimeSpan.FromSeconds(60));
        Assert.NotEqual(0, host.ExitCode);
        Assert.Contains("--demo runs on the embedded profile only", host.Output, StringComparison.Ordinal);
    }
}
