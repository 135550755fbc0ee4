using System.ComponentModel.DataAnnotations;

namespace LaoCaiFanpage.Grains.Notifications;

/// <summary>Configuration section <c>Notifications</c>: what the grains and the dispatcher need to reach people.</summary>
public sealed class NotificationOptions
{
    public const string Section = "Notifications";

    /// <summary>An unacknowledged crisis is told again to every crisis officer this often (minutes; fractions allowed for drills).</summary>
    [Range(0.01, 1440)]
    public double CrisisRepeatMinutes { get; set; } = 10;

    /// <summary>Non-urgent e-mail and push wait for the next working session outside office hours; false sends at any hour.</summary>
    public bool QuietHours { get; set; } = true;

    /// <summary>When the Chief of Office gets the day's summary of missed clocks (Vietnam time, on working days).</summary>
    [RegularExpression("^([01][0-9]|2[0-3]):[0-5][0-9]$", ErrorMessage = "Notifications:MissedSummaryAt is HH:mm.")]
    public string MissedSummaryAt { get; set; } = "07:45";

    /// <summary>How often each host looks for new notices and deliveries that are due (seconds).</summary>
    [Range(0.05, 60)]
    public double PollSeconds { get; set; } = 1;

    /// <summary>The wait before a failed delivery's second attempt (seconds); it doubles each time, up to 30 minutes.</summary>
    [Range(1, 3600)]
    public int FirstRetrySeconds { get; set; } = 30;

    /// <summary>Attempts per delivery before it is marked failed.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 12;
}
