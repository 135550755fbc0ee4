using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using LaoCaiFanpage.Contracts.Security;
using LaoCaiFanpage.Grains.Fanpages;
using LaoCaiFanpage.Silo.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace LaoCaiFanpage.Silo.Webhooks;

/// <summary>
/// Meta Page webhooks: the verification handshake and signed deliveries. A delivery is answered 200 once it is
/// committed to the durable inbox (<see cref="WebhookIntake"/>); the inbox drain applies it to the cases right
/// after, and its receipt says what became of it (<see cref="WebhookInboxApi"/>).
/// </summary>
public static partial class WebhookApi
{
    public const int MaxBodyBytes = 1024 * 1024;

    /// <summary>Seconds Meta is asked to wait before retrying a delivery the inbox could not take.</summary>
    public const int RetryAfterSeconds = 60;

    public static IEndpointRouteBuilder MapWebhookApi(this IEndpointRouteBuilder routes)
    {
        // Meta cannot sign in: the verify token and every delivery's signature are the webhook's authentication.
        var group = routes.MapGroup("/webhooks/facebook").WithTags("Webhooks").AllowAnonymous();
        group.MapGet("/", Verify).WithSummary("Meta's subscription check (hub.challenge)");
        group.MapPost("/", Receive).WithSummary("Meta's signed webhook delivery: stored in the inbox, then acknowledged").DisableAntiforgery();
        return routes;
    }

    /// <summary>
    /// The answer to a delivery: its receipt in the inbox, the changes it carried, those it ignored by design, and the
    /// parts kept in quarantine. Meta reads only the status: a signed JSON delivery is always a 200.
    /// </summary>
    public sealed record DeliveryAccepted(long Receipt, int Changes, int Ignored, int Quarantined);

    private static Results<ContentHttpResult, ProblemHttpResult> Verify(
        HttpRequest request, IOptions<FacebookOptions> facebook, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(WebhookApi));
        var mode = request.Query["hub.mode"].ToString();
        var token = request.Query["hub.verify_token"].ToString();
        var challenge = request.Query["hub.challenge"].ToString();
        if (mode != "subscribe" || challenge.Length is 0 or > 64 || !challenge.All(char.IsAsciiDigit))
        {
            LogBadHandshake(logger, mode);
            return Problems.BadRequest("Yêu cầu xác minh không hợp lệ / Invalid verification request",
                "hub.mode must be 'subscribe' and hub.challenge an integer.");
        }

        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(token), Encoding.UTF8.GetBytes(facebook.Value.VerifyToken)))
        {
            LogWrongVerifyToken(logger, request.HttpContext.Connection.RemoteIpAddress?.ToString());
            return Problems.Forbidden("Mã xác minh không đúng / Verify token mismatch",
                "hub.verify_token does not match Facebook:VerifyToken.");
        }

        return TypedResults.Text(challenge, "text/plain");
    }

    private static async Task<Results<Ok<DeliveryAccepted>, ProblemHttpResult>> Receive(
        HttpRequest request,
        IOptions<FacebookOptions> facebook,
        IOptions<FanpageOptions> fanpage,
        WebhookIntake intake,
        TimeProvider time,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger(typeof(WebhookApi));
        var remote = request.HttpContext.Connection.RemoteIpAddress?.ToString();
        if (request.ContentLength > MaxBodyBytes)
        {
            LogTooLarge(logger, request.ContentLength, remote);
            return Problems.TooLarge();
        }

        var body = await RequestBody.ReadLimited(request, MaxBodyBytes, cancellationToken);
        if (body is null)
        {
            LogTooLarge(logger, null, remote);
            return Problems.TooLarge();
        }

        var signature = request.Headers[WebhookSignature.HeaderName];
        var signedWithPrevious = false;
        if (!HmacSignature.IsValid(facebook.Value.AppSecret, body, signature)
            && !(signedWithPrevious = facebook.Value.PreviousAppSecret is { Length: > 0 } previous && HmacSignature.IsValid(previous, body, signature)))
        {
            LogBadSignature(logger, remote, body.Length);
            return Problems.Unauthorized("Chữ ký không hợp lệ / Invalid signature",
                $"{WebhookSignature.HeaderName} is missing or does not match the body.");
        }

        if (signedWithPrevious)
        {
            LogPreviousSecret(logger, remote);
        }

        var receivedAt = time.GetUtcNow();
        ParsedDelivery delivery;
        try
        {
            delivery = MetaWebhookParser.Parse(body, fanpage.Value.PageId, receivedAt);
        }
        catch (WebhookFormatException ex)
        {
            LogMalformed(logger, ex.Message, remote);
            return Problems.BadRequest("Dữ liệu webhook không hợp lệ / Malformed webhook delivery", ex.Message);
        }

        foreach (var skipped in delivery.Ignored)
        {
            LogIgnored(logger, skipped);
        }

        // Acknowledged all the same: the parts are kept in quarantine with the delivery's bytes (GET /api/webhooks/quarantine).
        foreach (var part in delivery.Quarantined)
        {
            LogQuarantined(logger, part.Path, part.Reason, remote);
        }

        // Not taken, so not acknowledged: Meta retries the delivery, told when.
        ProblemHttpResult RetryLater(string title, string detail)
        {
            request.HttpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            return Problems.Unavailable(title, detail);
        }

        if (intake.IsFull)
        {
            LogInboxFull(logger, remote);
            return RetryLater("Hàng đợi webhook đang đầy / Webhook inbox full",
                $"This silo holds as many unprocessed deliveries as Webhooks:InboxLimit allows; retry after {RetryAfterSeconds} s.");
        }

        long receipt;
        try
        {
            receipt = await intake.Accept(body, delivery, receivedAt, remote);
        }
        catch (DbException ex)
        {
            LogNotStored(logger, ex, remote);
            return RetryLater("Chưa lưu được dữ liệu webhook / Delivery not stored", "The inbox could not be written; retry later.");
        }

        LogAccepted(logger, receipt, delivery.Events.Count, delivery.Ignored.Count);
        return TypedResults.Ok(new DeliveryAccepted(receipt, delivery.Events.Count, delivery.Ignored.Count, delivery.Quarantined.Count));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook delivery part {Path} kept in quarantine (from {RemoteIp}): {Reason}")]
    private static partial void LogQuarantined(ILogger logger, string path, string reason, string? remoteIp);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook verification refused: hub.mode '{Mode}' or hub.challenge invalid")]
    private static partial void LogBadHandshake(ILogger logger, string mode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook verification refused: wrong verify token from {RemoteIp}")]
    private static partial void LogWrongVerifyToken(ILogger logger, string? remoteIp);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook delivery refused: body larger than 1 MiB (Content-Length {Length}) from {RemoteIp}")]
    private static partial void LogTooLarge(ILogger logger, long? length, string? remoteIp);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook delivery refused: bad or missing signature from {RemoteIp} ({Bytes} bytes)")]
    private static partial void LogBadSignature(ILogger logger, string? remoteIp, int bytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook delivery from {RemoteIp} signed with Facebook:PreviousAppSecret: Meta still uses the old secret (remove the setting once it no longer does)")]
    private static partial void LogPreviousSecret(ILogger logger, string? remoteIp);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook delivery refused as malformed: {Reason} (from {RemoteIp})")]
    private static partial void LogMalformed(ILogger logger, string reason, string? remoteIp);

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook content ignored: {What}")]
    private static partial void LogIgnored(ILogger logger, string what);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Webhook delivery {Receipt} taken into the inbox: {Changes} changes, {Ignored} ignored")]
    private static partial void LogAccepted(ILogger logger, long receipt, int changes, int ignored);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook delivery from {RemoteIp} refused with 503: the inbox holds Webhooks:InboxLimit unprocessed deliveries")]
    private static partial void LogInboxFull(ILogger logger, string? remoteIp);

    [LoggerMessage(Level = LogLevel.Error, Message = "Webhook delivery from {RemoteIp} refused with 503: the inbox could not be written")]
    private static partial void LogNotStored(ILogger logger, Exception exception, string? remoteIp);
}
