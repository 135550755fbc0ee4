using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LaoCaiFanpage.Tests.Shared;

namespace LaoCaiFanpage.Benchmarks;

/// <summary>
/// How long the host takes to answer a signed delivery of N changes on the embedded profile (the delivery
/// durable in the inbox before the 200), and until its changes are in the cases. Messenger wants its 200
/// within 5 s; Meta batches up to 1,000.
/// </summary>
public static class WebhookBatchBenchmark
{
    public static async Task Run(BenchmarkReport report)
    {
        var rows = new List<string[]>();
        await using var host = new SiloProcess();
        await host.Start();
        using var client = await host.CreateSignedInClient();

        // Warm-up: JIT, connection pools, grain type activation.
        for (var i = 0; i < 5; i++)
        {
            await Post(client, Batch(20, distinctThreads: true));
        }


        foreach (var size in new[] { 1, 10, 100, 500, 1000 })
        {
            foreach (var distinct in new[] { true, false })
            {
                var answered = new List<double>();
                var applied = new List<double>();
                for (var round = 0; round < 5; round++)
                {
                    var (answer, done) = await Post(client, Batch(size, distinct));
                    answered.Add(answer);
                    applied.Add(done);
                }

                answered.Sort();
                applied.Sort();
                var p50 = applied[applied.Count / 2];
                rows.Add([BenchmarkReport.N(size), distinct ? "each change a new case" : "replies to one case", BenchmarkReport.N(answered[answered.Count / 2]), BenchmarkReport.N(answered[^1]),
                    BenchmarkReport.N(p50), BenchmarkReport.N(applied[^1]), BenchmarkReport.N(size / (p50 / 1000))]);
            }
        }

        report.Section("Batched deliveries",
            "Time to the 200 for one signed delivery of N changes (Meta batches up to 1,000; Messenger wants its answer within 5 s), " +
            "the delivery durable in the inbox first; and time until its receipt says every change is in the cases. Five rounds each.");
        report.Table(["changes", "shape", "200 p50 ms", "200 max ms", "applied p50 ms", "applied max ms", "changes applied/s"], rows);
    }

    private static string Batch(int size, bool distinctThreads)
    {
        var root = MetaDeliveries.NewCommentId();
        var changes = Enumerable.Range(0, size).Select(i => distinctThreads
            ? MetaDeliveries.Comment(MetaDeliveries.NewCommentId(), $"Phản ánh số {i}: đường liên xã bị sạt lở sau mưa lớn, đề nghị xử lý.")
            : MetaDeliveries.Comment(i == 0 ? root : MetaDeliveries.NewCommentId(), $"Bổ sung {i}", parentId: i == 0 ? null : root));
        return MetaDeliveries.Feed([.. changes]);
    }

    /// <summary>Milliseconds to the 200, and to the receipt saying the changes are applied.</summary>
    private static async Task<(double Answered, double Applied)> Post(HttpClient client, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var started = Stopwatch.GetTimestamp();
        using var response = await client.PostDelivery(bytes);
        var answered = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        response.EnsureSuccessStatusCode();
        var receipt = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("receipt").GetInt64();
        while ((await client.GetFromJsonAsync<JsonElement>("api/webhooks/inbox/" + receipt)).GetProperty("status").GetString() != "processed")
        {
            await Task.Delay(2);
        }

        return (answered, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }
}
