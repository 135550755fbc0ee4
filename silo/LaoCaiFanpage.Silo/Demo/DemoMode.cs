using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using LaoCaiFanpage.Contracts.Accounts;
using LaoCaiFanpage.Grains.Publishing;
using LaoCaiFanpage.Grains.Storage;
using LaoCaiFanpage.Silo.Accounts;
using LaoCaiFanpage.Silo.Hosting;
using Microsoft.Extensions.Options;

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
        // The demo invents accounts, traffic and publications: never into a real deployment's database.
        var profile = builder.Configuration.GetSection(StorageOptions.Section).Get<StorageOptions>()?.Profile;
        if (profile is not null and not StorageProfile.Embedded)
        {
            throw new OptionsValidationException(StorageOptions.Section, typeof(StorageOptions),
                [$"--demo runs on the embedded profile only (a SQLite file of its own); Storage:Profile is '{profile}'. Remove --demo, or unset Storage:Profile for a demonstration."]);
        }

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
        Default("Facebook:PageAccessToken", () => "demo-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)));

        // A short banner, not pages of start-up and of every publication: warnings still show.
        foreach (var category in new[] { "Default", "Orleans.Runtime.Silo", "System.Net.Http.HttpClient", "LaoCaiFanpage" })
        {
            missing["Logging:LogLevel:" + category] = "Warning";
        }

        // The Office's own steps are short in the demo so that late intake and approvals show within minutes (during
        // office hours: outside them no working time passes); the units keep the regulation's working days.
        Default("Sla:Limits:IntakeWorkingHours", () => "0.1");
        Default("Sla:Limits:ApprovalWorkingHours", () => "0.1");

        // The demo's accounts are for trying the workflow on one machine: no authenticator app needed (an account that
        // enrols one anyway still signs in with its code).
        Default("Auth:RequireSecondFactor", () => "false");
        if (string.IsNullOrEmpty(builder.Configuration["Storage:SqlitePath"]) || builder.Configuration["Storage:SqlitePath"] == "./data/laocai-fanpage.db")
        {
            missing["Storage:SqlitePath"] = "./data/laocai-fanpage-demo.db";
        }

        builder.Configuration.AddInMemoryCollection(missing);
        builder.Services.AddHostedService<DemoTraffic>();
        builder.Services.AddHostedService<DemoOffice>();
        builder.Services.AddHttpClient<GraphApiClient>().ConfigurePrimaryHttpMessageHandler(() => new DemoGraphApi());
        return builder;
    }

    /// <summary>
    /// Once the database is ready: the demo's accounts, one per role, with passwords generated for this run. Once the
    /// host listens: a kiosk link for this run, printed with the accounts in a short banner (the link grants the
    /// read-only screen role only).
    /// </summary>
    public static async Task AnnounceDemoAsync(this WebApplication app)
    {
        var accounts = app.Services.GetRequiredService<AccountStore>();
        var people = await DemoAccounts.CreateAsync(accounts, app.Lifetime.ApplicationStopping);
        app.Lifetime.ApplicationStarted.Register(() => _ = Task.Run(async () =>
        {
            var (_, token) = await accounts.CreateKiosk("Demo " + DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                Actor.System("demo"));
            var address = app.Urls.FirstOrDefault()?.TrimEnd('/') ?? HostingExtensions.DefaultUrl;
            var banner = new StringBuilder()
                .AppendLine("==== LaoCaiFanpage — DEMO ====")
                .AppendLine($"DEMO: mở màn hình giám sát / open the wall screen: {address}/kiosk/{token}")
                .AppendLine("      (mã ghép nối dùng một lần, trong 30 phút / a one-time pairing code, valid 30 minutes)")
                .AppendLine($"DEMO: trang xử lý vụ việc / officer pages: {address}/cases — tài khoản cho lần chạy này / accounts for this run:");
            foreach (var (person, password) in people.Take(DemoCast.Printed))
            {
                banner.AppendLine($"  {person.Username,-18} {password,-20} {person.DisplayName}");
            }

            banner.AppendLine($"  (và cán bộ, lãnh đạo của {string.Join(", ", DemoCast.Units.Skip(1))}: can-bo-…, lanh-dao-…; đặt lại mật khẩu bằng quan-tri)");
            Console.Write(banner.ToString());
        }));
    }
}
