using System.Net;
using LaoCaiFanpage.Tests.Shared;

namespace LaoCaiFanpage.FunctionalTests.Accounts;

/// <summary>The first administrator and the settings that must stop start-up.</summary>
public sealed class BootstrapTests
{
    [Fact]
    public async Task Without_a_bootstrap_password_there_is_no_administrator_and_no_default_one()
    {
        await using var host = new SiloProcess(settings: new Dictionary<string, string?> { ["Auth__BootstrapAdminPassword"] = null });
        await host.Start();
        using var client = host.CreateClient();
        foreach (var guess in new[] { "admin", "Admin@123", "password", "laocai" })
        {
            using var response = await client.PostAsync("api/auth/login", Infrastructure.Accounts.Json(new { username = "admin", password = guess }));
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        Assert.Contains("Auth:BootstrapAdminPassword", host.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_bootstrap_password_creates_admin_once_and_a_later_value_changes_nothing()
    {
        await using var host = new SiloProcess();
        await host.Start();
        await host.SignIn();
        await host.Stop();
        host.Settings["Auth__BootstrapAdminPassword"] = "Mat-khau-khac-hoan-toan-9";
        await host.Start();
        await host.SignIn();
        await Assert.ThrowsAsync<InvalidOperationException>(() => host.SignIn("admin", "Mat-khau-khac-hoan-toan-9"));
    }

    [Theory]
    [InlineData("Audit__RetentionDays", "365", "Audit:RetentionDays must be at least 730")]
    [InlineData("Auth__BootstrapAdminPassword", "admin", "Auth:BootstrapAdminPassword")]
    [InlineData("Auth__MaxFailedLogins", "0", "Auth:MaxFailedLogins must be from 3 to 20")]
    public async Task Unsafe_settings_stop_start_up_with_the_reason(string key, string value, string message)
    {
        await using var host = new SiloProcess(settings: new Dictionary<string, string?> { [key] = value });
        await host.Start(waitReady: false);
        await host.WaitForExit(TimeSpan.FromSeconds(60));
        Assert.Equal(2, host.ExitCode);
        Assert.Contains(message, host.Output, StringComparison.Ordinal);
    }
}
