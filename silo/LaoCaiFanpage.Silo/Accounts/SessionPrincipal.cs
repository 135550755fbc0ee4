using System.Security.Claims;
using LaoCaiFanpage.Contracts.Accounts;

namespace LaoCaiFanpage.Silo.Accounts;

/// <summary>Turns a live session into the principal endpoints see, and reads the caller back as an <see cref="Actor"/>.</summary>
public static class SessionPrincipal
{
    public static ClaimsPrincipal Create(ActiveSession session, string scheme)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, session.Name),
            new(AccountClaims.SessionId, session.Id),
        };
        claims.AddRange(session.Roles.Select(r => new Claim(ClaimTypes.Role, r)));
        if (session.Unit is not null)
        {
            claims.Add(new Claim(AccountClaims.Unit, session.Unit));
        }

        if (session.Pending is not null)
        {
            claims.Add(new Claim(AccountClaims.Pending, session.Pending));
        }

        if (session.DisplayName is not null)
        {
            claims.Add(new Claim(AccountClaims.DisplayName, session.DisplayName));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme, ClaimTypes.Name, ClaimTypes.Role));
    }

    public static string? SessionId(this ClaimsPrincipal user) => user.FindFirstValue(AccountClaims.SessionId);

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
