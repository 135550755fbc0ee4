using System.Data.Common;

namespace LaoCaiFanpage.Grains.Storage;

/// <summary>What the writer asks of every shared queue in its turn.</summary>
internal interface ISharedWrites
{
    /// <summary>Takes the waiting writes (up to the queue's batch); whether there were any.</summary>
    bool Take();

    /// <summary>Writes what was taken, inside a savepoint: a batch the database refuses is tried again write by write.</summary>
    Task WriteTaken(DbConnection connection, DbTransaction transaction);

    /// <summary>Tells each taken write's caller how it ended: committed, its own error, or the transaction's.</summary>
    void CompleteTaken(Exception? transactionError);
}

/// <summary>
/// Writes of one kind waiting for the writer (see <see cref="WriteGate.Shared{T}"/>). A caller's task completes when
/// the transaction holding its write has committed, or fails with its write's error or that transaction's.
/// </summary>
public sealed class SharedWrites<T> : ISharedWrites
{
    private const string Savepoint = "shared_writes";
    private const string Single = "shared_write";

    private readonly WriteGate _gate;
    private readonly Func<DbConnection, DbTransaction, IReadOnlyList<T>, Task> _write;
    private readonly int _maxBatch;
    private readonly Lock _lock = new();
    private readonly Queue<Pending> _waiting = new();
    private readonly List<Pending> _taken = [];
    private readonly GroupCommit<T>? _alone;

    internal SharedWrites(WriteGate gate, Func<DbConnection, DbTransaction, IReadOnlyList<T>, Task> write, int maxBatch)
    {
        (_gate, _write, _maxBatch) = (gate, write, maxBatch);
        if (!gate.SharesTransactions)
        {
            _alone = new GroupCommit<T>(batch => gate.WriteAlone((connection, transaction) => write(connection, transaction, batch)), maxBatch);
        }
    }

    public Task Add(T item, CancellationToken cancellationToken = default)
    {
        if (_alone is not null)
        {
            return _alone.Add(item, cancellationToken);
        }

        var pending = new Pending(item);
        lock (_lock)
        {
            _waiting.Enqueue(pending);
        }

        _gate.Signal();
        return pending.Done.Task.WaitAsync(cancellationToken);
    }

    bool ISharedWrites.Take()
    {
        lock (_lock)
        {
            while (_taken.Count < _maxBatch && _waiting.TryDequeue(out var pending))
            {
                _taken.Add(pending);
            }

            // More than one batch waiting: the next turn takes the rest.
            if (_waiting.Count > 0)
            {
                _gate.Signal();
            }
        }

        return _taken.Count > 0;
    }

    async Task ISharedWrites.WriteTaken(DbConnection connection, DbTransaction transaction)
    {
        await transaction.SaveAsync(Savepoint);
        try
        {
            await _write(connection, transaction, [.. _taken.Select(p => p.Item)]);
            await transaction.ReleaseAsync(Savepoint);
            return;
        }
        catch (Exception ex) when (_taken.Count == 1)
        {
            _taken[0].Error = ex;
        }
        catch (Exception)
        {
            // One write the database refuses must not fail the others: each is tried again alone below, and only its
            // own error reaches its caller.
        }

        await transaction.RollbackAsync(Savepoint);
        await transaction.ReleaseAsync(Savepoint);
        if (_taken.Count == 1)
        {
            return;
        }

        foreach (var pending in _taken)
        {
            await transaction.SaveAsync(Single);
            try
            {
                await _write(connection, transaction, [pending.Item]);
                await transaction.ReleaseAsync(Single);
            }
            catch (Exception ex)
            {
                pending.Error = ex;
                await transaction.RollbackAsync(Single);
                await transaction.ReleaseAsync(Single);
            }
        }
    }

    void ISharedWrites.CompleteTaken(Exception? transactionError)
    {
        foreach (var pending in _taken)
        {
            if ((transactionError ?? pending.Error) is { } error)
            {
                pending.Done.TrySetException(error);
            }
            else
            {
                pending.Done.TrySetResult();
            }
        }

        _taken.Clear();
    }

    private sealed class Pending(T item)
    {
        public T Item { get; } = item;

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Exception? Error { get; set; }
    }
}
