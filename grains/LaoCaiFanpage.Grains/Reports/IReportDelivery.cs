namespace LaoCaiFanpage.Grains.Reports;

/// <summary>
/// Sends a report to its recipients over one channel (the host implements e-mail and the signed webhook, where the
/// formats are rendered). A channel that is not configured is not listed.
/// </summary>
public interface IReportDelivery
{
    /// <summary>The channels configured ("email", "webhook").</summary>
    IReadOnlyList<string> Channels { get; }

    /// <summary>Null when the channel accepted the report; otherwise why not (it is tried again later).</summary>
    Task<string?> Deliver(string channel, ActivityReport report, int version, CancellationToken cancellationToken);
}
