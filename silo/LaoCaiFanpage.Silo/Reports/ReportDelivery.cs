using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.Json;
using LaoCaiFanpage.Grains.Crisis;
using LaoCaiFanpage.Grains.Reports;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace LaoCaiFanpage.Silo.Reports;

/// <summary>Configuration section <c>Reports:Email</c>: the SMTP server and who receives the daily report.</summary>
public sealed class ReportEmailOptions
{
    public const string Section = "Reports:Email";

    /// <summary>The SMTP server; no e-mail is sent when it is not set.</summary>
    public string? Host { get; set; }

    [Range(1, 65535)]
    public int Port { get; set; } = 25;

    /// <summary><c>none</c>, <c>starttls</c> or <c>tls</c> (implicit TLS, usually port 465).</summary>
    [RegularExpression("^(none|starttls|tls)$", ErrorMessage = "Reports:Email:Security is none, starttls or tls.")]
    public string Security { get; set; } = "starttls";

    public string? Username { get; set; }

    /// <summary>Secret: from the environment, never the repository.</summary>
    public string? Password { get; set; }

    public string From { get; set; } = "fanpage@laocai.gov.vn";

    public string[] To { get; set; } = [];

    [Range(1, 300)]
    public int TimeoutSeconds { get; set; } = 30;
}

/// <summary>Configuration section <c>Reports:Webhook</c>: an outbound receiver of reports, signed like the crisis events.</summary>
public sealed class ReportWebhookOptions
{
    public const string Section = "Reports:Webhook";

    public string? Url { get; set; }

    public string? Secret { get; set; }
}

/// <summary>
/// Delivers a daily report by e-mail (the printable HTML as the body, the XLSX and CSV attached) and by a signed
/// webhook (the report as JSON, HMAC-SHA256 of the exact body in <c>X-LaoCaiFanpage-Signature</c>).
/// </summary>
public sealed class ReportDelivery(HttpClient http, IOptionsMonitor<ReportEmailOptions> email, IOptionsMonitor<ReportWebhookOptions> webhook) : IReportDelivery
{
    public const string Email = "email";
    public const string Webhook = "webhook";

    public IReadOnlyList<string> Channels =>
        [.. new[] { (Email, email.CurrentValue.Host is { Length: > 0 } && email.CurrentValue.To.Length > 0), (Webhook, webhook.CurrentValue.Url is { Length: > 0 }) }
            .Where(c => c.Item2).Select(c => c.Item1)];

    public Task<string?> Deliver(string channel, ActivityReport report, int version, CancellationToken cancellationToken) => channel switch
    {
        Email => SendEmail(report, version, cancellationToken),
        Webhook => PostWebhook(report, version, cancellationToken),
        _ => Task.FromResult<string?>("unknown channel " + channel),
    };

    private async Task<string?> SendEmail(ActivityReport report, int version, CancellationToken cancellationToken)
    {
        var settings = email.CurrentValue;
        var date = report.From.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
        var file = "bao-cao-fanpage-" + report.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(settings.From));
        foreach (var to in settings.To)
        {
            message.To.Add(MailboxAddress.Parse(to));
        }

        message.Subject = $"Báo cáo hoạt động Trang Facebook UBND tỉnh ngày {date}" + (version > 1 ? $" (bản {version})" : string.Empty);
        var body = new BodyBuilder
        {
            HtmlBody = ReportHtml.Render(report),
            TextBody = $"Báo cáo ngày {date}: tiếp nhận {report.Messages.Total}, vụ việc mới {report.Cases.Opened}, đã trả lời {report.Cases.Answered}, " +
                $"quá hạn {report.Cases.OverdueAtEnd}. Bản đầy đủ trong tệp đính kèm.",
        };
        body.Attachments.Add(file + ".xlsx", ReportFiles.Xlsx(report), ContentType.Parse(ReportFiles.XlsxType));
        body.Attachments.Add(file + ".csv", ReportFiles.Csv(report), ContentType.Parse(ReportFiles.CsvType));
        message.Body = body.ToMessageBody();

        try
        {
            using var smtp = new SmtpClient { Timeout = settings.TimeoutSeconds * 1000 };
            var security = settings.Security switch { "none" => SecureSocketOptions.None, "tls" => SecureSocketOptions.SslOnConnect, _ => SecureSocketOptions.StartTls };
            await smtp.ConnectAsync(settings.Host!, settings.Port, security, cancellationToken);
            if (settings.Username is { Length: > 0 })
            {
                await smtp.AuthenticateAsync(settings.Username, settings.Password ?? string.Empty, cancellationToken);
            }

            await smtp.SendAsync(message, cancellationToken);
            await smtp.DisconnectAsync(true, cancellationToken);
            return null;
        }
        catch (Exception ex) when (ex is System.Net.Sockets.SocketException or IOException or MailKit.ProtocolException or MailKit.Net.Smtp.SmtpCommandException
            or MailKit.Security.AuthenticationException or SslHandshakeException or OperationCanceledException or TimeoutException)
        {
            return ex.Message;
        }
    }

    private async Task<string?> PostWebhook(ActivityReport report, int version, CancellationToken cancellationToken)
    {
        var settings = webhook.CurrentValue;
        var body = JsonSerializer.SerializeToUtf8Bytes(new { @event = "report.daily", date = report.From, version, report }, ReportStore.Json);
        using var request = new HttpRequestMessage(HttpMethod.Post, settings.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(CrisisWebhook.EventHeader, "report.daily");
        request.Headers.Add(CrisisWebhook.SignatureHeader, "sha256=" + CrisisWebhook.Sign(settings.Secret ?? string.Empty, body));
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(30));
            using var response = await http.SendAsync(request, timeout.Token);
            return response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode}";
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            return ex.Message;
        }
    }
}
