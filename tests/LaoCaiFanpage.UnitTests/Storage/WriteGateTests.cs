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
    public async Task Writes_of_every_kind_waiting_together_share_one_transaction_and_a_queue_longer_than_its_batch_goes_on_in_the_next()
    {
        await using var test = await TestDatabase.Create();
        await CreateNotes(test);
        var seen = new List<(string Kind, DbTransaction Transaction, int[] Ids)>();
        Func<DbConnection, DbTransaction, IReadOnlyList<int>, Task> Writer(string kind) => async (connection, transaction, ids) =>
        {
            seen.Add((kind, transaction, [.. ids]));
            foreach (var id in ids)
            {
                await Note(connection, transaction, id);
            }
        };
        var states = test.Gate.Shared(Writer("states"), maxBatch: 2);
        var rows = test.Gate.Shared(Writer("rows"), maxBatch: 10);
        var (held, release) = Hold(test.Gate);
        var writes = new[] { states.Add(1), rows.Add(10), states.Add(2), states.Add(3), rows.Add(11) };

        release.SetResult();
        await held;
        await Task.WhenAll(writes);

        // Readable once each is done: committed.
        Assert.Equal(27, await test.Scalar("SELECT sum(id) FROM gate_note"));
        Assert.Equal(
            ["states 1,2 in #0", "rows 10,11 in #0", "states 3 in #1"],
            seen.Select(s => $"{s.Kind} {string.Join(',', s.Ids)} in #{seen.Select(x => x.Transaction).Distinct().ToList().IndexOf(s.Transaction)}"));

        // Alone, a write still goes straight in.
        await rows.Add(12).WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(39, await test.Scalar("SELECT sum(id) FROM gate_note"));
    }

    [Fact]
    public async Task A_refused_batch_is_tried_write_by_write_and_only_the_refused_write_fails()
    {
        await using var test = await TestDatabase.Create();
        await CreateNotes(test);
        await test.Execute("INSERT INTO gate_note (id) VALUES (2)");
        var states = test.Gate.Shared<int>(async (connection, transaction, ids) =>
        {
            foreach (var id in ids)
            {
                await Note(connection, transaction, id);
            }
        }, maxBatch: 10);
        var rows = test.Gate.Shared<int>((connection, transaction, ids) => Note(connection, transaction, ids.Single()), maxBatch: 1);
        var (held, release) = Hold(test.Gate);
        var one = states.Add(1);
        var two = states.Add(2); // the primary key refuses it
        var three = states.Add(3);
        var other = rows.Add(10);

        release.SetResult();
        await held;
        await Task.WhenAll(one, three, other);
        await Assert.ThrowsAnyAsync<DbException>(() => two);
        Assert.Equal(16, await test.Scalar("SELECT sum(id) FROM gate_note")); // 1, 2 (from before), 3 and 10: each once
    }

    [Fact]
    public async Task A_shared_turn_keeps_its_place_in_the_line_and_an_acknowledgement_still_goes_first()
    {
        await using var test = await TestDatabase.Create();
        await CreateNotes(test);
        var order = new List<string>();
        var rows = test.Gate.Shared<int>(async (connection, transaction, ids) =>
        {
            order.Add("rows " + string.Join(',', ids));
            foreach (var id in ids)
            {
                await Note(connection, transaction, id);
            }
        }, maxBatch: 10);
        Task Exclusive(string name) => test.Gate.Run(() =>
        {
            order.Add(name);
            return Task.CompletedTask;
        });

        var (held, release) = Hold(test.Gate);
        var queued = new List<Task> { Exclusive("state-1"), rows.Add(1), Exclusive("state-2"), rows.Add(2) };
        queued.Add(test.Gate.RunFirst(() =>
        {
            order.Add("inbox");
            return Task.CompletedTask;
        }));

        release.SetResult();
        await held;
        await Task.WhenAll(queued);

        // The second row joined the turn already in line, so it went with the first.
        Assert.Equal(["inbox", "state-1", "rows 1,2", "state-2"], order);
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
