using System.ComponentModel.DataAnnotations;
using System.Net.Http.Headers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using LaoCaiFanpage.Contracts.Crisis;
using LaoCaiFanpage.Contracts.Security;
using LaoCaiFanpage.Grains.Settings;
using Microsoft.Extensions.Options;

namespace LaoCaiFanpage.Grains.Crisis;

/// <summary>Configuration section <c>Crisis:Webhook</c>: where crisis events go (the Office's messaging channel).</summary>
public sealed class CrisisWebhookOptions : IValidatableObject
{
    public const string Section = "Crisis:Webhook";

    /// <summary>The receiver's URL; no notifications are sent when it is not set.</summary>
    public string? Url { get; set; }

    /// <summary>The shared secret the body is signed with (HMAC-SHA256, header <c>X-LaoCaiFanpage-Signature: sha256=…</c>).</summary>
    public string? Secret { get; set; }

    [Range(1, 60)]
    public int TimeoutSeconds { get; set; } = 10;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        SecretSettings.OutboundSecret(Section, Url, Secret);
}

/// <summary>
/// Posts a crisis event as JSON to the configured receiver, signed with HMAC-SHA256 of the exact body; the
/// crisis grain keeps the event and retries until the receiver answers 2xx.
/// </summary>
public sealed class CrisisWebhook(HttpClient http, IOptionsMonitor<CrisisWebhookOptions> options)
{
    public const string SignatureHeader = "X-LaoCaiFanpage-Signature";
    public const string EventHeader = "X-LaoCaiFanpage-Event";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    public bool Configured => !string.IsNullOrWhiteSpace(options.CurrentValue.Url);

    /// <summary>Null when the receiver accepted it, else why not.</summary>
    public async Task<string?> Send(string notificationId, string eventName, CrisisView crisis, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        var body = JsonSerializer.SerializeToUtf8Bytes(new { id = notificationId, @event = eventName, sentAt = now, crisis }, Json);
        using var request = new HttpRequestMessage(HttpMethod.Post, settings.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(EventHeader, eventName);
        request.Headers.Add(SignatureHeader, HmacSignature.Compute(settings.Secret ?? string.Empty, body));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(settings.TimeoutSeconds));
        try
        {
            using var response = await http.SendAsync(request, timeout.Token);
            return response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode}";
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or OperationCanceledException)
        {
            return ex.Message;
        }
    }

    /// <summary>Seconds before the next attempt: 5, 10, 20 … at most 10 minutes.</summary>
    public static TimeSpan Backoff(int attempts) => TimeSpan.FromSeconds(Math.Min(600, 5 * Math.Pow(2, Math.Max(0, attempts - 1))));
}
