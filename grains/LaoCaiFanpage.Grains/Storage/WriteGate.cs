namespace LaoCaiFanpage.Grains.Storage;

/// <summary>
/// SQLite takes one writer at a time. Writers that collide get SQLITE_BUSY and the driver retries
/// after sleeping 150 ms, which turned a batch of 10 new cases into a 1-second delivery. Every write to
/// the embedded database in this process — grain state and catalogue alike — queues here instead.
/// Readers do not: in WAL mode they never wait for a writer. On PostgreSQL writes pass straight through.
/// </summary>
public sealed class WriteGate(FanpageDatabase database) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<T> Run<T>(Func<Task<T>> write, CancellationToken cancellationToken = default)
    {
        if (!database.SerializesWriters)
        {
            return await write();
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            return await write();
        }
        finally
        {
            _gate.Release();
        }
    }

    public Task Run(Func<Task> write, CancellationToken cancellationToken = default) =>
        Run(async () =>
        {
            await write();
            return true;
        }, cancellationToken);

    public void Dispose() => _gate.Dispose();
}
