using System.ComponentModel.DataAnnotations;

namespace LaoCaiFanpage.Grains.Publishing;

/// <summary>How the service reaches Meta's Graph API (configuration section <c>Facebook</c>, beside the webhook settings).</summary>
public sealed class GraphApiOptions
{
    public const string Section = "Facebook";

    [Required]
    [Url(ErrorMessage = "Facebook:GraphBaseUrl must be an absolute URL.")]
    public string GraphBaseUrl { get; set; } = "https://graph.facebook.com";

    [RegularExpression(@"^v\d+\.\d+$", ErrorMessage = "Facebook:GraphApiVersion looks like v24.0.")]
    public string GraphApiVersion { get; set; } = "v24.0";

    /// <summary>The page access token (secret; from configuration or the environment, never the repository).</summary>
    public string? PageAccessToken { get; set; }

    [Range(1, 120)]
    public int RequestTimeoutSeconds { get; set; } = 30;
}

/// <summary>The outbox's retry policy (configuration section <c>Publishing</c>).</summary>
public sealed class PublishingOptions
{
    public const string Section = "Publishing";

    /// <summary>The first retry when Meta throttles without saying for how long (at most 30 s, as the issue requires).</summary>
    [Range(1, 30)]
    public int FirstRetrySeconds { get; set; } = 10;

    /// <summary>Retries double up to this interval.</summary>
    [Range(1, 1440)]
    public int MaxRetryMinutes { get; set; } = 15;

    /// <summary>How far back a reply found on Facebook may be dated to count as our interrupted send.</summary>
    [Range(1, 1440)]
    public int ReconcileWindowMinutes { get; set; } = 60;

    public TimeSpan Backoff(int attempts)
    {
        var seconds = FirstRetrySeconds * Math.Pow(2, Math.Max(0, attempts - 1));
        return TimeSpan.FromSeconds(Math.Min(seconds, MaxRetryMinutes * 60.0));
    }
}
