using LaoCaiFanpage.Contracts.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using LaoCaiFanpage.Grains.Fanpages;
using LaoCaiFanpage.Silo.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace LaoCaiFanpage.Silo.Webhooks;

/// <summary>Meta Page webhooks: the verification handshake and signed deliveries.</summary>
public static partial class WebhookApi
{
    public const int MaxBodyBytes = 1024 * 1024;

    public static IEndpointRouteBuilder MapWebhookApi(this IEndpointRouteBuilder routes)
    {
        // Meta cannot sign in: the verify token and every delivery's signature are the webhook's authentication.
        var group = routes.MapGroup("/webhooks/facebook").WithTags("Webhooks").AllowAnonymous();
        group.MapGet("/", Verify);
        group.MapPost("/", Receive).DisableAntiforgery();
        return routes;
    }

    public sealed record DeliveryResponse(int Changes, int Stored, int Duplicates, int Ignored);

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

    private static async Task<Results<Ok<DeliveryResponse>, ProblemHttpResult>> Receive(
        HttpRequest request,
        IOptions<FacebookOptions> facebook,
        IOptions<FanpageOptions> fanpage,
        WebhookRouter router,
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
        if (!WebhookSignature.IsValid(facebook.Value.AppSecret, body, signature)
            && !(signedWithPrevious = facebook.Value.PreviousAppSecret is { Length: > 0 } previous && WebhookSignature.IsValid(previous, body, signature)))
        {
            LogBadSignature(logger, remote, body.Length);
            return Problems.Unauthorized("Chữ ký không hợp lệ / Invalid signature",
                $"{WebhookSignature.HeaderName} is missing or does not match the body.");
        }

        if (signedWithPrevious)
        {
            LogPreviousSecret(logger, remote);
        }

        ParsedDelivery delivery;
        try
        {
            delivery = MetaWebhookParser.Parse(body, fanpage.Value.PageId, time.GetUtcNow());
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

        DeliveryOutcome outcome;
        using (var activity = FanpageTelemetry.Tracing.StartActivity("webhook.deliver"))
        {
            // The span the grain calls (Orleans' activity propagation) and the push hang under.
            activity?.SetTag("lcf.changes", delivery.Events.Count);
            outcome = await router.Deliver(delivery.Events, cancellationToken);
        }

        FanpageTelemetry.RecordDeliveries(outcome.Applied, outcome.Duplicates, delivery.Ignored.Count);
        LogDelivered(logger, outcome.Changes, outcome.Applied, outcome.Duplicates, outcome.Threads);
        return TypedResults.Ok(new DeliveryResponse(outcome.Changes, outcome.Applied, outcome.Duplicates, delivery.Ignored.Count));
    }

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

    [LoggerMessage(Level = LogLevel.Debug, Message = "Webhook delivery stored: {Changes} changes, {Applied} new, {Duplicates} duplicates, {Threads} threads")]
    private static partial void LogDelivered(ILogger logger, int changes, int applied, int duplicates, int threads);
}
