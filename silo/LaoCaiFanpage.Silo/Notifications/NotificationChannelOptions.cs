using System.Buffers.Text;
using LaoCaiFanpage.Grains.Email;
using Microsoft.Extensions.Options;

namespace LaoCaiFanpage.Silo.Notifications;

/// <summary>Configuration section <c>Notifications:Email</c>: the SMTP server notifications go out through.</summary>
public sealed class NotificationEmailOptions : SmtpSettings
{
    public const string Section = "Notifications:Email";
}

/// <summary>
/// Configuration section <c>Notifications:Push</c>: the VAPID key pair browsers see this service by (P-256, base64url:
/// the 65-byte public point and the 32-byte private scalar) and the push services subscriptions may name.
/// </summary>
public sealed class WebPushOptions
{
    public const string Section = "Notifications:Push";

    public string? PublicKey { get; set; }

    /// <summary>Secret: from the environment, never the repository.</summary>
    public string? PrivateKey { get; set; }

    /// <summary>Who push services contact about this sender (RFC 8292 <c>sub</c>).</summary>
    public string Subject { get; set; } = "mailto:fanpage@laocai.gov.vn";

    /// <summary>
    /// The browsers' push services (and their subdomains): the only hosts a subscription's endpoint may be on. The service
    /// POSTs to that address, so a subscription elsewhere is refused rather than followed.
    /// </summary>
    public static IReadOnlyList<string> BrowserPushServices { get; } =
        ["fcm.googleapis.com", "updates.push.services.mozilla.com", "push.services.mozilla.com", "notify.windows.com", "push.apple.com"];

    /// <summary>Further push-service hosts to accept besides the browsers' own (an on-premises push service; tests).</summary>
    public string[] ExtraHosts { get; set; } = [];

    /// <summary>Accept http:// endpoints (a push service on the local network; tests). Browsers' own services are https.</summary>
    public bool AllowInsecureEndpoints { get; set; }

    public bool Configured => PublicKey is { Length: > 0 } && PrivateKey is { Length: > 0 };

    /// <summary>Whether a subscription's endpoint is one the service will send to.</summary>
    public bool Accepts(Uri endpoint) =>
        (endpoint.Scheme == Uri.UriSchemeHttps || (AllowInsecureEndpoints && endpoint.Scheme == Uri.UriSchemeHttp))
        && string.IsNullOrEmpty(endpoint.UserInfo)
        && BrowserPushServices.Concat(ExtraHosts).Any(h => endpoint.Host.Equals(h, StringComparison.OrdinalIgnoreCase) || endpoint.Host.EndsWith("." + h, StringComparison.OrdinalIgnoreCase));

    public static bool IsKey(string? value, int length, byte? first = null)
    {
        if (value is null || !Base64Url.IsValid(value))
        {
            return false;
        }

        var bytes = Base64Url.DecodeFromChars(value);
        return bytes.Length == length && (first is null || bytes[0] == first);
    }
}

/// <summary>Both VAPID keys or neither, each of the right size: a bad key stops start-up instead of failing every push.</summary>
public sealed class WebPushOptionsValidation : IValidateOptions<WebPushOptions>
{
    public ValidateOptionsResult Validate(string? name, WebPushOptions options)
    {
        if (options.PublicKey is not { Length: > 0 } && options.PrivateKey is not { Length: > 0 })
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        if (!WebPushOptions.IsKey(options.PublicKey, 65, 0x04))
        {
            failures.Add("Notifications:Push:PublicKey must be the VAPID public key: an uncompressed P-256 point (65 bytes), base64url.");
        }

        if (!WebPushOptions.IsKey(options.PrivateKey, 32))
        {
            failures.Add("Notifications:Push:PrivateKey must be the VAPID private key: a P-256 scalar (32 bytes), base64url.");
        }

        if (!options.Subject.StartsWith("mailto:", StringComparison.Ordinal) && !options.Subject.StartsWith("https://", StringComparison.Ordinal))
        {
            failures.Add("Notifications:Push:Subject must be a mailto: or https: address.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
