namespace LaoCaiFanpage.Silo.Webhooks;

/// <summary>Meta's <c>X-Hub-Signature-256</c>: the body's HMAC-SHA256 keyed by the app secret (<see cref="LaoCaiFanpage.Contracts.Security.HmacSignature"/>).</summary>
public static class WebhookSignature
{
    public const string HeaderName = "X-Hub-Signature-256";
}
