using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using LaoCaiFanpage.Tests.Shared;
using Microsoft.AspNetCore.SignalR.Client;

namespace LaoCaiFanpage.Benchmarks;

/// <summary>
/// Screens as SignalR clients of the dashboard hub, as the wall page connects: each records, for every feed line it
/// receives, the time since the delivery carrying it was sent (<see cref="Sent"/>).
/// </summary>
public sealed class ScreenLatencyProbe : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, long> _sentAt = new();
    private readonly List<HubConnection> _connections = [];
    private readonly Lock _gate = new();
    private List<double> _latencies = [];
    private long _lines;

    public int Screens => _connections.Count;

    /// <summary>Feed lines of timed deliveries received so far, by all screens together.</summary>
    public long Lines => Interlocked.Read(ref _lines);

    public static async Task<ScreenLatencyProbe> Connect(SiloProcess host, int screens)
    {
        var token = await host.SignIn();
        var probe = new ScreenLatencyProbe();
        for (var i = 0; i < screens; i++)
        {
            var connection = new HubConnectionBuilder()
                .WithUrl(new Uri(host.BaseAddress, "hubs/dashboard"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
                .WithAutomaticReconnect()
                .Build();
            connection.On<JsonElement>("delta", probe.Received);
            await connection.StartAsync();
            probe._connections.Add(connection);
        }

        return probe;
    }

    /// <summary>The delivery carrying this comment is being sent now.</summary>
    public void Sent(string messageId) => _sentAt[messageId] = Stopwatch.GetTimestamp();

    /// <summary>
    /// The latencies (ms) received since the last call, sorted. Deliveries sent longer ago than <paramref name="forgetAfter"/>
    /// are forgotten (a line arriving later is not counted), so an hour-long run does not keep every id.
    /// </summary>
    public double[] TakeLatencies(TimeSpan? forgetAfter = null)
    {
        List<double> taken;
        lock (_gate)
        {
            taken = _latencies;
            _latencies = [];
        }

        if (forgetAfter is { } age)
        {
            var cutoff = Stopwatch.GetTimestamp() - (long)(age.TotalSeconds * Stopwatch.Frequency);
            foreach (var (id, sent) in _sentAt)
            {
                if (sent < cutoff)
                {
                    _sentAt.TryRemove(id, out _);
                }
            }
        }

        taken.Sort();
        return [.. taken];
    }

    public static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, Math.Max(0, (int)Math.Ceiling(p * sorted.Length) - 1))];

    /// <summary>"p50 / p99" of sorted figures, or a dash when there are none.</summary>
    public static (string P50, string P99) Describe(double[] sorted) =>
        sorted.Length == 0 ? ("–", "–") : (BenchmarkReport.N(Percentile(sorted, 0.50)), BenchmarkReport.N(Percentile(sorted, 0.99)));

    private void Received(JsonElement delta)
    {
        var now = Stopwatch.GetTimestamp();
        if (!delta.TryGetProperty("feed", out var feed) || feed.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        foreach (var item in feed.EnumerateArray())
        {
            if (_sentAt.TryGetValue(item.GetProperty("messageId").GetString()!, out var sent))
            {
                lock (_gate)
                {
                    _latencies.Add(Stopwatch.GetElapsedTime(sent, now).TotalMilliseconds);
                }

                Interlocked.Increment(ref _lines);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }
    }
}
