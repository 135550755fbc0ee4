using System.Threading.Channels;

namespace LaoCaiFanpage.Grains.Storage;

/// <summary>
/// Group commit: every item waiting when the previous commit ends goes into the next transaction, so under load
/// one fsync serves many writers, while a lone item is written at once. A caller's task completes when the
/// transaction holding its item has committed, or fails with that transaction's error.
/// </summary>
public sealed class GroupCommit<T>(Func<IReadOnlyList<T>, Task> commit, int maxBatch)
{
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _start = new();
    private Task? _writer;

    public Task Add(T item, CancellationToken cancellationToken = default)
    {
        var pending = new Pending(item);
        if (_writer is null)
        {
            lock (_start)
            {
                _writer ??= Task.Run(WriteLoop, CancellationToken.None);
            }
        }

        _queue.Writer.TryWrite(pending);
        return pending.Done.Task.WaitAsync(cancellationToken);
    }

    private async Task WriteLoop()
    {
        var batch = new List<Pending>();
        var items = new List<T>();
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < maxBatch && _queue.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
                items.Add(pending.Item);
            }

            try
            {
                await commit(items);
                foreach (var done in batch)
                {
                    done.Done.TrySetResult();
                }
            }
            catch (Exception ex)
            {
                foreach (var failed in batch)
                {
                    failed.Done.TrySetException(ex);
                }
            }

            batch.Clear();
            items.Clear();
        }
    }

    private sealed record Pending(T Item)
    {
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
