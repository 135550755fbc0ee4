using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using LaoCaiFanpage.Tests.Shared;

namespace LaoCaiFanpage.FunctionalTests.Infrastructure;

/// <summary>A person with an e-mail address and, when asked, a browser subscribed to push.</summary>
public sealed record Person(string Name, string Email, HttpClient Client, string? PushEndpoint);

/// <summary>
/// A host that reaches people: notifications by e-mail to a local SMTP server and by Web Push to a local push
/// service (VAPID keys of this run), at any hour (quiet hours off), polled every 0.2 s, crises repeated every 3 s.
/// </summary>
public sealed class NotificationHostFixture : IAsyncLifetime
{
    public SmtpSink Mail { get; } = new();

    public LocalPushService Push { get; private set; } = null!;

    public HostFixture Host { get; private set; } = null!;

    public (string PublicKey, string PrivateKey) Vapid { get; } = LocalPushService.NewVapidKeys();

    /// <summary>The settings of a host that sends to <paramref name="smtpPort"/> and the push service.</summary>
    public static Dictionary<string, string?> Settings(int smtpPort, LocalPushService push, (string PublicKey, string PrivateKey) vapid) => new()
    {
        ["Notifications__Email__Host"] = "127.0.0.1",
        ["Notifications__Email__Port"] = smtpPort.ToString(CultureInfo.InvariantCulture),
        ["Notifications__Email__Security"] = "none",
        ["Notifications__Push__PublicKey"] = vapid.PublicKey,
        ["Notifications__Push__PrivateKey"] = vapid.PrivateKey,
        ["Notifications__Push__ExtraHosts__0"] = "127.0.0.1",
        ["Notifications__Push__AllowInsecureEndpoints"] = "true",
        ["Notifications__QuietHours"] = "false",
        ["Notifications__PollSeconds"] = "0.2",
        ["Notifications__FirstRetrySeconds"] = "1",
        ["Notifications__CrisisRepeatMinutes"] = "0.05",
    };

    public async Task InitializeAsync()
    {
        Mail.Start();
        Push = new LocalPushService(Vapid.PublicKey);
        await Push.Start();
        Host = new HostFixture(Settings(Mail.Port, Push, Vapid));
        await Host.InitializeAsync();
    }

    /// <summary>Creates an account with an e-mail address (and a subscribed browser) and signs it in.</summary>
    public Task<Person> NewPerson(string role, string? unit = null, bool push = true) => NewPerson(Host.Host, Host.Client, Push, role, unit, push);

    public static async Task<Person> NewPerson(SiloProcess host, HttpClient admin, LocalPushService? pushService, string role, string? unit = null, bool push = true)
    {
        var name = role.ToLowerInvariant() + "-" + Guid.NewGuid().ToString("N")[..8];
        var email = name + "@laocai.gov.vn";
        await host.CreateUser(admin, name, Accounts.Password, [role], unit, email, "Cán bộ " + name);

        var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await host.SignIn(name, Accounts.Password));
        string? endpoint = null;
        if (push && pushService is not null)
        {
            var browser = pushService.NewBrowser(name, out endpoint);
            using var subscribed = await client.PostAsync("api/me/push-subscriptions", Accounts.Json(browser));
            Assert.True(subscribed.IsSuccessStatusCode, $"subscribing {name}: {(int)subscribed.StatusCode} {await subscribed.Content.ReadAsStringAsync()}");
        }

        return new Person(name, email, client, endpoint);
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Push.DisposeAsync();
        await Mail.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class NotificationHostCollection : ICollectionFixture<NotificationHostFixture>
{
    public const string Name = "notification-host";
}

public static class NotificationReads
{
    /// <summary>The signed-in person's notification list.</summary>
    public static async Task<(long Unread, JsonElement Items)> Notifications(this HttpClient client)
    {
        var list = await client.GetJson("api/me/notifications?limit=200");
        return (list.GetProperty("unread").GetInt64(), list.GetProperty("items"));
    }
}
