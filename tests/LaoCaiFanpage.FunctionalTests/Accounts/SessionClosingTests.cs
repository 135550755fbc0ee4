using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using LaoCaiFanpage.Tests.Shared;
using Microsoft.AspNetCore.Http.Connections.Client;
using Microsoft.AspNetCore.SignalR.Client;

namespace LaoCaiFanpage.FunctionalTests.Accounts;

/// <summary>
/// Ending a session closes its live screens wherever they are connected: on a cluster of two silos, revoking a
/// screen or a service token, disabling an account or changing its roles on one silo closes the hub connections held on the other;
/// and a connection does not outlive its session's expiry.
/// </summary>
public sealed class SessionClosingTests
{
    private sealed class Screen : IAsyncDisposable
    {
        private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        private Screen(HubConnection connection)
        {
            Connection = connection;
            connection.Closed += _ =>
            {
                _closed.TrySetResult();
                return Task.CompletedTask;
            };
        }

        public HubConnection Connection { get; }

        public static async Task<Screen> Open(SiloProcess silo, Action<HttpConnectionOptions> credentials)
        {
            var screen = new Screen(new HubConnectionBuilder().WithUrl(new Uri(silo.BaseAddress, "hubs/dashboard"), credentials).Build());
            await screen.Connection.StartAsync();
            await screen.Connection.InvokeAsync<JsonElement>("GetSnapshot");
            return screen;
        }

        public async Task<bool> ClosedWithin(TimeSpan timeout) => await Task.WhenAny(_closed.Task, Task.Delay(timeout)) == _closed.Task;

        public ValueTask DisposeAsync() => Connection.DisposeAsync();
    }

    [Fact]
    public async Task Revoking_disabling_and_changing_roles_on_one_silo_close_the_screens_held_on_the_other()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Storage__Profile"] = "Postgres",
            ["ConnectionStrings__Postgres"] = await TestPostgres.CreateDatabase("sessions"),
            ["Orleans__ClusterId"] = "lcf-sessions-" + Guid.NewGuid().ToString("N")[..8],
            ["Orleans__AdvertisedAddress"] = "127.0.0.1",
        };
        await using var first = new SiloProcess(settings: settings);
        await using var second = new SiloProcess(settings: settings);
        await first.Start();
        await second.Start();
        using var admin = await first.CreateSignedInClient();

        // A wall screen paired through the second silo; two people's screens there too.
        var (kioskId, pairing) = await first.CreateKiosk("Màn hình tầng 2");
        var cookies = new CookieContainer();
        using (var device = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }))
        using (var paired = await device.GetAsync(new Uri(second.BaseAddress, pairing.PathAndQuery)))
        {
            Assert.Equal(HttpStatusCode.Redirect, paired.StatusCode);
        }

        await first.CreateUser(admin, "lanhdao-a", Infrastructure.Accounts.Password, ["Leadership"]);
        await first.CreateUser(admin, "lanhdao-b", Infrastructure.Accounts.Password, ["Leadership"]);
        var tokenA = await second.SignIn("lanhdao-a", Infrastructure.Accounts.Password);
        var tokenB = await second.SignIn("lanhdao-b", Infrastructure.Accounts.Password);
        await using var wall = await Screen.Open(second, o => o.Cookies = cookies);
        await using var leaderA = await Screen.Open(second, o => o.AccessTokenProvider = () => Task.FromResult<string?>(tokenA));
        await using var leaderB = await Screen.Open(second, o => o.AccessTokenProvider = () => Task.FromResult<string?>(tokenB));
        using var issued = await admin.PostAsync("api/tokens", Infrastructure.Accounts.Json(new { name = "Cổng nội bộ", roles = new[] { "WallDisplay" }, expiresInDays = 7 }));
        var serviceToken = JsonDocument.Parse(await issued.Content.ReadAsStringAsync()).RootElement;
        await using var intranet = await Screen.Open(second, o => o.AccessTokenProvider = () => Task.FromResult<string?>(serviceToken.GetProperty("token").GetString()));

        using (var revoked = await admin.PostAsync($"api/kiosks/{kioskId}/revoke", null))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        }

        Assert.True(await wall.ClosedWithin(TimeSpan.FromSeconds(10)), "the revoked screen's connection on the other silo stayed open");
        Assert.False(await leaderA.ClosedWithin(TimeSpan.Zero));

        using (var disabled = await admin.PostAsync("api/users/lanhdao-a/disable", null))
        {
            Assert.Equal(HttpStatusCode.NoContent, disabled.StatusCode);
        }

        Assert.True(await leaderA.ClosedWithin(TimeSpan.FromSeconds(10)), "the disabled account's connection on the other silo stayed open");
        Assert.False(await leaderB.ClosedWithin(TimeSpan.Zero));

        using (var changed = await admin.PostAsync("api/users/lanhdao-b/roles", Infrastructure.Accounts.Json(new { roles = new[] { "UnitOfficer" }, unit = "SXD" })))
        {
            Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        }

        Assert.True(await leaderB.ClosedWithin(TimeSpan.FromSeconds(10)), "a connection kept the rights its account no longer has");
        Assert.False(await intranet.ClosedWithin(TimeSpan.Zero));

        using (var revokedToken = await admin.PostAsync($"api/tokens/{serviceToken.GetProperty("id").GetInt64()}/revoke", null))
        {
            Assert.Equal(HttpStatusCode.NoContent, revokedToken.StatusCode);
        }

        Assert.True(await intranet.ClosedWithin(TimeSpan.FromSeconds(10)), "the revoked service token's connection on the other silo stayed open");

        // The changed account reconnects with what it now has: a unit officer reads no wall.
        var again = new HubConnectionBuilder().WithUrl(new Uri(second.BaseAddress, "hubs/dashboard"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(tokenB)).Build();
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => again.StartAsync());
        await again.DisposeAsync();

        // The revoked screen's cookie opens nothing any more, on either silo.
        using var stale = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false });
        foreach (var silo in new[] { first, second })
        {
            using var response = await stale.GetAsync(silo.BaseAddress);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }
    }

    [Fact]
    public async Task A_connection_closes_when_its_session_expires()
    {
        await using var host = new SiloProcess(settings: new Dictionary<string, string?> { ["Auth__SessionHours"] = "0.005" });
        await host.Start();
        var token = await host.SignIn();
        var started = DateTime.UtcNow;
        await using var screen = await Screen.Open(host, o => o.AccessTokenProvider = () => Task.FromResult<string?>(token));
        Assert.True(await screen.ClosedWithin(TimeSpan.FromSeconds(60)), "the connection outlived its session");
        Assert.True(DateTime.UtcNow - started > TimeSpan.FromSeconds(10), "closed before the session expired");
        using var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("api/auth/me")).StatusCode);
    }
}
