using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using LaoCaiFanpage.Contracts.Security;
using LaoCaiFanpage.Grains.Crisis;
using LaoCaiFanpage.Grains.Email;
using LaoCaiFanpage.Grains.Reports;
using LaoCaiFanpage.Grains.Settings;
using Microsoft.Extensions.Options;
using MimeKit;

namespace LaoCaiFanpage.Silo.Reports;

/// <summary>Configuration section <c>Reports:Email</c>: the SMTP server and who receives the daily report.</summary>
public sealed class ReportEmailOptions : SmtpSettings
{
    public const string Section = "Reports:Email";

    public string[] To { get; set; } = [];
}

/// <summary>Configuration section <c>Reports:Webhook</c>: an outbound receiver of reports, signed like the crisis events.</summary>
public sealed class ReportWebhookOptions : IValidatableObject
{
    public const string Section = "Reports:Webhook";

    public string? Url { get; set; }

    /// <summary>The shared secret the body is signed with: required with the URL, at least 32 characters.</summary>
    public string? Secret { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        SecretSettings.OutboundSecret(Section, Url, Secret);
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

        return (await SmtpMailer.Send(settings, message, cancellationToken)).Error;
    }

    private async Task<string?> PostWebhook(ActivityReport report, int version, CancellationToken cancellationToken)
    {
        var settings = webhook.CurrentValue;
        var body = JsonSerializer.SerializeToUtf8Bytes(new { @event = "report.daily", date = report.From, version, report }, ReportStore.Json);
        using var request = new HttpRequestMessage(HttpMethod.Post, settings.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(CrisisWebhook.EventHeader, "report.daily");
        request.Headers.Add(CrisisWebhook.SignatureHeader, HmacSignature.Compute(settings.Secret!, body));
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
