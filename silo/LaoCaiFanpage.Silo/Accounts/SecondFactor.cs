using System.Security.Cryptography;
using OtpNet;

namespace LaoCaiFanpage.Silo.Accounts;

/// <summary>
/// The second factor: TOTP as RFC 6238 defines it (SHA-1, 6 digits, 30-second steps, what every authenticator app
/// reads from an <c>otpauth://</c> link), one step of drift either way, each step usable once; and ten single-use
/// recovery codes for a lost phone, stored as SHA-256 digests.
/// </summary>
public static class SecondFactor
{
    public const int RecoveryCodeCount = 10;

    public static byte[] NewSecret() => KeyGeneration.GenerateRandomKey(20);

    public static string Base32(byte[] secret) => Base32Encoding.ToString(secret);

    /// <summary>The link an authenticator app takes (typed in or read from a QR code).</summary>
    public static string EnrollmentUri(byte[] secret, string username) =>
        $"otpauth://totp/{Uri.EscapeDataString("UBND Lào Cai")}:{Uri.EscapeDataString(username)}?secret={Base32(secret)}&issuer={Uri.EscapeDataString("UBND Lào Cai")}&algorithm=SHA1&digits=6&period=30";

    /// <summary>The step a six-digit code matches at <paramref name="now"/> (±1 step), or null.</summary>
    public static long? MatchingStep(byte[] secret, string code, DateTimeOffset now)
    {
        var digits = new string([.. code.Where(c => !char.IsWhiteSpace(c))]);
        if (digits.Length != 6 || !digits.All(char.IsAsciiDigit))
        {
            return null;
        }

        var totp = new Totp(secret);
        return totp.VerifyTotp(now.UtcDateTime, digits, out var step, new VerificationWindow(previous: 1, future: 1)) ? step : null;
    }

    /// <summary>The code an authenticator shows at <paramref name="now"/>: for tests and the simulator, never sent anywhere.</summary>
    public static string CodeAt(byte[] secret, DateTimeOffset now) => new Totp(secret).ComputeTotp(now.UtcDateTime);

    /// <summary>Ten codes of ten letters and digits in two groups ("k7f2m-9qx4d"), easy to read out and type.</summary>
    public static IReadOnlyList<string> NewRecoveryCodes()
    {
        const string alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
        return [.. Enumerable.Range(0, RecoveryCodeCount).Select(_ =>
        {
            var letters = RandomNumberGenerator.GetItems<char>(alphabet, 10);
            return new string(letters, 0, 5) + "-" + new string(letters, 5, 5);
        })];
    }

    public static string NormalizeRecoveryCode(string code) =>
        new string([.. code.Trim().ToLowerInvariant().Where(c => c != '-' && !char.IsWhiteSpace(c))]);
}
