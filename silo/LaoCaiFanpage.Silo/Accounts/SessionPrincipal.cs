using System.Security.Claims;
using LaoCaiFanpage.Contracts.Accounts;

namespace LaoCaiFanpage.Silo.Accounts;

/// <summary>Turns a live session into the principal endpoints see (Http/Caller reads the caller back as an <see cref="Actor"/>).</summary>
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
}
