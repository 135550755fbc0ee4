using System.Data.Common;
using LaoCaiFanpage.Grains.Storage;
using LaoCaiFanpage.UnitTests.Audit;

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

    [Fact]
    public async Task Writes_waiting_together_share_one_transaction_and_are_readable_once_each_is_done()
    {
        await using var test = await TestDatabase.Create();
        await CreateNotes(test);
        var (held, release) = Hold(test.Gate);
        var transactions = new List<DbTransaction>();
        var writes = Enumerable.Range(1, 3).Select(i => test.Gate.RunShared(async (connection, transaction) =>
        {
            transactions.Add(transaction);
            await Note(connection, transaction, i);
        })).ToList();

        release.SetResult();
        await held;
        await Task.WhenAll(writes);
        Assert.Equal(3, transactions.Count);
        Assert.Single(transactions.Distinct());
        Assert.Equal(3, await test.Scalar("SELECT count(*) FROM gate_note"));

        // Alone, a shared write still goes straight in.
        await test.Gate.RunShared((connection, transaction) => Note(connection, transaction, 4)).WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(4, await test.Scalar("SELECT count(*) FROM gate_note"));
    }

    [Fact]
    public async Task A_shared_write_that_fails_is_rolled_back_alone_and_only_it_fails()
    {
        await using var test = await TestDatabase.Create();
        await CreateNotes(test);
        var (held, release) = Hold(test.Gate);
        var first = test.Gate.RunShared((connection, transaction) => Note(connection, transaction, 1));
        var failing = test.Gate.RunShared(async (connection, transaction) =>
        {
            await Note(connection, transaction, 2);
            await Note(connection, transaction, 1); // the primary key refuses it
        });
        var third = test.Gate.RunShared((connection, transaction) => Note(connection, transaction, 3));

        release.SetResult();
        await held;
        await first;
        await third;
        await Assert.ThrowsAnyAsync<DbException>(() => failing);
        Assert.Equal(4, await test.Scalar("SELECT sum(id) FROM gate_note")); // 1 and 3: none of the failed write's rows
    }

    [Fact]
    public async Task A_shared_transaction_keeps_its_place_in_the_queue_and_an_acknowledgement_still_goes_first()
    {
        await using var test = await TestDatabase.Create();
        await CreateNotes(test);
        var (held, release) = Hold(test.Gate);
        var order = new List<string>();
        Task Exclusive(string name) => test.Gate.Run(() =>
        {
            order.Add(name);
            return Task.CompletedTask;
        });
        Task Shared(string name, int id) => test.Gate.RunShared((connection, transaction) =>
        {
            order.Add(name);
            return Note(connection, transaction, id);
        });

        var queued = new List<Task> { Exclusive("state-1"), Shared("projection-1", 1), Exclusive("state-2"), Shared("projection-2", 2) };
        queued.Add(test.Gate.RunFirst(() =>
        {
            order.Add("inbox");
            return Task.CompletedTask;
        }));

        release.SetResult();
        await held;
        await Task.WhenAll(queued);

        // The second projection joined the transaction already waiting, so it went with the first.
        Assert.Equal(["inbox", "state-1", "projection-1", "projection-2", "state-2"], order);
    }

    private static Task<int> CreateNotes(TestDatabase test) => test.Execute("CREATE TABLE gate_note (id INTEGER PRIMARY KEY)");

    private static async Task Note(DbConnection connection, DbTransaction transaction, int id)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO gate_note (id) VALUES (@id)";
        command.AddParameter("@id", id);
        await command.ExecuteNonQueryAsync();
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
