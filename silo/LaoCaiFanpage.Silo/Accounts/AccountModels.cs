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
    string? Email = null,
    bool MustChangePassword = false,
    bool SecondFactorEnabled = false);

/// <summary>A new account; <paramref name="MustChangePassword"/> when an administrator chose the password for someone else.</summary>
public sealed record NewUser(string Username, string? DisplayName, string Password, IReadOnlyList<string> Roles, string? Unit, string? Email = null, bool MustChangePassword = true);

public static class SessionKinds
{
    public const string Cookie = "cookie";
    public const string Bearer = "bearer";
    public const string Kiosk = "kiosk";
}

/// <summary>
/// A live session and who it is for, read fresh on every request (so disabling and revoking act at once).
/// <paramref name="Pending"/> names what the owner must do before the session may do anything else (see <see cref="PendingSteps"/>).
/// </summary>
public sealed record ActiveSession(string Id, string Kind, string Name, string? DisplayName, IReadOnlyList<string> Roles, string? Unit, DateTimeOffset ExpiresAt, string? Pending = null);

/// <summary>What a signed-in person must do first: replace a password an administrator chose, or enrol a second factor their roles need.</summary>
public static class PendingSteps
{
    public const string PasswordChange = "password-change";
    public const string SecondFactorEnrollment = "second-factor-enrollment";
}

public sealed record StartedSession(ActiveSession Session, string? Token);

public enum SignInStatus
{
    Succeeded,
    Failed,
    LockedOut,

    /// <summary>The password was right; the account's second factor (a TOTP or recovery code) is missing.</summary>
    SecondFactorRequired,
}

public sealed record SignInResult(SignInStatus Status, StartedSession? Started, DateTimeOffset? LockedUntil)
{
    public static SignInResult Failed { get; } = new(SignInStatus.Failed, null, null);

    public static SignInResult SecondFactorRequired { get; } = new(SignInStatus.SecondFactorRequired, null, null);
}

/// <summary>A screen: its pairing code's life (<paramref name="PairingExpiresAt"/>, <paramref name="PairedAt"/>) and when the paired device was last seen.</summary>
public sealed record KioskLink(long Id, string Name, DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt, string? RevokedBy,
    DateTimeOffset? PairingExpiresAt = null, DateTimeOffset? PairedAt = null, DateTimeOffset? LastSeenAt = null);

public enum RoleChange
{
    Changed,
    NoSuchUser,

    /// <summary>Refused: nobody changes their own roles.</summary>
    OwnAccount,

    /// <summary>Refused: Admin beside an approver's role (R8).</summary>
    SeparationOfDuties,
}
