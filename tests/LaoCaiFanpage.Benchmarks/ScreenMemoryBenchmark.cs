using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using LaoCaiFanpage.Tests.Shared;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace LaoCaiFanpage.Benchmarks;

/// <summary>
/// Wall screens under sustained traffic: real headless Chromium wall pages (the page's own JavaScript, SignalR client,
/// charts and unit board) while signed deliveries arrive at a fixed rate; samples each page's JavaScript heap and DOM
/// size every minute, the host's CPU, and whether the pages kept up (their feed shows the newest delivery).
/// </summary>
public static class ScreenMemoryBenchmark
{
    public static async Task Run(BenchmarkReport report, TimeSpan duration, int rate = 500, int pages = 2)
    {
        await using var host = new SiloProcess();
        await host.Start();
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = host.BaseAddress };

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
            var cpuBefore = process.TotalProcessorTime;
            var started = Stopwatch.StartNew();
            long sent = 0, accepted = 0;
            var lastId = string.Empty;
            samples.Add(Sample(walls, TimeSpan.Zero, 0, 0));
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
                    process.Refresh();
                    var cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds / started.Elapsed.TotalSeconds / Environment.ProcessorCount;
                    samples.Add(Sample(walls, started.Elapsed, Interlocked.Read(ref accepted), cpu));
                    nextSample += TimeSpan.FromMinutes(1);
                }
            }

            await Task.WhenAll(inFlight.Keys);
            var caughtUp = new List<bool>();
            foreach (var wall in walls)
            {
                caughtUp.Add(await TryWaitUntil(wall, $"document.querySelector('#feed li[data-message-id=\"{lastId}\"]') !== null", TimeSpan.FromSeconds(10)));
            }

            process.Refresh();
            samples.Add(Sample(walls, started.Elapsed, accepted, (process.TotalProcessorTime - cpuBefore).TotalSeconds / started.Elapsed.TotalSeconds / Environment.ProcessorCount));
            report.Section("Wall screens under sustained traffic",
                $"{pages} headless Chromium wall pages (kiosk sign-in, live feed, unit board, server-drawn charts) while signed deliveries arrive at {rate}/s for " +
                $"{duration.TotalMinutes:F0} min ({BenchmarkReport.N(sent)} sent, {BenchmarkReport.N(accepted)} accepted: {BenchmarkReport.N(accepted / started.Elapsed.TotalSeconds)}/s achieved, at most 256 in flight). Each page's JavaScript heap (after a " +
                "garbage collection) and DOM nodes are sampled every minute through the DevTools protocol; host CPU is its share of all cores since the start. " +
                $"Every page showed the last delivery at the end: {(caughtUp.All(c => c) ? "yes" : "no")}.");
            Console.WriteLine("Every page showed the last delivery at the end: " + string.Join(", ", caughtUp));
            report.Table(["minute", "accepted", "host CPU", .. Enumerable.Range(0, pages).SelectMany(i => new[] { $"page {i + 1} JS heap MB", $"page {i + 1} DOM nodes", $"page {i + 1} state" })], samples);
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

    private static string[] Sample(List<ChromeDriver> walls, TimeSpan at, long accepted, double cpu)
    {
        var row = new List<string> { BenchmarkReport.N(at.TotalMinutes), BenchmarkReport.N(accepted), $"{100 * cpu:F0} %" };
        foreach (var wall in walls)
        {
            wall.ExecuteCdpCommand("HeapProfiler.collectGarbage", []);
            var metrics = (Dictionary<string, object>)(wall.ExecuteCdpCommand("Performance.getMetrics", []) ?? throw new InvalidOperationException("Chromium returned no metrics."));
            var values = ((IEnumerable<object>)metrics["metrics"]).Cast<Dictionary<string, object>>()
                .ToDictionary(m => (string)m["name"], m => Convert.ToDouble(m["value"], System.Globalization.CultureInfo.InvariantCulture));
            row.Add(BenchmarkReport.N(values["JSHeapUsedSize"] / (1024 * 1024), "F1"));
            row.Add(BenchmarkReport.N(values["Nodes"]));
            row.Add(Convert.ToString(wall.ExecuteScript("return window.wallState.connection + ' · ' + window.wallState.deltas + ' deltas · ' + window.wallState.snapshots + ' snapshots'"),
                System.Globalization.CultureInfo.InvariantCulture) ?? "?");
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
        return (new ChromeDriver(service, options, TimeSpan.FromSeconds(60)), profile);
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
