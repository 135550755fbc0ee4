using System.ComponentModel.DataAnnotations;

namespace LaoCaiFanpage.Silo.Accounts;

/// <summary>Configuration section <c>Auth</c>: sign-in, passwords, lockout and sessions.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>Creates the account <c>admin</c> on a start where no enabled administrator exists. Never a default.</summary>
    public string? BootstrapAdminPassword { get; set; }

    [Range(10, 128, ErrorMessage = "Auth:PasswordMinLength must be from 10 to 128.")]
    public int PasswordMinLength { get; set; } = 12;

    [Range(3, 20, ErrorMessage = "Auth:MaxFailedLogins must be from 3 to 20.")]
    public int MaxFailedLogins { get; set; } = 5;

    /// <summary>How long an account stays locked after <see cref="MaxFailedLogins"/> failures in a row.</summary>
    [Range(0.01, 1440, ErrorMessage = "Auth:LockoutMinutes must be from 0.01 to 1440.")]
    public double LockoutMinutes { get; set; } = 15;

    /// <summary>Sign-in attempts (form, API, kiosk links) one client address may make per minute.</summary>
    [Range(1, 10_000, ErrorMessage = "Auth:LoginAttemptsPerMinute must be from 1 to 10,000.")]
    public int LoginAttemptsPerMinute { get; set; } = 10;

    /// <summary>A person's session (cookie or bearer token): about a working day.</summary>
    [Range(0.005, 168, ErrorMessage = "Auth:SessionHours must be from 0.005 (18 seconds, for tests of expiry) to 168.")]
    public double SessionHours { get; set; } = 12;

    /// <summary>A wall screen's session; revoking its kiosk link ends it at once.</summary>
    [Range(1, 3660, ErrorMessage = "Auth:KioskSessionDays must be from 1 to 3,660.")]
    public int KioskSessionDays { get; set; } = 365;

    /// <summary>
    /// Whether administrators and approvers must enrol a second factor (TOTP) before their session may do anything
    /// else. Off only for a demonstration or a test of something else; an enrolled account always needs its code.
    /// </summary>
    public bool RequireSecondFactor { get; set; } = true;

    /// <summary>
    /// Once an account's wrong passwords from all addresses reach twice <see cref="MaxFailedLogins"/> within
    /// <see cref="LockoutMinutes"/>, every sign-in check for it waits this long first: guessing slows down, the
    /// owner still gets in.
    /// </summary>
    [Range(0, 30, ErrorMessage = "Auth:ThrottleSeconds must be from 0 to 30.")]
    public double ThrottleSeconds { get; set; } = 2;

    /// <summary>How long a kiosk's pairing code may be opened, once, by the screen it is for.</summary>
    [Range(1, 1440, ErrorMessage = "Auth:KioskPairingMinutes must be from 1 to 1,440.")]
    public double KioskPairingMinutes { get; set; } = 30;

    public TimeSpan Throttle => TimeSpan.FromSeconds(ThrottleSeconds);

    public TimeSpan KioskPairing => TimeSpan.FromMinutes(KioskPairingMinutes);

    public TimeSpan Lockout => TimeSpan.FromMinutes(LockoutMinutes);

    public TimeSpan UserSession => TimeSpan.FromHours(SessionHours);

    public TimeSpan KioskSession => TimeSpan.FromDays(KioskSessionDays);
}
