using System.Security.Claims;

namespace LaoCaiFanpage.Contracts.Accounts;

/// <summary>Claim types the service adds to a signed-in principal besides name and roles.</summary>
public static class AccountClaims
{
    /// <summary>The session's id: what sign-out, revocation and the hub's connection tracking key on.</summary>
    public const string SessionId = "lcf:sid";

    /// <summary>The unit code of a UnitOfficer or UnitHead.</summary>
    public const string Unit = "lcf:unit";

    public const string DisplayName = "lcf:display";

    /// <summary>What the owner must do before the session may do anything else (a password change, enrolling a second factor).</summary>
    public const string Pending = "lcf:pending";
}

public static class AccountPrincipal
{
    /// <summary>
    /// The unit a caller's case access is limited to: set when a UnitOfficer or UnitHead holds no role that
    /// reads every case; null means no limit ("-" for an officer without a unit: they see nothing).
    /// </summary>
    public static string? UnitScope(this ClaimsPrincipal user) =>
        UnitScope(Roles.All.Where(user.IsInRole).ToList(), user.FindFirst(AccountClaims.Unit)?.Value);

    /// <summary>The same rule for an account's roles and unit (whom a notification may reach).</summary>
    public static string? UnitScope(IReadOnlyCollection<string> roles, string? unit)
    {
        if (!roles.Any(Roles.OfUnit.Contains))
        {
            return null;
        }

        var broad = AccessPolicies.RolesByPolicy[AccessPolicies.ReadCases].Where(r => !Roles.OfUnit.Contains(r));
        return broad.Any(roles.Contains) ? null : unit ?? "-";
    }
}
