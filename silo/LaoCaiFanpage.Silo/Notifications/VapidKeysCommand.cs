using System.Buffers.Text;
using System.Security.Cryptography;

namespace LaoCaiFanpage.Silo.Notifications;

/// <summary>
/// <c>vapid-keys</c>: prints a new VAPID key pair for <c>Notifications:Push</c> (P-256, base64url) as environment
/// variables. Run once per installation; keep the private key with the other secrets. A new pair invalidates every
/// browser's subscription, so keep it as long as the installation lives.
/// </summary>
public static class VapidKeysCommand
{
    public const string Command = "vapid-keys";

    public static int Run(TextWriter output)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var parameters = key.ExportParameters(includePrivateParameters: true);
        output.WriteLine("Notifications__Push__PublicKey=" + Base64Url.EncodeToString([0x04, .. parameters.Q.X!, .. parameters.Q.Y!]));
        output.WriteLine("Notifications__Push__PrivateKey=" + Base64Url.EncodeToString(parameters.D));
        return 0;
    }
}
