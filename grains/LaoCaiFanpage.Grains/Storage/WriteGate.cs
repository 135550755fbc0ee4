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
/// </summary>
public sealed class WriteGate(FanpageDatabase database)
{
    /// <summary>Works one shared transaction takes at most; each is already a batch of its own kind.</summary>
    private const int MaxShared = 64;

    private readonly Lock _lock = new();
    private readonly Queue<Waiter> _first = new();
    private readonly Queue<Waiter> _rest = new();
    private bool _held;

    // The shared transaction that is waiting for the writer: work that arrives before it starts joins it.
    private SharedBatch? _open;

    public Task<T> Run<T>(Func<Task<T>> write, CancellationToken cancellationToken = default) => Enter(write, first: false, cancellationToken);

    public Task Run(Func<Task> write, CancellationToken cancellationToken = default) => Enter(Unit(write), first: false, cancellationToken);

    /// <summary>Like <see cref="Run(Func{Task}, CancellationToken)"/>, but ahead of every write not itself first.</summary>
    public Task RunFirst(Func<Task> write, CancellationToken cancellationToken = default) => Enter(Unit(write), first: true, cancellationToken);

    /// <summary>
    /// Runs <paramref name="work"/> inside a transaction, and completes once that transaction has committed. On
    /// SQLite the transaction is shared with every other work waiting at the same time, each inside its own
    /// savepoint: one that throws is rolled back alone and fails alone. <paramref name="work"/> must neither commit
    /// nor wait for the gate. The shared transaction takes its place in the queue like any other write. On
    /// PostgreSQL each work has its own connection and transaction.
    /// </summary>
    public async Task RunShared(Func<DbConnection, DbTransaction, Task> work)
    {
        if (!database.SerializesWriters)
        {
            await using var connection = await database.OpenAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            await work(connection, transaction);
            await transaction.CommitAsync();
            return;
        }

        var shared = new SharedWork(work);
        SharedBatch batch;
        var start = false;
        lock (_lock)
        {
            batch = _open ??= NewBatch(out start);
            batch.Works.Add(shared);
            if (batch.Works.Count == MaxShared)
            {
                _open = null;
            }
        }

        if (start)
        {
            _ = Task.Run(() => RunBatch(batch));
        }

        await shared.Done.Task;
    }

    /// <summary>A batch that runs as soon as the writer is free: now (<paramref name="start"/>), or at its turn in the queue.</summary>
    private SharedBatch NewBatch(out bool start)
    {
        var batch = new SharedBatch();
        start = !_held;
        if (start)
        {
            _held = true;
        }
        else
        {
            _rest.Enqueue(batch.Turn);
            _ = RunAtTurn(batch);
        }

        return batch;
    }

    private async Task RunAtTurn(SharedBatch batch)
    {
        await batch.Turn.Turn.Task;
        await RunBatch(batch);
    }

    private async Task RunBatch(SharedBatch batch)
    {
        lock (_lock)
        {
            // Closed: later work forms the next batch.
            if (_open == batch)
            {
                _open = null;
            }
        }

        var works = batch.Works;
        try
        {
            await using var connection = await database.OpenAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            if (works.Count == 1)
            {
                await works[0].Work(connection, transaction);
            }
            else
            {
                foreach (var shared in works)
                {
                    await transaction.SaveAsync("shared");
                    try
                    {
                        await shared.Work(connection, transaction);
                        await transaction.ReleaseAsync("shared");
                    }
                    catch (Exception ex)
                    {
                        await transaction.RollbackAsync("shared");
                        shared.Error = ex;
                    }
                }
            }

            await transaction.CommitAsync();
            foreach (var shared in works)
            {
                _ = shared.Error is { } error ? shared.Done.TrySetException(error) : shared.Done.TrySetResult();
            }
        }
        catch (Exception ex)
        {
            foreach (var shared in works)
            {
                shared.Done.TrySetException(ex);
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

    private sealed class SharedBatch
    {
        public Waiter Turn { get; } = new();

        public List<SharedWork> Works { get; } = [];
    }

    private sealed class SharedWork(Func<DbConnection, DbTransaction, Task> work)
    {
        public Func<DbConnection, DbTransaction, Task> Work { get; } = work;

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Exception? Error { get; set; }
    }
}
