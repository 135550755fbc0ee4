using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace LaoCaiFanpage.Grains.Sla;

/// <summary>Configuration section <c>Sla</c>: how working days and deadlines are counted (R9).</summary>
public sealed class SlaOptions : IValidatableObject
{
    public const string Section = "Sla";

    /// <summary><c>civil</c> (Civil Code Art. 147–148, default) or <c>office-hours</c>.</summary>
    public string Counting { get; set; } = "civil";

    /// <summary>Working sessions, "HH:mm-HH:mm" (default Lào Cai's, Official Letter 4999/UBND-VX, 2023).</summary>
    /// <remarks>
    /// Empty means <see cref="DefaultOfficeHours"/>. Not initialised with them: the configuration binder adds to a
    /// list it finds filled, so configured sessions would follow the default ones instead of replacing them.
    /// </remarks>
    public List<string> OfficeHours { get; set; } = [];

    public static IReadOnlyList<string> DefaultOfficeHours { get; } = ["07:30-12:00", "13:30-17:00"];

    public IReadOnlyList<string> EffectiveOfficeHours => OfficeHours.Count > 0 ? OfficeHours : DefaultOfficeHours;

    /// <summary>A clock is "due soon" this much working time before its deadline.</summary>
    // Down to 18 s and 36 s: drills and the failover test run whole clocks in a minute or two.
    [Range(0.005, 40)]
    public double DueSoonWorkingHours { get; set; } = 2;

    /// <summary>How long each step may take (working days and hours); re-read while the service runs.</summary>
    public SlaLimits Limits { get; set; } = new();

    /// <summary><c>Sla:IntakeWorkingHours</c>: the intake limit under the name earlier releases read (wins over Sla:Limits).</summary>
    public double? IntakeWorkingHours { get; set; }

    /// <summary><c>Sla:ApprovalWorkingHours</c>: each approval step's limit, under the name the issue gave it (wins over Sla:Limits).</summary>
    public double? ApprovalWorkingHours { get; set; }

    /// <summary>The limits in force: <see cref="Limits"/> with the two working-hour settings that may also stand directly under Sla.</summary>
    public SlaLimits EffectiveLimits => Limits with
    {
        IntakeWorkingHours = IntakeWorkingHours ?? Limits.IntakeWorkingHours,
        ApprovalWorkingHours = ApprovalWorkingHours ?? Limits.ApprovalWorkingHours,
    };

    /// <summary>Holidays added by law after the shipped schedules (e.g. 24/11), recurring each year.</summary>
    public List<ExtraHolidayOption> ExtraHolidays { get; set; } = [];

    /// <summary>Replaces the shipped official schedules (same JSON shape) when set.</summary>
    public string? ScheduleFile { get; set; }

    public DeadlineRule Rule => ParseRule(Counting) ?? DeadlineRule.Civil;

    public static DeadlineRule? ParseRule(string? value) => value switch
    {
        "civil" => DeadlineRule.Civil,
        "office-hours" => DeadlineRule.OfficeHours,
        _ => null,
    };

    public static string RuleName(DeadlineRule rule) => rule == DeadlineRule.Civil ? "civil" : "office-hours";

    public WorkingCalendar BuildCalendar() => new(
        OfficialSchedules.Load(ScheduleFile),
        Sla.OfficeHours.Parse(EffectiveOfficeHours),
        [.. ExtraHolidays.Select(e => e.ToHoliday())]);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ParseRule(Counting) is null)
        {
            yield return new ValidationResult("Sla:Counting must be 'civil' or 'office-hours'.", [nameof(Counting)]);
        }

        string? hoursError = null;
        try
        {
            Sla.OfficeHours.Parse(EffectiveOfficeHours);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            hoursError = ex.Message;
        }

        if (hoursError is not null)
        {
            yield return new ValidationResult($"Sla:OfficeHours: {hoursError}", [nameof(OfficeHours)]);
        }

        foreach (var problem in EffectiveLimits.Problems())
        {
            yield return new ValidationResult(problem, [nameof(Limits)]);
        }

        foreach (var extra in ExtraHolidays)
        {
            if (!DateOnly.TryParseExact("2024-" + extra.Date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _) || string.IsNullOrWhiteSpace(extra.Name))
            {
                yield return new ValidationResult($"Sla:ExtraHolidays: '{extra.Date}' must be MM-dd with a name.", [nameof(ExtraHolidays)]);
            }
        }
    }
}

public sealed class ExtraHolidayOption
{
    /// <summary>Month and day, "MM-dd".</summary>
    public string Date { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    public int FromYear { get; set; } = 1;

    public ExtraHoliday ToHoliday()
    {
        var parts = Date.Split('-');
        return new ExtraHoliday(int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture), Name, FromYear);
    }
}
