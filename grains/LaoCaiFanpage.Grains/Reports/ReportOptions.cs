using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace LaoCaiFanpage.Grains.Reports;

/// <summary>Reports (configuration section <c>Reports</c>).</summary>
public sealed class ReportOptions
{
    public const string Section = "Reports";

    /// <summary>When the daily report is generated, Vietnam time (R10: every day).</summary>
    [RegularExpression("^([01][0-9]|2[0-3]):[0-5][0-9]$", ErrorMessage = "Reports:DailyAt is a time of day such as 17:30.")]
    public string DailyAt { get; set; } = "17:30";

    /// <summary>Generate the daily report by itself (off only for drills and tests that generate on demand).</summary>
    public bool Schedule { get; set; } = true;

    /// <summary>Days back the schedule makes up for after the service was down at report time.</summary>
    [Range(0, 31)]
    public int CatchUpDays { get; set; } = 7;

    public TimeOnly DailyTime => TimeOnly.ParseExact(DailyAt, "HH:mm", CultureInfo.InvariantCulture);
}
