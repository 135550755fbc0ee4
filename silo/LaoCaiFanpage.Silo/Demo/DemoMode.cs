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
}
