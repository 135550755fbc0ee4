using System.Security.Claims;

namespace LaoCaiFanpage.Contracts.Accounts;

/// <summary>Claim types the service adds to a signed-in principal besides name and roles.</summary>
public static class AccountClaims
{
    /// <summary>The session's id: what sign-out, revocation and the hub's connection tracking key on.</summary>
    public const string SessionId = "lcf:sid";

    /// <summary>The unit code of a UnitOfficer.</summary>
    public const string Unit = "lcf:unit";

    public const string DisplayName = "lcf:display";
}

public static class AccountPrincipal
{
    /// <summary>
    /// The unit a caller's case access is limited to: set when a UnitOfficer holds no role that reads
    /// every case; null means no limit ("-" for an officer without a unit: they see nothing).
    /// </summary>
    public static string? UnitScope(this ClaimsPrincipal user)
    {
        if (!user.IsInRole(Roles.UnitOfficer))
        {
            return null;
        }

        var broad = AccessPolicies.RolesByPolicy[AccessPolicies.ReadCases].Where(r => r != Roles.UnitOfficer);
        return broad.Any(user.IsInRole) ? null : user.FindFirst(AccountClaims.Unit)?.Value ?? "-";
    }
}
