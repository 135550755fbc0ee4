using System.ComponentModel.DataAnnotations;

namespace LaoCaiFanpage.Silo.Webhooks;

/// <summary>The durable webhook inbox and its drain (configuration section <c>Webhooks</c>).</summary>
public sealed class WebhookInboxOptions
{
    public const string Section = "Webhooks";

    /// <summary>
    /// Deliveries this silo holds unprocessed before it answers 503 with Retry-After: Meta retries a refused
    /// delivery for up to 36 hours, so a refusal loses nothing while the cases catch up.
    /// </summary>
    [Range(100, 10_000_000, ErrorMessage = "Webhooks:InboxLimit must be between 100 and 10,000,000.")]
    public int InboxLimit { get; set; } = 200_000;

    /// <summary>Deliveries applied to the cases at once.</summary>
    [Range(1, 256, ErrorMessage = "Webhooks:DrainWorkers must be between 1 and 256.")]
    public int DrainWorkers { get; set; } = 32;

    /// <summary>How long a processed delivery's row (its bytes and receipt) is kept.</summary>
    [Range(1, 3650, ErrorMessage = "Webhooks:InboxRetentionDays must be between 1 and 3650.")]
    public int InboxRetentionDays { get; set; } = 30;
}
