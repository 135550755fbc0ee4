using System.ComponentModel.DataAnnotations;

namespace LaoCaiFanpage.Silo.Webhooks;

/// <summary>Watching the webhook itself (configuration section <c>Facebook</c>).</summary>
public sealed class WebhookHealthOptions
{
    /// <summary>Minutes without any delivery, counted in office hours of working days, after which operators are alerted.</summary>
    [Range(0.05, 10080)]
    public double SilenceAlertMinutes { get; set; } = 120;

    /// <summary>Count the silence in office hours only (true); false counts every minute (a page busy at night, drills).</summary>
    public bool SilenceInOfficeHoursOnly { get; set; } = true;

    /// <summary>Minutes between two checks that the page's subscription still has <c>feed</c> and <c>messages</c>.</summary>
    [Range(1, 1440)]
    public double SubscriptionCheckMinutes { get; set; } = 60;

    /// <summary>Seconds between two looks at the silence and the alerts (a minute; shorter for drills and tests).</summary>
    [Range(1, 600)]
    public double WatchSeconds { get; set; } = 60;
}
