using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using LaoCaiFanpage.Tests.Shared;
using OpenQA.Selenium.Chrome;

namespace LaoCaiFanpage.Benchmarks;

/// <summary>
/// Wall screens under sustained traffic: 20 screens, of which two are real headless Chromium wall pages (the page's own
/// JavaScript, SignalR client, charts and unit board) and the rest SignalR clients timing each feed line, while signed
/// deliveries arrive at a fixed rate. Every minute: the rate achieved, delivery-to-screen latency, the host's CPU and
/// resident memory, each page's JavaScript heap and DOM size; at the end whether the pages kept up.
/// </summary>
public static class ScreenMemoryBenchmark
{
    public const int Screens = 20;

    public static async Task Run(BenchmarkReport report, TimeSpan duration, int rate = 500, int pages = 2)
    {
        await using var host = new SiloProcess();
        await host.Start();
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = host.BaseAddress };
        await using var probe = await ScreenLatencyProbe.Connect(host, Screens - pages);
        var overall = new LatencyHistogram();

        // At most this many deliveries in flight: when the host is slower than the rate, the sender waits (the
        // accepted count shows the rate achieved) instead of queueing requests without bound.
        using var window = new SemaphoreSlim(256);
        var walls = new List<ChromeDriver>();
        var profiles = new List<string>();
        try
        {
            for (var i = 0; i < pages; i++)
            {
                var (driver, profile) = Chromium();
                walls.Add(driver);
                profiles.Add(profile);
                driver.Navigate().GoToUrl((await host.CreateKiosk("Màn hình đo " + i)).Url);
                await WaitUntil(driver, "window.wallState && window.wallState.connection === 'online' && window.wallState.snapshots > 0", TimeSpan.FromSeconds(30));
                driver.ExecuteCdpCommand("Performance.enable", []);
            }

            var samples = new List<string[]>();
            var process = Process.GetProcessById(host.ProcessId);
            var started = Stopwatch.StartNew();
            long sent = 0, accepted = 0;
            var lastId = string.Empty;
            var window0 = new Window(process, started.Elapsed, 0);
            samples.Add(Sample(walls, window0, process, window0.At, 0, []));
            var nextSample = TimeSpan.FromMinutes(1);
            var interval = TimeSpan.FromSeconds(1.0 / rate);
            var inFlight = new ConcurrentDictionary<Task, byte>();
            for (var i = 0; started.Elapsed < duration; i++)
            {
                var wait = interval * i - started.Elapsed;
                if (wait > TimeSpan.FromMilliseconds(1))
                {
                    await Task.Delay(wait);
                }

                var id = MetaDeliveries.NewCommentId();
                lastId = id;
                probe.Sent(id);
                var body = Encoding.UTF8.GetBytes(MetaDeliveries.Feed(MetaDeliveries.Comment(id, "Đo bộ nhớ màn hình " + i)));
                Interlocked.Increment(ref sent);
                await window.WaitAsync();
                var task = Task.Run(async () =>
                {
                    try
                    {
                        using var response = await client.PostDelivery(body);
                        if (response.IsSuccessStatusCode)
                        {
                            Interlocked.Increment(ref accepted);
                        }
                    }
                    finally
                    {
                        window.Release();
                    }
                });
                inFlight[task] = 0;
                _ = task.ContinueWith(t => inFlight.TryRemove(t, out _), TaskScheduler.Default);

                if (started.Elapsed >= nextSample)
                {
                    var latencies = probe.TakeLatencies(forgetAfter: TimeSpan.FromMinutes(1));
                    overall.Add(latencies);
                    var now = Interlocked.Read(ref accepted);
                    var at = started.Elapsed;
                    samples.Add(Sample(walls, window0, process, at, now, latencies));
                    window0 = new Window(process, at, now);
                    nextSample += TimeSpan.FromMinutes(1);
                }
            }

            await Task.WhenAll(inFlight.Keys);
            var caughtUp = new List<bool>();
            foreach (var wall in walls)
            {
                caughtUp.Add(await TryWaitUntil(wall, $"document.querySelector('#feed li[data-message-id=\"{lastId}\"]') !== null", TimeSpan.FromSeconds(10)));
            }

            var last = probe.TakeLatencies();
            overall.Add(last);
            samples.Add(Sample(walls, window0, process, started.Elapsed, accepted, last, final: true));
            var states = walls.Select(w => Convert.ToString(w.ExecuteScript("return window.wallState.connection + ', ' + window.wallState.deltas + ' deltas, ' + window.wallState.snapshots + ' snapshot(s)'"),
                CultureInfo.InvariantCulture)).ToList();
            report.Section("Wall screens under sustained traffic",
                $"{Screens} screens connected for {duration.TotalMinutes:F0} min while signed single-comment deliveries (each a new case) arrive at {rate}/s: " +
                $"{pages} real wall pages in headless Chromium at 1920×1080 (kiosk sign-in, live feed, unit board, server-drawn charts) and {Screens - pages} SignalR clients " +
                $"that time each feed line from the sending of its delivery (pushes are coalesced to at most 4 a second per screen). {BenchmarkReport.N(sent)} sent, " +
                $"{BenchmarkReport.N(accepted)} accepted ({BenchmarkReport.N(accepted / started.Elapsed.TotalSeconds)}/s achieved, at most 256 in flight). " +
                $"Delivery to screen over the whole run: p50 {overall.Describe(0.50)} ms, p99 {overall.Describe(0.99)} ms, max {overall.Describe(1.0)} ms ({BenchmarkReport.N(overall.Count)} feed lines timed). " +
                "Each minute: deliveries accepted per second in that minute, its latency percentiles, the host's CPU (share of all cores in that minute) and resident memory, " +
                "each page's JavaScript heap after a forced garbage collection and its DOM nodes (DevTools protocol). " +
                $"At the end every page showed the last delivery: {(caughtUp.All(c => c) ? "yes" : "no")}; pages: {string.Join("; ", states)}.");
            Console.WriteLine("Every page showed the last delivery at the end: " + string.Join(", ", caughtUp));
            report.Table(["minute", "accepted/s", "p50 ms", "p99 ms", "host CPU", "host RSS MiB", .. Enumerable.Range(0, pages).SelectMany(i => new[] { $"page {i + 1} JS heap MB", $"page {i + 1} DOM nodes" })], samples);
        }
        finally
        {
            foreach (var wall in walls)
            {
                wall.Quit();
                wall.Dispose();
            }

            foreach (var profile in profiles)
            {
                try
                {
                    Directory.Delete(profile, recursive: true);
                }
                catch (IOException)
                {
                }
            }
        }
    }

    /// <summary>Where a minute's figures start: the host's CPU time and the deliveries accepted so far.</summary>
    private readonly record struct Window(TimeSpan Cpu, TimeSpan At, long Accepted)
    {
        public Window(Process process, TimeSpan at, long accepted)
            : this(Refreshed(process).TotalProcessorTime, at, accepted)
        {
        }

        private static Process Refreshed(Process process)
        {
            process.Refresh();
            return process;
        }
    }

    private static string[] Sample(List<ChromeDriver> walls, Window since, Process process, TimeSpan at, long accepted, double[] latencies, bool final = false)
    {
        process.Refresh();
        var seconds = Math.Max(0.001, (at - since.At).TotalSeconds);
        var cpu = (process.TotalProcessorTime - since.Cpu).TotalSeconds / seconds / Environment.ProcessorCount;
        var (p50, p99) = ScreenLatencyProbe.Describe(latencies);
        var row = new List<string>
        {
            final ? $"end ({BenchmarkReport.N(at.TotalMinutes, "F1")})" : BenchmarkReport.N(at.TotalMinutes),
            at == since.At ? "–" : BenchmarkReport.N((accepted - since.Accepted) / seconds),
            p50,
            p99,
            at == since.At ? "–" : $"{100 * cpu:F0} %",
            BenchmarkReport.N(process.WorkingSet64 / (1024.0 * 1024), "F0"),
        };
        foreach (var wall in walls)
        {
            wall.ExecuteCdpCommand("HeapProfiler.collectGarbage", []);
            var metrics = (Dictionary<string, object>)(wall.ExecuteCdpCommand("Performance.getMetrics", []) ?? throw new InvalidOperationException("Chromium returned no metrics."));
            var values = ((IEnumerable<object>)metrics["metrics"]).Cast<Dictionary<string, object>>()
                .ToDictionary(m => (string)m["name"], m => Convert.ToDouble(m["value"], CultureInfo.InvariantCulture));
            row.Add(BenchmarkReport.N(values["JSHeapUsedSize"] / (1024 * 1024), "F1"));
            row.Add(BenchmarkReport.N(values["Nodes"]));
        }

        // Printed as it is taken: an hour-long run shows its progress (and what it had, if stopped early).
        Console.WriteLine("sample: " + string.Join(" | ", row));
        return [.. row];
    }

    private static (ChromeDriver Driver, string Profile) Chromium()
    {
        Environment.SetEnvironmentVariable("SE_OFFLINE", "true");
        var profile = Path.Combine(Path.GetTempPath(), "lcf-bench-chromium-" + Guid.NewGuid().ToString("N"));
        var options = new ChromeOptions { BinaryLocation = "/usr/bin/chromium" };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", "--window-size=1920,1080", "--disable-background-timer-throttling", "--disable-renderer-backgrounding", $"--user-data-dir={profile}");
        var service = ChromeDriverService.CreateDefaultService("/usr/bin", "chromedriver");
        service.SuppressInitialDiagnosticInformation = true;
        var driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
        driver.ExecuteCdpCommand("Emulation.setDeviceMetricsOverride", new Dictionary<string, object?> { ["width"] = 1920, ["height"] = 1080, ["deviceScaleFactor"] = 1, ["mobile"] = false });
        return (driver, profile);
    }

    private static async Task WaitUntil(ChromeDriver driver, string condition, TimeSpan timeout)
    {
        if (!await TryWaitUntil(driver, condition, timeout))
        {
            throw new TimeoutException("Not true within " + timeout + ": " + condition);
        }
    }

    private static async Task<bool> TryWaitUntil(ChromeDriver driver, string condition, TimeSpan timeout)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if (driver.ExecuteScript("return !!(" + condition + ");") is true)
            {
                return true;
            }

            await Task.Delay(50);
        }

        return false;
    }
}
