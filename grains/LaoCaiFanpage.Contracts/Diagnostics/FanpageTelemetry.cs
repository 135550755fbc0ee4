using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace LaoCaiFanpage.Contracts.Diagnostics;

/// <summary>
/// The service's own metrics and traces (exported at /metrics and to an OTLP collector by the host). One place,
/// so the webhook, the push bridge and the samplers name them alike.
/// </summary>
public static class FanpageTelemetry
{
    public const string Name = "LaoCaiFanpage";

    public static readonly Meter Meter = new(Name);

    public static readonly ActivitySource Tracing = new(Name);

    /// <summary>Changes in signed deliveries, by what became of them: stored, duplicate (a Meta retry) or ignored.</summary>
    public static readonly Counter<long> DeliveriesIngested =
        Meter.CreateCounter<long>("lcf.deliveries.ingested", "{change}", "Changes in signed Meta webhook deliveries, by result");

    /// <summary>From the delivery's receipt to the screens' hub sending it (this host's screens).</summary>
    public static readonly Histogram<double> PushLatency =
        Meter.CreateHistogram<double>("lcf.push.latency", "s", "Delivery received to pushed to the screens",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });

    public static void RecordDeliveries(int stored, int duplicates, int ignored)
    {
        DeliveriesIngested.Add(stored, new KeyValuePair<string, object?>("result", "stored"));
        DeliveriesIngested.Add(duplicates, new KeyValuePair<string, object?>("result", "duplicate"));
        DeliveriesIngested.Add(ignored, new KeyValuePair<string, object?>("result", "ignored"));
    }
}
