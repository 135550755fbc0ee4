using System.Globalization;
using LaoCaiFanpage.Simulator;

// dotnet run --project deploy/LaoCaiFanpage.Simulator -- [--url http://127.0.0.1:5080] [--secret S] [--page-id ID]
//     [--per-minute 30] [--minutes 10] [--seed 1933] [--speed-up 1] [--no-rhythm]
// dotnet run --project deploy/LaoCaiFanpage.Simulator -- --impostors-csv [--seed 1933]
//     prints the simulated pages around the official one as the officers' import CSV, and sends nothing
var settings = new Dictionary<string, string>(StringComparer.Ordinal);
var flags = new HashSet<string>(StringComparer.Ordinal);
for (var i = 0; i < args.Length; i++)
{
    if (args[i] is "--no-rhythm" or "--impostors-csv")
    {
        flags.Add(args[i]);
    }
    else if (args[i].StartsWith("--", StringComparison.Ordinal) && i + 1 < args.Length)
    {
        settings[args[i][2..]] = args[++i];
    }
    else
    {
        await Console.Error.WriteLineAsync($"Unknown argument '{args[i]}'.");
        return 2;
    }
}

string Setting(string name, string fallback) => settings.GetValueOrDefault(name) ?? fallback;
double Number(string name, double fallback) => double.Parse(Setting(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

var options = new SimulatorOptions
{
    AppSecret = Setting("secret", Environment.GetEnvironmentVariable("FACEBOOK_APP_SECRET") ?? "demo_app_secret"),
    PageId = Setting("page-id", "100000000000001"),
    Seed = (int)Number("seed", 1933),
    PeakPerMinute = Number("per-minute", 30),
    Diurnal = !flags.Contains("--no-rhythm"),
};
if (flags.Contains("--impostors-csv"))
{
    Console.Out.Write(ImpostorPageModel.Csv(new ImpostorPageModel(options).Pages()));
    return 0;
}

var url = new Uri(new Uri(Setting("url", "http://127.0.0.1:5080")), "webhooks/facebook");
using var client = new HttpClient();
var pump = new DeliveryPump(client, url, TimeProvider.System);
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

Console.WriteLine($"Sending simulated deliveries to {url} (seed {options.Seed}, peak {options.PeakPerMinute}/min). Ctrl+C stops.");
try
{
    await pump.Run(new FanpageTrafficModel(options).From(DateTimeOffset.UtcNow), TimeSpan.FromMinutes(Number("minutes", 10)), Number("speed-up", 1), stop.Token);
}
catch (OperationCanceledException)
{
}

Console.WriteLine($"sent {pump.Sent}, accepted {pump.Accepted}");
return 0;
