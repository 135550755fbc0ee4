using System.Net;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using LaoCaiFanpage.Grains.Email;
using Lib.Net.Http.WebPush;
using Lib.Net.Http.WebPush.Authentication;
using Microsoft.Extensions.Options;
using MimeKit;

namespace LaoCaiFanpage.Silo.Notifications;

/// <summary>What became of one attempt: sent (no error); worth another try; or never (a bad address, a subscription gone).</summary>
public sealed record SendOutcome(string? Error, bool Permanent = false, bool SubscriptionGone = false)
{
    public static SendOutcome Sent { get; } = new((string?)null);
}

/// <summary>Sends one delivery: an e-mail through the configured SMTP server, or a Web Push message (VAPID, RFC 8291 encryption).</summary>
public sealed class NotificationSender(HttpClient http, IOptionsMonitor<NotificationEmailOptions> email, IOptionsMonitor<WebPushOptions> push, NotificationLinks links)
{
    private static readonly JsonSerializerOptions PushJson = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    public bool EmailConfigured => email.CurrentValue.Configured;

    public bool PushConfigured => push.CurrentValue.Configured;

    public Task<SendOutcome> Send(DueDelivery delivery, CancellationToken cancellationToken) => delivery.Channel switch
    {
        NotificationChannels.Email => SendEmail(delivery, cancellationToken),
        NotificationChannels.Push => SendPush(delivery, cancellationToken),
        _ => Task.FromResult(new SendOutcome("unknown channel " + delivery.Channel, Permanent: true)),
    };

    private async Task<SendOutcome> SendEmail(DueDelivery delivery, CancellationToken cancellationToken)
    {
        var settings = email.CurrentValue;
        if (!settings.Configured)
        {
            return new SendOutcome("Notifications:Email:Host is not set");
        }

        var url = links.Absolute(delivery.Link);
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("Fanpage UBND tỉnh Lào Cai", settings.From));
        message.To.Add(new MailboxAddress(delivery.DisplayName ?? delivery.Username, delivery.Target));
        message.Subject = (delivery.Urgent ? "[KHẨN] " : string.Empty) + delivery.Title;

        // Replies go nowhere useful: say so, and give the page to act on.
        message.Headers.Add("Auto-Submitted", "auto-generated");
        var greeting = $"Kính gửi {delivery.DisplayName ?? delivery.Username},";
        var footer = "Thư này do hệ thống giám sát Trang Facebook UBND tỉnh Lào Cai gửi tự động; vui lòng không trả lời thư. " +
            "Chọn loại thông báo nhận qua thư tại trang cá nhân của anh/chị.";
        static string Html(string text) => WebUtility.HtmlEncode(text);
        var body = new BodyBuilder
        {
            TextBody = $"{greeting}\n\n{delivery.Title}\n{delivery.Body}\n\nMở: {url}\n\n-- \n{footer}\n",
            HtmlBody = $"<p>{Html(greeting)}</p><p><strong>{Html(delivery.Title)}</strong></p><p>{Html(delivery.Body).Replace("\n", "<br>", StringComparison.Ordinal)}</p>" +
                $"<p><a href=\"{Html(url)}\">Mở trang xử lý</a></p><hr><p style=\"color:#666;font-size:smaller\">{Html(footer)}</p>",
        };
        message.Body = body.ToMessageBody();
        var outcome = await SmtpMailer.Send(settings, message, cancellationToken);
        return outcome.Error is null ? SendOutcome.Sent : new SendOutcome(outcome.Error, outcome.Permanent);
    }

    private async Task<SendOutcome> SendPush(DueDelivery delivery, CancellationToken cancellationToken)
    {
        var settings = push.CurrentValue;
        if (!settings.Configured)
        {
            return new SendOutcome("Notifications:Push keys are not set");
        }

        if (delivery.Subscription is not { } target)
        {
            return new SendOutcome("the browser's subscription was removed", Permanent: true);
        }

        var subscription = new PushSubscription { Endpoint = target.Endpoint };
        subscription.SetKey(PushEncryptionKeyName.P256DH, target.P256dh);
        subscription.SetKey(PushEncryptionKeyName.Auth, target.Auth);

        // What the service worker shows: the title, a short body and the page to open (the browser decrypts it).
        var payload = JsonSerializer.Serialize(new
        {
            title = delivery.Title,
            body = delivery.Body.Length > 300 ? delivery.Body[..300] + "…" : delivery.Body,
            url = links.Absolute(delivery.Link),
            tag = delivery.Kind + ":" + delivery.Subject,
            urgent = delivery.Urgent,
            id = delivery.NotificationId,
        }, PushJson);
        var message = new PushMessage(payload)
        {
            Urgency = delivery.Urgent ? PushMessageUrgency.High : PushMessageUrgency.Normal,
            TimeToLive = delivery.Urgent ? 3600 : 86400,
        };
        using var vapid = new VapidAuthentication(settings.PublicKey, settings.PrivateKey) { Subject = settings.Subject };
        var client = new PushServiceClient(http) { AutoRetryAfter = false };
        try
        {
            await client.RequestPushMessageDeliveryAsync(subscription, message, vapid, VapidAuthenticationScheme.Vapid, cancellationToken);
            return SendOutcome.Sent;
        }
        catch (PushServiceClientException ex) when (ex.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone)
        {
            // RFC 8030: the subscription expired or the user revoked it.
            return new SendOutcome($"HTTP {(int)ex.StatusCode}: the subscription is gone", Permanent: true, SubscriptionGone: true);
        }
        catch (PushServiceClientException ex)
        {
            var status = (int)ex.StatusCode;
            return new SendOutcome($"HTTP {status}: {ex.Message}", Permanent: status is 400 or 401 or 403 or 413);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
        {
            return new SendOutcome(ex.Message);
        }
    }
}
