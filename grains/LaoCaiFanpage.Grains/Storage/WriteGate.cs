using System.Data.Common;

namespace LaoCaiFanpage.Grains.Storage;

/// <summary>
/// SQLite takes one writer at a time. Writers that collide get SQLITE_BUSY and the driver retries
/// after sleeping 150 ms, which turned a batch of 10 new cases into a 1-second delivery. Every write to
/// the embedded database in this process — grain state and catalogue alike — queues here instead.
/// Readers do not: in WAL mode they never wait for a writer. On PostgreSQL writes pass straight through.
/// <para>
/// Writes that acknowledge what someone outside is waiting on (<see cref="RunFirst"/>: Meta's deliveries into
/// the webhook inbox) go before every write already queued: under a burst the inbox drain keeps dozens of
/// grain-state writes in the queue, and an acknowledgement behind them all would leave Meta waiting on the
/// cases' own work, which is what the inbox exists to avoid. The others keep their order among themselves.
/// </para>
/// <para>
/// The writes made for every case applied (grain state, catalogue rows, wake-ups, the inbox's completions) wait in
/// queues of their kind (<see cref="Shared"/>), and one turn of the writer takes every queue's waiting writes into
/// one transaction. Each kind committing on its own made a commit, with its fsync, per kind per round: under a drain
/// of new cases the writer held the gate 83–89 % of the time for four commits where one would do.
/// </para>
/// </summary>
public sealed class WriteGate(FanpageDatabase database)
{
    private readonly Lock _lock = new();
    private readonly Queue<Waiter> _first = new();
    private readonly Queue<Waiter> _rest = new();
    private bool _held;

    // The shared queues, and whether a turn to write them is in line and not yet started.
    private readonly List<ISharedWrites> _sources = [];
    private bool _sharedWaiting;

    public Task<T> Run<T>(Func<Task<T>> write, CancellationToken cancellationToken = default) => Enter(write, first: false, cancellationToken);

    public Task Run(Func<Task> write, CancellationToken cancellationToken = default) => Enter(Unit(write), first: false, cancellationToken);

    /// <summary>Like <see cref="Run(Func{Task}, CancellationToken)"/>, but ahead of every write not itself first.</summary>
    public Task RunFirst(Func<Task> write, CancellationToken cancellationToken = default) => Enter(Unit(write), first: true, cancellationToken);

    /// <summary>
    /// A queue of writes of one kind that <paramref name="write"/> makes, up to <paramref name="maxBatch"/> at a time. On
    /// SQLite every such queue's waiting writes go into the writer's next transaction together, each queue's in a
    /// savepoint of its own; on PostgreSQL each queue commits its own batches (group commit), as writers do not queue there.
    /// </summary>
    public SharedWrites<T> Shared<T>(Func<DbConnection, DbTransaction, IReadOnlyList<T>, Task> write, int maxBatch)
    {
        var queue = new SharedWrites<T>(this, write, maxBatch);
        if (database.SerializesWriters)
        {
            lock (_lock)
            {
                _sources.Add(queue);
            }
        }

        return queue;
    }

    internal bool SharesTransactions => database.SerializesWriters;

    /// <summary>PostgreSQL: one queue's batch in a transaction of its own.</summary>
    internal async Task WriteAlone(Func<DbConnection, DbTransaction, Task> write)
    {
        await using var connection = await database.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await write(connection, transaction);
        await transaction.CommitAsync();
    }

    /// <summary>A write is waiting in a shared queue: a shared turn takes its place in the line unless one is already waiting.</summary>
    internal void Signal()
    {
        Waiter? turn = null;
        lock (_lock)
        {
            if (_sharedWaiting)
            {
                return; // the turn already in line takes this write too
            }

            _sharedWaiting = true;
            if (_held)
            {
                turn = new Waiter();
                _rest.Enqueue(turn);
            }
            else
            {
                _held = true;
            }
        }

        _ = turn is null ? Task.Run(WriteShared) : WriteSharedAtTurn(turn);
    }

    private async Task WriteSharedAtTurn(Waiter turn)
    {
        await turn.Turn.Task;
        await WriteShared();
    }

    /// <summary>One transaction with every shared queue's waiting writes.</summary>
    private async Task WriteShared()
    {
        ISharedWrites[] sources;
        lock (_lock)
        {
            // Writes queued from now on call for the next turn.
            _sharedWaiting = false;
            sources = [.. _sources];
        }

        var taken = sources.Where(source => source.Take()).ToList();
        try
        {
            if (taken.Count > 0)
            {
                await using var connection = await database.OpenAsync();
                await using var transaction = await connection.BeginTransactionAsync();
                foreach (var source in taken)
                {
                    await source.WriteTaken(connection, transaction);
                }

                await transaction.CommitAsync();
            }

            foreach (var source in taken)
            {
                source.CompleteTaken(null);
            }
        }
        catch (Exception ex)
        {
            foreach (var source in taken)
            {
                source.CompleteTaken(ex);
            }
        }
        finally
        {
            Release();
        }
    }

    private static Func<Task<bool>> Unit(Func<Task> write) => async () =>
    {
        await write();
        return true;
    };

    private async Task<T> Enter<T>(Func<Task<T>> write, bool first, CancellationToken cancellationToken)
    {
        if (!database.SerializesWriters)
        {
            return await write();
        }

        await Acquire(first, cancellationToken);
        try
        {
            return await write();
        }
        finally
        {
            Release();
        }
    }

    private Task Acquire(bool first, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Waiter waiter;
        lock (_lock)
        {
            if (!_held)
            {
                _held = true;
                return Task.CompletedTask;
            }

            waiter = new Waiter();
            (first ? _first : _rest).Enqueue(waiter);
        }

        if (cancellationToken.CanBeCanceled)
        {
            // A cancelled waiter stays in its queue and is passed over when its turn comes.
            waiter.Cancellation = cancellationToken.Register(static w => ((Waiter)w!).Turn.TrySetCanceled(), waiter);
        }

        return waiter.Turn.Task;
    }

    private void Release()
    {
        lock (_lock)
        {
            while (_first.TryDequeue(out var next) || _rest.TryDequeue(out next))
            {
                next.Cancellation.Dispose();
                if (next.Turn.TrySetResult())
                {
                    return; // the gate passes straight to the next writer
                }
            }

            _held = false;
        }
    }

    private sealed class Waiter
    {
        public TaskCompletionSource Turn { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public CancellationTokenRegistration Cancellation { get; set; }
    }
}
