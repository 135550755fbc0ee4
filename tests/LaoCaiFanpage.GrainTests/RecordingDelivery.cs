using System.Collections.Concurrent;
using LaoCaiFanpage.Grains.Reports;

namespace LaoCaiFanpage.GrainTests;

/// <summary>A report channel for the grain tests: records what it is given and refuses the dates told to fail once.</summary>
public sealed class RecordingDelivery : IReportDelivery
{
    public static RecordingDelivery Instance { get; } = new();

    public ConcurrentQueue<(DateOnly Date, int Version)> Delivered { get; } = new();

    /// <summary>Dates whose first attempt is refused (the receiver is down).</summary>
    public ConcurrentDictionary<DateOnly, bool> FailOnce { get; } = new();

    public IReadOnlyList<string> Channels { get; } = ["email"];

    public Task<string?> Deliver(string channel, ActivityReport report, int version, CancellationToken cancellationToken)
    {
        if (FailOnce.TryRemove(report.From, out _))
        {
            return Task.FromResult<string?>("421 Service not available");
        }

        Delivered.Enqueue((report.From, version));
        return Task.FromResult<string?>(null);
    }
}
