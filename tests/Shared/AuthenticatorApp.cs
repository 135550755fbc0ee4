using System.Globalization;
using System.Security.Cryptography;

namespace LaoCaiFanpage.Tests.Shared;

/// <summary>
/// What a person's authenticator app does with the secret it was given: RFC 6238 (HMAC-SHA-1, 30-second steps,
/// 6 digits), written here from the RFC so the tests do not check the service against its own library.
/// </summary>
public static class AuthenticatorApp
{
    public static string Code(string base32Secret, DateTimeOffset at, int stepOffset = 0)
    {
        var key = FromBase32(base32Secret);
        var counter = at.ToUnixTimeSeconds() / 30 + stepOffset;
        var message = new byte[8];
        for (var i = 7; i >= 0; i--, counter >>= 8)
        {
            message[i] = (byte)(counter & 0xff);
        }

#pragma warning disable CA5350 // RFC 6238 authenticator apps use HMAC-SHA-1; here it is what is being tested against.
        var hash = HMACSHA1.HashData(key, message);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0f;
        var binary = ((hash[offset] & 0x7f) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
    }

    private static byte[] FromBase32(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bytes = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var c in text.TrimEnd('=').ToUpperInvariant())
        {
            buffer = (buffer << 5) | alphabet.IndexOf(c, StringComparison.Ordinal);
            bits += 5;
            if (bits >= 8)
            {
                bytes.Add((byte)(buffer >> (bits - 8)));
                bits -= 8;
            }
        }

        return [.. bytes];
    }
}
