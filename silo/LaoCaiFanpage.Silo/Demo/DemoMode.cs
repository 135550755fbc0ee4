using System.Security.Cryptography;

namespace LaoCaiFanpage.Silo.Demo;

/// <summary>
/// <c>--demo</c>: the service with simulated traffic feeding it, so a newcomer sees a live wall at once.
/// It runs on its own database file, and any secret it lacks is generated for the session — never a
/// built-in value.
/// </summary>
public static class DemoMode
{
    public const string Switch = "--demo";

    public static bool IsRequested(string[] args) => args.Contains(Switch, StringComparer.Ordinal);

    /// <summary>The arguments without the switch (the configuration parser takes only key/value pairs).</summary>
    public static string[] WithoutSwitch(string[] args) => [.. args.Where(a => a != Switch)];

    public static WebApplicationBuilder AddDemo(this WebApplicationBuilder builder)
    {
        var missing = new Dictionary<string, string?>
        {
            ["Demo:Enabled"] = "true",
        };
        void Default(string key, Func<string> value)
        {
            if (string.IsNullOrEmpty(builder.Configuration[key]))
            {
                missing[key] = value();
            }
        }

        Default("Facebook:AppSecret", () => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)));
        Default("Facebook:VerifyToken", () => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)));
        Default("Fanpage:PageId", () => "100000000000001");
        if (string.IsNullOrEmpty(builder.Configuration["Storage:SqlitePath"]) || builder.Configuration["Storage:SqlitePath"] == "./data/laocai-fanpage.db")
        {
            missing["Storage:SqlitePath"] = "./data/laocai-fanpage-demo.db";
        }

        builder.Configuration.AddInMemoryCollection(missing);
        builder.Services.AddHostedService<DemoTraffic>();
        return builder;
    }

    /// <summary>
    /// Once the host listens, creates a kiosk link for this run and prints it: the newcomer opens it and
    /// sees the wall without an account (the link grants the read-only screen role only).
    /// </summary>
    public static void AnnounceDemoKiosk(this WebApplication app)
    {
        app.Lifetime.ApplicationStarted.Register(() => _ = Task.Run(async () =>
        {
            var accounts = app.Services.GetRequiredService<LaoCaiFanpage.Silo.Accounts.AccountStore>();
            var (_, token) = await accounts.CreateKiosk("Demo " + DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture),
                new LaoCaiFanpage.Contracts.Accounts.Actor("system", null, null));
            var address = app.Urls.FirstOrDefault()?.TrimEnd('/') ?? LaoCaiFanpage.Silo.Hosting.HostingExtensions.DefaultUrl;
            Console.WriteLine($"DEMO: mở màn hình giám sát / open the wall screen: {address}/kiosk/{token}");
        }));
    }
}
