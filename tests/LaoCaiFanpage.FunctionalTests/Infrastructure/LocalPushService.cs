using System.Buffers.Binary;
using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LaoCaiFanpage.FunctionalTests.Infrastructure;

/// <summary>
/// A local push service, as a browser vendor's would be, and the browsers subscribed to it. Every message must carry
/// a VAPID token (RFC 8292: <c>Authorization: vapid t=JWT, k=key</c>, ES256 over the audience of this service's origin,
/// not expired, signed by the service's configured key) and an RFC 8291 <c>aes128gcm</c> body, which it decrypts with
/// the subscribed browser's private key and auth secret — so what a test reads is what a phone would show.
/// </summary>
public sealed class LocalPushService : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Subscriber> _subscribers = new();

    public LocalPushService(string vapidPublicKey)
    {
        VapidPublicKey = vapidPublicKey;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.MapPost("/push/{id}", Receive);
    }

    public string VapidPublicKey { get; }

    /// <summary>Messages that passed every check, decrypted.</summary>
    public ConcurrentQueue<PushReceived> Received { get; } = new();

    /// <summary>Messages refused, and why (a wrong token, a body that does not decrypt…).</summary>
    public ConcurrentQueue<string> Refused { get; } = new();

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>A new VAPID key pair, as the service's configuration would hold it (base64url public point and private scalar).</summary>
    public static (string PublicKey, string PrivateKey) NewVapidKeys()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var p = key.ExportParameters(includePrivateParameters: true);
        return (Base64Url.EncodeToString([0x04, .. p.Q.X!, .. p.Q.Y!]), Base64Url.EncodeToString(p.D));
    }

    public async Task Start()
    {
        await _app.StartAsync();
        BaseAddress = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    /// <summary>A browser subscribing: its endpoint and keys as <c>PushSubscription.toJSON()</c> gives them.</summary>
    public object NewBrowser(string name, out string endpoint)
    {
        var id = Guid.NewGuid().ToString("N");
        var subscriber = new Subscriber(name, ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256), RandomNumberGenerator.GetBytes(16));
        _subscribers[id] = subscriber;
        endpoint = new Uri(BaseAddress, "push/" + id).AbsoluteUri;
        return new { endpoint, keys = new { p256dh = Base64Url.EncodeToString(subscriber.PublicPoint), auth = Base64Url.EncodeToString(subscriber.Auth) } };
    }

    /// <summary>The browser was uninstalled: its endpoint answers 410 Gone from now on.</summary>
    public void Forget(string endpoint) => _subscribers.TryRemove(endpoint[(endpoint.LastIndexOf('/') + 1)..], out _);

    public async Task<PushReceived> WaitFor(Func<PushReceived, bool> match, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (Received.FirstOrDefault(match) is { } found)
            {
                return found;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"No such push within {timeout} ({Received.Count} received; refused: {string.Join(" | ", Refused.Distinct())}).");
    }

    private async Task<IResult> Receive(string id, HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        if (!_subscribers.TryGetValue(id, out var subscriber))
        {
            return Results.StatusCode(StatusCodes.Status410Gone);
        }

        var origin = $"{BaseAddress.Scheme}://{BaseAddress.Authority}";
        var problem = CheckVapid(context.Request.Headers.Authorization.ToString(), origin)
            ?? (context.Request.Headers.ContentEncoding.ToString() == "aes128gcm" ? null : "Content-Encoding is not aes128gcm")
            ?? (int.TryParse(context.Request.Headers["TTL"], out _) ? null : "no TTL header");
        if (problem is not null)
        {
            Refused.Enqueue(problem);
            return Results.Problem(problem, statusCode: StatusCodes.Status401Unauthorized);
        }

        string text;
        try
        {
            text = Decrypt(buffer.ToArray(), subscriber);
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException or FormatException)
        {
            Refused.Enqueue("undecryptable: " + ex.Message);
            return Results.BadRequest();
        }

        // RFC 8030 §5.3: no Urgency header means "normal".
        var urgency = context.Request.Headers["Urgency"].ToString() is { Length: > 0 } given ? given : "normal";
        Received.Enqueue(new PushReceived(subscriber.Name, urgency, JsonDocument.Parse(text).RootElement.Clone()));
        return Results.Created(new Uri(BaseAddress, "message/" + Guid.NewGuid().ToString("N")).AbsoluteUri, null);
    }

    /// <summary>RFC 8292: the token's header and claims, its ES256 signature, and that k is the sender's known key.</summary>
    private string? CheckVapid(string authorization, string origin)
    {
        if (!authorization.StartsWith("vapid ", StringComparison.Ordinal))
        {
            return "no vapid authorization";
        }

        var parts = authorization[6..].Split(',', StringSplitOptions.TrimEntries).Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "");
        if (!parts.TryGetValue("t", out var token) || !parts.TryGetValue("k", out var key))
        {
            return "vapid without t or k";
        }

        if (key != VapidPublicKey)
        {
            return "k is not the service's VAPID key";
        }

        var pieces = token.Split('.');
        if (pieces.Length != 3)
        {
            return "t is not a JWT";
        }

        var header = JsonDocument.Parse(Base64Url.DecodeFromChars(pieces[0])).RootElement;
        var claims = JsonDocument.Parse(Base64Url.DecodeFromChars(pieces[1])).RootElement;
        if (header.GetProperty("alg").GetString() != "ES256")
        {
            return "alg is not ES256";
        }

        // RFC 8292 wants the origin, port included; Lib.Net.Http.WebPush leaves a non-default port out. The browsers'
        // push services listen on https' default port, where both are the same, so either form is taken here.
        var audience = claims.GetProperty("aud").GetString();
        if (audience != origin && audience != $"{BaseAddress.Scheme}://{BaseAddress.Host}")
        {
            return $"aud {audience} is not {origin}";
        }

        var expires = DateTimeOffset.FromUnixTimeSeconds(claims.GetProperty("exp").GetInt64());
        if (expires < DateTimeOffset.UtcNow || expires > DateTimeOffset.UtcNow.AddHours(24))
        {
            return "exp is not within the next 24 hours";
        }

        if (!claims.TryGetProperty("sub", out var sub) || !(sub.GetString() ?? "").StartsWith("mailto:", StringComparison.Ordinal))
        {
            return "no mailto: sub";
        }

        var point = Base64Url.DecodeFromChars(key);
        using var verifier = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = point[1..33], Y = point[33..65] } });
        return verifier.VerifyData(Encoding.ASCII.GetBytes(pieces[0] + "." + pieces[1]), Base64Url.DecodeFromChars(pieces[2]), HashAlgorithmName.SHA256)
            ? null
            : "the token's signature does not verify";
    }

    /// <summary>RFC 8188 / RFC 8291: salt, record size, the sender's key, one record sealed with a key derived from ECDH and the auth secret.</summary>
    private static string Decrypt(byte[] body, Subscriber subscriber)
    {
        var salt = body.AsSpan(0, 16).ToArray();
        var recordSize = BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(16, 4));
        int idLength = body[20];
        var senderKey = body.AsSpan(21, idLength).ToArray();
        var record = body.AsSpan(21 + idLength).ToArray();
        if (idLength != 65 || record.Length > recordSize || record.Length < 17)
        {
            throw new FormatException("not a single aes128gcm record with a P-256 key id");
        }

        using var sender = ECDiffieHellman.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = senderKey[1..33], Y = senderKey[33..65] } });
        var shared = subscriber.Key.DeriveRawSecretAgreement(sender.PublicKey);
        byte[] keyInfo = [.. "WebPush: info\0"u8, .. subscriber.PublicPoint, .. senderKey];
        var ikm = HKDF.DeriveKey(HashAlgorithmName.SHA256, shared, 32, subscriber.Auth, keyInfo);
        var cek = HKDF.DeriveKey(HashAlgorithmName.SHA256, ikm, 16, salt, "Content-Encoding: aes128gcm\0"u8.ToArray());
        var nonce = HKDF.DeriveKey(HashAlgorithmName.SHA256, ikm, 12, salt, "Content-Encoding: nonce\0"u8.ToArray());
        var plain = new byte[record.Length - 16];
        using (var aes = new AesGcm(cek, 16))
        {
            aes.Decrypt(nonce, record.AsSpan(0, record.Length - 16), record.AsSpan(record.Length - 16), plain);
        }

        // The last record ends with the delimiter 0x02, then zero padding.
        var end = plain.Length - 1;
        while (end >= 0 && plain[end] == 0)
        {
            end--;
        }

        if (end < 0 || plain[end] != 2)
        {
            throw new FormatException("no last-record delimiter");
        }

        return Encoding.UTF8.GetString(plain, 0, end);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        foreach (var subscriber in _subscribers.Values)
        {
            subscriber.Key.Dispose();
        }
    }

    private sealed class Subscriber(string name, ECDiffieHellman key, byte[] auth)
    {
        public string Name { get; } = name;

        public ECDiffieHellman Key { get; } = key;

        public byte[] Auth { get; } = auth;

        public byte[] PublicPoint { get; } = Point(key);

        private static byte[] Point(ECDiffieHellman key)
        {
            var q = key.ExportParameters(false).Q;
            return [0x04, .. q.X!, .. q.Y!];
        }
    }
}

/// <summary>A push message a browser received: whose, with what urgency, and the decrypted JSON the service worker reads.</summary>
public sealed record PushReceived(string Browser, string Urgency, JsonElement Payload)
{
    public string Title => Payload.GetProperty("title").GetString()!;

    public string Url => Payload.GetProperty("url").GetString()!;
}
