using System.ComponentModel.DataAnnotations;

namespace LaoCaiFanpage.Dashboard;

/// <summary>What the screens show; bound from the <c>Fanpage</c> section (the page id is shared).</summary>
public sealed class DashboardOptions
{
    [Required]
    public string PageId { get; set; } = string.Empty;

    /// <summary>Deltas are coalesced: at most one push per interval per client (default 4 a second).</summary>
    public TimeSpan PushInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How often this host re-registers its observer (observers expire if not refreshed).</summary>
    public TimeSpan ObserverHeartbeat { get; set; } = TimeSpan.FromSeconds(30);
}
