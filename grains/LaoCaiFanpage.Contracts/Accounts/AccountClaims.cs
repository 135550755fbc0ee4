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
