using System.Security.Claims;
using LaoCaiFanpage.Contracts.Accounts;

namespace LaoCaiFanpage.Silo.Http;

/// <summary>The caller of a request as the grains and the processing log know it: never from the body, always from the session.</summary>
public static class Caller
{
    /// <summary>Who is calling and from where, for the audit log.</summary>
    public static Actor Actor(this HttpContext context, string? name = null)
    {
        var address = context.Connection.RemoteIpAddress;
        if (address is { IsIPv4MappedToIPv6: true })
        {
            address = address.MapToIPv4();
        }

        var agent = context.Request.Headers.UserAgent.ToString();
        var user = context.User;
        return new Actor(
            name ?? user.Identity?.Name ?? "anonymous",
            address?.ToString(),
            agent.Length == 0 ? null : agent.Length > 512 ? agent[..512] : agent,
            name is null ? [.. user.FindAll(ClaimTypes.Role).Select(c => c.Value)] : null,
            name is null ? user.FindFirstValue(AccountClaims.Unit) : null);
    }
}
