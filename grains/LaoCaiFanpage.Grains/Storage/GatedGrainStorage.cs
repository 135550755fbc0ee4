using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Storage;

namespace LaoCaiFanpage.Grains.Storage;

/// <summary>
/// Orleans' ADO.NET grain storage with its writes queued through the <see cref="WriteGate"/>; on the embedded profile
/// most writes share commits (<see cref="GroupedGrainWrites"/>).
/// </summary>
public sealed class GatedGrainStorage(IGrainStorage inner, WriteGate gate, GroupedGrainWrites? grouped) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, grainId, grainState);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        grouped is not null && GroupedGrainWrites.Takes(stateName, grainId)
            ? grouped.Write(stateName, grainId, grainState)
            : gate.Run(() => inner.WriteStateAsync(stateName, grainId, grainState));

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        gate.Run(() => inner.ClearStateAsync(stateName, grainId, grainState));

    public void Participate(ISiloLifecycle lifecycle) => (inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(lifecycle);

    /// <summary>Wraps the grain storage registered under <paramref name="name"/> (call after registering it).</summary>
    public static void Decorate(IServiceCollection services, string name)
    {
        var registration = services.LastOrDefault(d => d.ServiceType == typeof(IGrainStorage) && d.IsKeyedService && Equals(d.ServiceKey, name))
            ?? throw new InvalidOperationException($"No grain storage named '{name}' is registered.");
        var factory = registration.KeyedImplementationFactory
            ?? throw new InvalidOperationException($"The grain storage '{name}' is not registered through a factory.");
        services.Remove(registration);
        services.AddKeyedSingleton<IGrainStorage>(name, (sp, key) =>
        {
            var database = sp.GetRequiredService<FanpageDatabase>();
            var gate = sp.GetRequiredService<WriteGate>();
            var grouped = database.SerializesWriters
                ? new GroupedGrainWrites(gate,
                    sp.GetRequiredService<IOptionsMonitor<Orleans.Configuration.AdoNetGrainStorageOptions>>().Get(name).GrainStorageSerializer,
                    sp.GetRequiredService<IOptions<Orleans.Configuration.ClusterOptions>>().Value.ServiceId)
                : null;
            return new GatedGrainStorage((IGrainStorage)factory(sp, key), gate, grouped);
        });
    }
}
