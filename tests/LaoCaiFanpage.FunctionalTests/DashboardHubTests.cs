using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using LaoCaiFanpage.FunctionalTests.Infrastructure;
using LaoCaiFanpage.Tests.Shared;
using Microsoft.AspNetCore.SignalR.Client;
using Xunit.Abstractions;

namespace LaoCaiFanpage.FunctionalTests;

[Collection(HostCollection.Name)]
public sealed class DashboardHubTests(HostFixture fixture, ITestOutputHelper output)
{
    private async Task<HubConnection> Connect(ConcurrentQueue<(JsonElement Delta, long At)> received)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(fixture.Host.BaseAddress, "hubs/dashboard"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(fixture.AdminToken))
            .Build();
        connection.On<JsonElement>("delta", d => received.Enqueue((d, Stopwatch.GetTimestamp())));
        await connection.StartAsync();
        return connection;
    }

    private static async Task<(JsonElement Delta, long At)> WaitFor(ConcurrentQueue<(JsonElement Delta, long At)> received, Func<JsonElement, bool> match, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            foreach (var item in received)
            {
                if (match(item.Delta))
                {
                    return item;
                }
            }

            await Task.Delay(10);
        }

        throw new TimeoutException("The expected delta did not arrive.");
    }

    private static bool HasMessage(JsonElement delta, string id) =>
        delta.GetProperty("feed").EnumerateArray().Any(f => f.GetProperty("messageId").GetString() == id);

    [Fact]
    public async Task A_screen_gets_a_snapshot_then_numbered_deltas_within_a_second_of_delivery()
    {
        var received = new ConcurrentQueue<(JsonElement Delta, long At)>();
        await using var connection = await Connect(received);
        var snapshot = await connection.InvokeAsync<JsonElement>("GetSnapshot");
        var startSequence = snapshot.GetProperty("sequence").GetInt64();
        var before = snapshot.GetProperty("page").GetProperty("counters");
        Assert.Equal(MetaDeliveries.PageId, snapshot.GetProperty("page").GetProperty("pageId").GetString());
        Assert.Equal("UBND tỉnh Lào Cai", snapshot.GetProperty("page").GetProperty("name").GetString());

        var id = MetaDeliveries.NewCommentId();
        var sent = Stopwatch.GetTimestamp();
        await fixture.Client.DeliverOk(MetaDeliveries.Feed(MetaDeliveries.Comment(id, "Đường lên Y Tý sạt lở <b>nặng</b>")));
        var (delta, at) = await WaitFor(received, d => HasMessage(d, id), TimeSpan.FromSeconds(5));
        var latency = Stopwatch.GetElapsedTime(sent, at);
        output.WriteLine($"delivery-to-screen latency: {latency.TotalMilliseconds:F0} ms");
        Assert.True(latency < TimeSpan.FromSeconds(1), $"took {latency}");

        Assert.True(delta.GetProperty("sequence").GetInt64() > startSequence);
        var item = delta.GetProperty("feed").EnumerateArray().Single(f => f.GetProperty("messageId").GetString() == id);
        Assert.Equal("Đường lên Y Tý sạt lở <b>nặng</b>", item.GetProperty("text").GetString());
        Assert.Equal("add", item.GetProperty("change").GetString());
        Assert.EndsWith("+07:00", item.GetProperty("createdAt").GetString(), StringComparison.Ordinal);
        var counters = delta.GetProperty("counters");
        Assert.True(counters.GetProperty("commentsToday").GetInt32() >= before.GetProperty("commentsToday").GetInt32() + 1);
        Assert.True(counters.GetProperty("openCases").GetInt32() >= before.GetProperty("openCases").GetInt32() + 1);

        // Sequence numbers have no gaps, so a screen can tell when it missed one.
        var sequences = received.Select(r => r.Delta.GetProperty("sequence").GetInt64()).ToArray();
        Assert.Equal(sequences.Length, sequences.Distinct().Count());
        Assert.True(sequences.Zip(sequences.Skip(1)).All(p => p.Second == p.First + 1), string.Join(",", sequences));
    }

    [Fact]
    public async Task A_burst_is_coalesced_into_at_most_four_pushes_a_second()
    {
        var received = new ConcurrentQueue<(JsonElement Delta, long At)>();
        await using var connection = await Connect(received);
        await Task.Delay(300);
        received.Clear();

        var ids = new List<string>();
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < 40; i++)
        {
            var id = MetaDeliveries.NewCommentId();
            ids.Add(id);
            await fixture.Client.DeliverOk(MetaDeliveries.Feed(MetaDeliveries.Comment(id, $"Bình luận dồn dập {i}")));
        }

        await WaitFor(received, d => HasMessage(d, ids[^1]), TimeSpan.FromSeconds(5));
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var pushes = received.Count;
        output.WriteLine($"{ids.Count} deliveries in {elapsed:F2} s reached the screen in {pushes} pushes");
        Assert.True(pushes <= Math.Ceiling(elapsed * 4) + 1, $"{pushes} pushes in {elapsed:F2} s");
        var seen = received.SelectMany(r => r.Delta.GetProperty("feed").EnumerateArray()).Select(f => f.GetProperty("messageId").GetString()).ToHashSet();
        Assert.All(ids, id => Assert.Contains(id, seen));
    }
}
