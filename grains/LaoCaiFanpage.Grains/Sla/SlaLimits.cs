using System.ComponentModel.DataAnnotations;

namespace LaoCaiFanpage.Grains.Sla;

/// <summary>
/// Configuration section <c>Sla:Limits</c>: how long each step may take (R9; Art. 16 lets the Office adjust them as
/// the rules are applied). Working days for the units' answers, working hours for the Office's own steps.
/// </summary>
public sealed record SlaLimits
{
    public const string Section = "Sla:Limits";

    /// <summary>A matter within one unit's own authority (R9.1).</summary>
    [Range(1, 30)]
    public int Own { get; init; } = 1;

    /// <summary>A unit asked by another to coordinate (R9.2).</summary>
    [Range(1, 30)]
    public int Coordination { get; init; } = 2;

    /// <summary>A complex case involving several units, on each (R9.3).</summary>
    [Range(1, 30)]
    public int Complex { get; init; } = 3;

    /// <summary>The Editorial Board's intake: receipt → classified and assigned.</summary>
    // Down to 36 s: the failover test runs whole clocks in a minute or two.
    [Range(0.01, 80)]
    public double IntakeWorkingHours { get; init; } = 4;

    /// <summary>Each approval step (the Editorial Board head, the Chief of Office, the Standing Committee).</summary>
    [Range(0.01, 80)]
    public double ApprovalWorkingHours { get; init; } = 4;

    /// <summary>The problems of a set of limits, as the configuration names them; none when they may be used.</summary>
    public IReadOnlyList<string> Problems()
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(this, new ValidationContext(this), results, validateAllProperties: true);
        return [.. results.Select(r => $"{Section}:{string.Join(",", r.MemberNames)}: {r.ErrorMessage}")];
    }
}

/// <summary>
/// The limits in force. They change while the service runs (the host re-reads its settings); a clock keeps the
/// limit it started with, so a change applies to the clocks started after it.
/// </summary>
public sealed class SlaLimitsSource(SlaLimits initial)
{
    private SlaLimits _current = initial;

    public SlaLimits Current => Volatile.Read(ref _current);

    /// <summary>Puts new limits in force; returns the ones they replace.</summary>
    public SlaLimits Apply(SlaLimits next) => Interlocked.Exchange(ref _current, next);
}
