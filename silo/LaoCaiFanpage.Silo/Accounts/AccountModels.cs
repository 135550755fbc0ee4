namespace LaoCaiFanpage.Silo.Accounts;

/// <summary>An account as stored (the password hash never leaves the store's callers' reach in an answer).</summary>
public sealed record UserAccount(
    long Id,
    string Username,
    string? DisplayName,
    IReadOnlyList<string> Roles,
    string? Unit,
    bool Disabled,
    DateTimeOffset? LockedUntil,
    int FailedLogins,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    string PasswordHash,
    string? Email = null);

public sealed record NewUser(string Username, string? DisplayName, string Password, IReadOnlyList<string> Roles, string? Unit, string? Email = null);

public static class SessionKinds
{
    public const string Cookie = "cookie";
    public const string Bearer = "bearer";
    public const string Kiosk = "kiosk";
}

/// <summary>A live session and who it is for, read fresh on every request (so disabling and revoking act at once).</summary>
public sealed record ActiveSession(string Id, string Kind, string Name, string? DisplayName, IReadOnlyList<string> Roles, string? Unit, DateTimeOffset ExpiresAt);

public sealed record StartedSession(ActiveSession Session, string? Token);

public enum SignInStatus
{
    Succeeded,
    Failed,
    LockedOut,
}

public sealed record SignInResult(SignInStatus Status, StartedSession? Started, DateTimeOffset? LockedUntil)
{
    public static SignInResult Failed { get; } = new(SignInStatus.Failed, null, null);
}

public sealed record KioskLink(long Id, string Name, DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt, string? RevokedBy);
