using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace LaoCaiFanpage.Contracts.Security;

/// <summary>
/// A body signed with a shared secret: <c>sha256=</c> and the lower-case hex HMAC-SHA256 of the bytes. Meta signs its
/// webhook deliveries this way (<c>X-Hub-Signature-256</c>, keyed by the app secret); the service signs its own
/// outgoing webhooks (crises, reports) and checks the Department's signal feeds the same way. One helper for all of
/// them, the simulator and the tests included.
/// </summary>
public static class HmacSignature
{
    public const string Prefix = "sha256=";

    /// <summary>The header value for <paramref name="body"/> signed with <paramref name="secret"/> (its UTF-8 bytes).</summary>
    public static string Compute(string secret, ReadOnlySpan<byte> body) => Compute(Encoding.UTF8.GetBytes(secret), body);

    public static string Compute(ReadOnlySpan<byte> key, ReadOnlySpan<byte> body) =>
        Prefix + Convert.ToHexStringLower(HMACSHA256.HashData(key, body));

    /// <summary>True only for a well-formed header whose digest matches; compared in constant time.</summary>
    public static bool IsValid(string secret, ReadOnlySpan<byte> body, string? header)
    {
        if (header is null || !header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) || header.Length != Prefix.Length + 64)
        {
            return false;
        }

        Span<byte> claimed = stackalloc byte[32];
        if (Convert.FromHexString(header.AsSpan(Prefix.Length), claimed, out _, out var written) != OperationStatus.Done || written != 32)
        {
            return false;
        }

        Span<byte> actual = stackalloc byte[32];
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body, actual);
        return CryptographicOperations.FixedTimeEquals(claimed, actual);
    }
}
