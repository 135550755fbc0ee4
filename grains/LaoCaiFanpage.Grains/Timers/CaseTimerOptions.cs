using System.ComponentModel.DataAnnotations;

namespace LaoCaiFanpage.Grains.Timers;

/// <summary>How the cases' durable wake-ups are swept (section <c>Timers</c>).</summary>
public sealed class CaseTimerOptions
{
    public const string Section = "Timers";

    /// <summary>How often each silo looks for due wake-ups: a clock changes state at most this long after its instant (its record keeps the instant itself).</summary>
    [Range(0.05, 60)]
    public double SweepSeconds { get; set; } = 1;

    /// <summary>How long a claimed wake-up is left to the silo that claimed it; after that (the silo died, the case failed) it is swept again.</summary>
    [Range(5, 3600)]
    public double ClaimSeconds { get; set; } = 60;

    /// <summary>Wake-ups claimed at once.</summary>
    [Range(1, 10_000)]
    public int Batch { get; set; } = 500;

    /// <summary>Cases woken at the same time.</summary>
    [Range(1, 256)]
    public int Parallelism { get; set; } = 32;
}
