using System.Security.Cryptography;
using System.Text;

namespace LaoCaiFanpage.Contracts.Security;

/// <summary>Bearer tokens and kiosk links: 256 random bits, stored only as their SHA-256 digest.</summary>
public static class SecretTokens
{
    public static string New() => Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string NewSessionId() => Base64Url(RandomNumberGenerator.GetBytes(18));

    public static string Digest(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
