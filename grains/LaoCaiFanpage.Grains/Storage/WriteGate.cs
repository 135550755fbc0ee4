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
    private readonly Lock _lock = new();
    private readonly Queue<Waiter> _first = new();
    private readonly Queue<Waiter> _rest = new();
    private bool _held;

    public Task<T> Run<T>(Func<Task<T>> write, CancellationToken cancellationToken = default) => Enter(write, first: false, cancellationToken);

    public Task Run(Func<Task> write, CancellationToken cancellationToken = default) => Enter(Unit(write), first: false, cancellationToken);

    /// <summary>Like <see cref="Run(Func{Task}, CancellationToken)"/>, but ahead of every write not itself first.</summary>
    public Task RunFirst(Func<Task> write, CancellationToken cancellationToken = default) => Enter(Unit(write), first: true, cancellationToken);

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
