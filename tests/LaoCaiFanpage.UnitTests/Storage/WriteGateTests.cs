using LaoCaiFanpage.Grains.Storage;

namespace LaoCaiFanpage.UnitTests.Storage;

/// <summary>The embedded database's single-writer gate: one write at a time, acknowledgements first, nothing stuck.</summary>
public sealed class WriteGateTests
{
    // The gate serialises only for a database that needs it; the file is never opened here.
    private static WriteGate NewGate() => new(new SqliteDatabase(Path.Combine(Path.GetTempPath(), "lcf-gate-unused.db")));

    /// <summary>Holds the gate until released, so the test can queue writers behind it.</summary>
    private static (Task Held, TaskCompletionSource Release) Hold(WriteGate gate)
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return (gate.Run(() => release.Task), release);
    }

    [Fact]
    public async Task Writers_never_overlap()
    {
        var gate = NewGate();
        var inside = 0;
        var most = 0;
        await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(() => (i % 3 == 0 ? gate.RunFirst(Write) : gate.Run(Write)))));
        Assert.Equal(1, most);

        async Task Write()
        {
            var now = Interlocked.Increment(ref inside);
            InterlockedMax(ref most, now);
            await Task.Yield();
            Interlocked.Decrement(ref inside);
        }
    }

    [Fact]
    public async Task An_acknowledgement_goes_before_every_queued_write_and_the_others_keep_their_order()
    {
        var gate = NewGate();
        var (held, release) = Hold(gate);
        var order = new List<string>();
        Task Write(string name) => Task.Run(() =>
        {
            lock (order)
            {
                order.Add(name);
            }
        });

        var queued = new List<Task> { gate.Run(() => Write("state-1")), gate.Run(() => Write("state-2")), gate.Run(() => Write("state-3")) };
        queued.Add(gate.RunFirst(() => Write("inbox-1")));
        queued.Add(gate.Run(() => Write("state-4")));
        queued.Add(gate.RunFirst(() => Write("inbox-2")));

        release.SetResult();
        await held;
        await Task.WhenAll(queued);
        Assert.Equal(["inbox-1", "inbox-2", "state-1", "state-2", "state-3", "state-4"], order);
    }

    [Fact]
    public async Task A_cancelled_waiter_is_passed_over_and_a_failed_write_frees_the_gate()
    {
        var gate = NewGate();
        var (held, release) = Hold(gate);
        using var cancel = new CancellationTokenSource();
        var ran = false;
        var cancelled = gate.Run(() =>
        {
            ran = true;
            return Task.CompletedTask;
        }, cancel.Token);
        var failing = gate.Run(() => Task.FromException(new InvalidOperationException("disk I/O error")));
        var after = gate.Run(() => Task.FromResult(42));

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        release.SetResult();
        await held;
        Assert.Equal("disk I/O error", (await Assert.ThrowsAsync<InvalidOperationException>(() => failing)).Message);
        Assert.Equal(42, await after);
        Assert.False(ran);

        // Free again: a write now goes straight in.
        Assert.Equal(7, await gate.Run(() => Task.FromResult(7)).WaitAsync(TimeSpan.FromSeconds(5)));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
