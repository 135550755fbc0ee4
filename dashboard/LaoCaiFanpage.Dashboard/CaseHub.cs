using LaoCaiFanpage.Contracts.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace LaoCaiFanpage.Dashboard;

/// <summary>
/// Officer pages' live channel: it only says which case moved (id, status, units); the page reads the case
/// through the API, so a unit officer never receives another unit's text. Unit officers hear only their unit.
/// </summary>
[Authorize(Policy = AccessPolicies.ReadCases)]
public sealed class CaseHub(ScreenConnections connections) : Hub
{
    public const string Path = "/hubs/cases";
    public const string AllCasesGroup = "cases";
    public const string ChangedMethod = "cases-changed";

    public const string NotificationMethod = "notification";

    public static string UnitGroup(string unit) => "unit:" + unit.ToUpperInvariant();

    /// <summary>One person's connections: their notifications ring only their bell.</summary>
    public static string UserGroup(string username) => "user:" + username;

    public override async Task OnConnectedAsync()
    {
        connections.Track(Context);
        var scope = Context.User?.UnitScope();
        await Groups.AddToGroupAsync(Context.ConnectionId, scope is null ? AllCasesGroup : UnitGroup(scope));
        if (Context.User?.Identity?.Name is { Length: > 0 } name)
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, UserGroup(name));
        }

        await base.OnConnectedAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        connections.Forget(Context);
        return base.OnDisconnectedAsync(exception);
    }
}
