using System.Globalization;
using LaoCaiFanpage.Benchmarks;

// dotnet run -c Release --project tests/LaoCaiFanpage.Benchmarks -- [all | calendar | content | accuracy | ingest | batch | latency | capacity | cluster | screens] [--largest N] [--minutes N] [--rate N]
// Each run rewrites the sections it measured in docs/benchmarks.md. "screens" (20 screens, two of them headless Chromium walls,
// under sustained traffic for 60 minutes unless --minutes says otherwise) is run on its own: it is not part of "all".
var which = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "all";
var largestIndex = Array.IndexOf(args, "--largest");
var largest = largestIndex >= 0 && largestIndex + 1 < args.Length ? int.Parse(args[largestIndex + 1], CultureInfo.InvariantCulture) : 100_000;
var report = new BenchmarkReport();
Console.WriteLine("Machine: " + BenchmarkReport.Machine());

var all = which == "all";
if (all || which == "calendar")
{
    CalendarBenchmark.Run(report);
}

if (all || which == "content")
{
    ContentFilterBenchmark.Run(report);
}

if (all || which == "accuracy")
{
    AccuracyBenchmark.Run(report, args.Contains("--mistakes"));
}

if (all || which == "ingest")
{
    await IngestBenchmark.Run(report);
}

if (all || which == "batch")
{
    await WebhookBatchBenchmark.Run(report);
}

if (all || which == "latency")
{
    await LatencyBenchmark.Run(report);
}

if (all || which == "capacity")
{
    await CapacityBenchmark.Run(report, largest);
}

if (all || which == "cluster")
{
    await ClusterBenchmark.Run(report);
}

if (which == "screens")
{
    var minutesIndex = Array.IndexOf(args, "--minutes");
    var minutes = minutesIndex >= 0 && minutesIndex + 1 < args.Length ? double.Parse(args[minutesIndex + 1], CultureInfo.InvariantCulture) : 60;
    var rateIndex = Array.IndexOf(args, "--rate");
    var rate = rateIndex >= 0 && rateIndex + 1 < args.Length ? int.Parse(args[rateIndex + 1], CultureInfo.InvariantCulture) : 500;
    await ScreenMemoryBenchmark.Run(report, TimeSpan.FromMinutes(minutes), rate);
}

if (which is not ("all" or "calendar" or "content" or "accuracy" or "ingest" or "batch" or "latency" or "capacity" or "cluster" or "screens"))
{
    await Console.Error.WriteLineAsync($"Unknown benchmark '{which}'. Available: all, calendar, content, accuracy, ingest, batch, latency, capacity, cluster, screens.");
    return 2;
}

{
    var root = new DirectoryInfo(AppContext.BaseDirectory);
    while (root is not null && !File.Exists(Path.Combine(root.FullName, "LaoCaiFanpage.sln")))
    {
        root = root.Parent;
    }

    report.Write(Path.Combine(root?.FullName ?? ".", "docs", "benchmarks.md"), "dotnet run -c Release --project tests/LaoCaiFanpage.Benchmarks" + (args.Length > 0 ? " -- " + string.Join(' ', args) : string.Empty));
}

return 0;
