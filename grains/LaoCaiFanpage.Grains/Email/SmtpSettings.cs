using System.ComponentModel.DataAnnotations;

namespace LaoCaiFanpage.Grains.Email;

/// <summary>An SMTP server the service sends through (the daily report's, the notifications'): one shape for both sections.</summary>
public class SmtpSettings
{
    /// <summary>The SMTP server; no e-mail is sent when it is not set.</summary>
    public string? Host { get; set; }

    [Range(1, 65535)]
    public int Port { get; set; } = 25;

    /// <summary><c>none</c>, <c>starttls</c> or <c>tls</c> (implicit TLS, usually port 465).</summary>
    [RegularExpression("^(none|starttls|tls)$", ErrorMessage = "Security is none, starttls or tls.")]
    public string Security { get; set; } = "starttls";

    public string? Username { get; set; }

    /// <summary>Secret: from the environment, never the repository.</summary>
    public string? Password { get; set; }

    public string From { get; set; } = "fanpage@laocai.gov.vn";

    [Range(1, 300)]
    public int TimeoutSeconds { get; set; } = 30;

    public bool Configured => Host is { Length: > 0 };
}
