using System.Diagnostics;
using System.Text;
using LaoCaiFanpage.Tests.Shared;

namespace LaoCaiFanpage.Benchmarks;

/// <summary>
/// How long the host takes to answer a signed delivery of N changes on the embedded profile (every
/// change durably stored before the 200). Messenger wants its 200 within 5 s; Meta batches up to 1,000.
/// </summary>
public static class WebhookBatchBenchmark
{
    public static async Task Run(BenchmarkReport report)
    {
        var rows = new List<string[]>();
        await using var host = new SiloProcess();
        await host.Start();
        using var client = host.CreateClient();

        // Warm-up: JIT, connection pools, grain type activation.
        for (var i = 0; i < 5; i++)
        {
            await Post(client, Batch(20, distinctThreads: true));
        }


        foreach (var size in new[] { 1, 10, 100, 500, 1000 })
        {
            foreach (var distinct in new[] { true, false })
            {
                var times = new List<double>();
                for (var round = 0; round < 5; round++)
                {
                    times.Add(await Post(client, Batch(size, distinct)));
                }

                times.Sort();
                var p50 = times[times.Count / 2];
                rows.Add([BenchmarkReport.N(size), distinct ? "each change a new case" : "replies to one case", BenchmarkReport.N(p50), BenchmarkReport.N(times[^1]), BenchmarkReport.N(size / (p50 / 1000))]);
            }
        }

        report.Section("Batched deliveries",
            "Time to the 200 for one signed delivery of N changes (Meta batches up to 1,000; Messenger wants its answer within 5 s), " +
            "every change durably stored first. Five rounds each.");
        report.Table(["changes", "shape", "p50 ms", "max ms", "changes/s"], rows);
    }

    private static string Batch(int size, bool distinctThreads)
    {
        var root = MetaDeliveries.NewCommentId();
        var changes = Enumerable.Range(0, size).Select(i => distinctThreads
            ? MetaDeliveries.Comment(MetaDeliveries.NewCommentId(), $"Phản ánh số {i}: đường liên xã bị sạt lở sau mưa lớn, đề nghị xử lý.")
            : MetaDeliveries.Comment(i == 0 ? root : MetaDeliveries.NewCommentId(), $"Bổ sung {i}", parentId: i == 0 ? null : root));
        return MetaDeliveries.Feed([.. changes]);
    }

    private static async Task<double> Post(HttpClient client, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var started = Stopwatch.GetTimestamp();
        using var response = await client.PostDelivery(bytes);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        response.EnsureSuccessStatusCode();
        return elapsed;
    }
}
