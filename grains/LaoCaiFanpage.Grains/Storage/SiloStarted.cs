using Microsoft.Extensions.Hosting;

namespace LaoCaiFanpage.Grains.Storage;

/// <summary>
/// Start-up tasks call grains, so they wait until every hosted service — the Orleans silo among them — has
/// started. A background service begins before the services registered after it have started; calling a
/// grain then fails, and a case whose clock or answer waited for that call would wait until its next delivery.
/// </summary>
public static class SiloStarted
{
    public static async Task WaitAsync(IHostApplicationLifetime lifetime, CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var whenStarted = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        using var whenStopping = stoppingToken.Register(() => started.TrySetCanceled(stoppingToken));
        await started.Task;
    }
}
