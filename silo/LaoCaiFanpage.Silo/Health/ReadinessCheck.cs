using LaoCaiFanpage.Contracts.Dashboard;
using LaoCaiFanpage.Dashboard;
using LaoCaiFanpage.Grains.Threads;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LaoCaiFanpage.Silo.Health;

/// <summary>Ready when the silo answers grain calls and the database answers queries.</summary>
public sealed class ReadinessCheck(IGrainFactory grains, ICaseCatalog catalog, DashboardBroadcaster broadcaster) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            await catalog.Ping(timeout.Token);
            await grains.GetGrain<IDashboardHostListGrain>(0).GetObservers().WaitAsync(timeout.Token);
            if (!broadcaster.IsRegistered)
            {
                return HealthCheckResult.Unhealthy("The screens' push path is not registered yet.");
            }

            return HealthCheckResult.Healthy("Silo active, storage answering.");
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy("Silo or storage not ready.", ex);
        }
    }
}
