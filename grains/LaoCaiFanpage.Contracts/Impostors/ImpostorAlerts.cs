using LaoCaiFanpage.Contracts.Dashboard;

namespace LaoCaiFanpage.Contracts.Impostors;

/// <summary>How a page is shown on the wall's impostor panel: an alert of kind "impostor", active while flagged.</summary>
public static class ImpostorAlerts
{
    public const string Kind = "impostor";

    public static OperatorAlert For(ImpostorView page, DateTimeOffset at) => new(
        Kind,
        page.Id,
        $"{page.Page.Name} — {page.StatusLabel.ToLowerInvariant()}, điểm {page.Score}",
        at,
        ImpostorStatuses.IsFlagged(page.Status),
        page.Status == ImpostorStatuses.Suspected ? 2 : 3,
        page.FirstSeenAt);
}
