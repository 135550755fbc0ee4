using System.Collections.Concurrent;
using LaoCaiFanpage.Contracts.Accounts;
using Microsoft.AspNetCore.SignalR;

namespace LaoCaiFanpage.Dashboard;

/// <summary>
/// The hub connections on this host by session: when a session ends (sign-out, a disabled account, a
/// revoked kiosk link) its open screens are disconnected at once, and their reconnect is refused.
/// </summary>
public sealed class ScreenConnections
{
    private readonly ConcurrentDictionary<string, HubCallerContext> _connections = new(StringComparer.Ordinal);

    public void Track(HubCallerContext context) => _connections[context.ConnectionId] = context;

    public void Forget(HubCallerContext context) => _connections.TryRemove(context.ConnectionId, out _);

    public void Abort(IReadOnlyList<string> sessionIds)
    {
        foreach (var connection in _connections.Values)
        {
            if (connection.User?.FindFirst(AccountClaims.SessionId)?.Value is { } sid && sessionIds.Contains(sid, StringComparer.Ordinal))
            {
                connection.Abort();
            }
        }
    }
}
