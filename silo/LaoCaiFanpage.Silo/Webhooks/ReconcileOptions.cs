using System.ComponentModel.DataAnnotations;

namespace LaoCaiFanpage.Silo.Webhooks;

/// <summary>
/// Reading the page back through the Graph API, for what no webhook delivered (configuration section
/// <c>Facebook:Reconcile</c>; <c>Facebook:BackfillDays</c> for the first run). Runs only with a page token.
/// </summary>
public sealed class ReconcileOptions
{
    public const string Section = "Facebook:Reconcile";

    /// <summary>Minutes between two runs (fractions allowed, for drills and tests).</summary>
    [Range(0.05, 1440)]
    public double IntervalMinutes { get; set; } = 10;

    /// <summary>How far back a regular run reads: a webhook outage shorter than this is made good.</summary>
    [Range(1, 720)]
    public double WindowHours { get; set; } = 24;

    /// <summary>How far back the first run with a page token reads (Facebook:BackfillDays).</summary>
    [Range(0, 90)]
    public double BackfillDays { get; set; } = 7;

    /// <summary>How long to wait when Meta throttles (#4, #17, #32, #613) without naming a time.</summary>
    [Range(0.1, 3600)]
    public double ThrottleSeconds { get; set; } = 60;

    /// <summary>How many times one call is retried after throttling before the run stops (the next run goes on).</summary>
    [Range(0, 20)]
    public int ThrottleRetries { get; set; } = 5;
}
