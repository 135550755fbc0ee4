using LaoCaiFanpage.Grains.Hosting;
using LaoCaiFanpage.Grains.Storage;
using LaoCaiFanpage.Silo.StartUp;
using Orleans.Configuration;
using Orleans.Dashboard;

namespace LaoCaiFanpage.Silo.Hosting;

public static class ClusterSetup
{
    /// <summary>Milliseconds between the Orleans dashboard's counter samples.</summary>
    public const int DashboardCounterInterval = 10_000;

    /// <summary>
    /// Embedded: one silo on loopback (reminders in memory: the few grains that use them are woken by the start-up
    /// tasks; the cases' clocks do not use them: their wake-ups are rows of case_timer).
    /// Postgres: membership, grain state and reminders in the shared database, so any silo can die and the
    /// others take over its grains and fire its reminders.
    /// </summary>
    public static ISiloBuilder UseFanpageCluster(this ISiloBuilder orleans, FanpageDatabase database, SiloOptions silo)
    {
        orleans.UseClusterTls(silo.Tls, clusterProfile: database.Dialect != SqlDialect.Sqlite);
        if (database.Dialect == SqlDialect.Sqlite)
        {
            orleans.UseLocalhostClustering(silo.SiloPort, silo.GatewayPort, serviceId: silo.ServiceId, clusterId: silo.ClusterId);
        }
        else
        {
            if (silo.Kubernetes)
            {
                // Pod name, pod IP and the cluster/service ids come from the pod's environment (see deploy/kubernetes).
                orleans.UseKubernetesHosting();
            }
            else
            {
                orleans.Configure<ClusterOptions>(options => (options.ClusterId, options.ServiceId) = (silo.ClusterId, silo.ServiceId));
                if (silo.ParsedAdvertisedAddress() is { } address)
                {
                    // Listens on the advertised (private) address only, not on every interface of the host.
                    orleans.ConfigureEndpoints(address, silo.SiloPort, silo.GatewayPort, listenOnAnyHostAddress: false);
                }
                else
                {
                    orleans.ConfigureEndpoints(silo.SiloPort, silo.GatewayPort, listenOnAnyHostAddress: true);
                }
            }

            orleans.UseAdoNetClustering(options =>
            {
                options.Invariant = database.OrleansInvariant;
                options.ConnectionString = database.ConnectionString;
            });
        }

        orleans.UseFanpageStorage(database);

        // What waits on a grain is woken as the silo becomes active (reminders live in memory on the embedded profile).
        orleans.AddStartupTask<OutboxRearm>();
        orleans.AddStartupTask<CrisisRearm>();
        orleans.Configure<GrainCollectionOptions>(options =>
        {
            options.CollectionAge = TimeSpan.FromMinutes(silo.IdleMinutes);
            // Idle grains are looked for at least twice per age (Orleans' default: once a minute).
            options.CollectionQuantum = TimeSpan.FromMinutes(Math.Min(1, silo.IdleMinutes / 2));
        });
        // Traces follow a delivery from the webhook into the grains; the cluster dashboard's data (at /orleans).
        orleans.AddActivityPropagation();
        // The dashboard samples every counter at each interval, among them Orleans' activation gauge, which walks the
        // activations: every second (its default) that cost 14 % of the host's CPU at 250,000 open cases.
        orleans.AddDashboard(options => options.CounterUpdateIntervalMs = DashboardCounterInterval);
        return orleans;
    }
}
