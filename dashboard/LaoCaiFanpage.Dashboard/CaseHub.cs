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

    public static string UnitGroup(string unit) => "unit:" + unit.ToUpperInvariant();

    public override async Task OnConnectedAsync()
    {
        connections.Track(Context);
        var scope = Context.User?.UnitScope();
        await Groups.AddToGroupAsync(Context.ConnectionId, scope is null ? AllCasesGroup : UnitGroup(scope));
        await base.OnConnectedAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        connections.Forget(Context);
        return base.OnDisconnectedAsync(exception);
    }
}
