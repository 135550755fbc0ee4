using System.Globalization;
using System.Text.Json;
using LaoCaiFanpage.Contracts.Accounts;
using LaoCaiFanpage.Contracts.Crisis;
using LaoCaiFanpage.Contracts.Time;
using LaoCaiFanpage.Silo.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LaoCaiFanpage.Silo.Crisis;

/// <summary>
/// Monitoring systems as crisis-signal sources (R8.4d, issue 31). Administrators register, list, rotate and disable
/// them; a source pushes <c>POST /api/crises/sources/{id}/signals</c> signed with its secret, and its signal opens
/// a crisis or joins an active one exactly as a crisis officer's does, naming the source on the timeline.
/// </summary>
public static partial class SignalSourcesApi
{
    public const string SignatureHeader = "X-Signature-256";
    public const string TimestampHeader = "X-Timestamp";

    /// <summary>How far a request's timestamp may be from the service's clock.</summary>
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    public const int MaxBodyBytes = 64 * 1024;

    public static IEndpointRouteBuilder MapSignalSourcesApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/crises/sources").WithTags("Crisis signal sources").DisableAntiforgery();
        group.MapGet("/", List).WithSummary("The registered machine signal sources (monitoring systems)").RequireAuthorization(AccessPolicies.Administer);
        group.MapPost("/", Register).WithSummary("Registers a signal source; answers its secret once").RequireAuthorization(AccessPolicies.Administer);
        group.MapPost("/{id}/secret", Rotate).WithSummary("Rotates a source's secret; answers the new one once").RequireAuthorization(AccessPolicies.Administer);
        group.MapPost("/{id}/disable", Disable).WithSummary("Disables a signal source").RequireAuthorization(AccessPolicies.Administer);
        // The signature is the source's credential, as Meta's is for its webhook.
        group.MapPost("/{id}/signals", Receive).WithSummary("A monitoring system's signed signal (HMAC of timestamp and body)").AllowAnonymous();
        return routes;
    }

    /// <summary>The only time the secret is shown: give it to the source's operators with the address to post to.</summary>
    public sealed record RegisteredSource(long Id, string Name, int? SeverityCap, string Secret, string SignalUrl);

    public sealed record RotatedSecret(long Id, string Secret, DateTimeOffset PreviousSecretValidUntil);

    /// <summary>What a source is told of its signal: the crisis it opened or joined, and the level it was taken at.</summary>
    public sealed record SignalReceipt(string SignalId, string CrisisId, int SeverityApplied, int CrisisSeverity, string CrisisStatus);

    private static async Task<Ok<IReadOnlyList<SignalSourceView>>> List(SignalSourceStore sources, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sources.List(cancellationToken));

    private static async Task<Results<Created<RegisteredSource>, ProblemHttpResult>> Register(HttpContext context, SignalSourceStore sources)
    {
        var body = await CommandBody.Read(context.Request, context.RequestAborted);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var name = body.Name("name");
        if (name is null)
        {
            return Problems.InvalidParameter("name must be a text of 1 to 100 characters naming the system (e.g. \"Hệ thống giám sát MXH — Sở TT&TT\").");
        }

        int? cap = null;
        if (body.Root.TryGetProperty("severityCap", out var c) && c.ValueKind != JsonValueKind.Null)
        {
            if (c.ValueKind != JsonValueKind.Number || !c.TryGetInt32(out var value) || value is < 1 or > 4)
            {
                return Problems.InvalidParameter("severityCap, when given, is a whole number from 1 to 4: the most serious level this source's signals may raise.");
            }

            cap = value;
        }

        if (await sources.Register(name, cap, context.Actor(), context.RequestAborted) is not { } registered)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Tên đã dùng / Name taken",
                detail: $"A signal source named '{Problems.Quote(name)}' exists already.");
        }

        var url = $"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}/api/crises/sources/{registered.Source.Id}/signals";
        return TypedResults.Created($"/api/crises/sources/{registered.Source.Id}",
            new RegisteredSource(registered.Source.Id, name, cap, registered.Secret, url));
    }

    /// <summary><c>{"overlapHours"?}</c> (0 to 168, 24 when not given): how long the replaced secret is still accepted.</summary>
    private static async Task<Results<Ok<RotatedSecret>, ProblemHttpResult>> Rotate(string id, HttpContext context, SignalSourceStore sources)
    {
        var overlap = 24;
        if (context.Request.ContentLength is > 0 || context.Request.HasJsonContentType())
        {
            var body = await CommandBody.Read(context.Request, context.RequestAborted);
            if (body.Problem is not null)
            {
                return body.Problem;
            }

            if (body.Root.TryGetProperty("overlapHours", out var o) && o.ValueKind != JsonValueKind.Null
                && (o.ValueKind != JsonValueKind.Number || !o.TryGetInt32(out overlap) || overlap is < 0 or > 168))
            {
                return Problems.InvalidParameter("overlapHours is a whole number from 0 to 168: how long the replaced secret is still accepted.");
            }
        }

        if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var sourceId)
            || await sources.Rotate(sourceId, TimeSpan.FromHours(overlap), context.Actor(), context.RequestAborted) is not { } rotated)
        {
            return NoSuchSource(id);
        }

        return TypedResults.Ok(new RotatedSecret(sourceId, rotated.Secret, rotated.PreviousValidUntil));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Disable(string id, HttpContext context, SignalSourceStore sources)
    {
        if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var sourceId) || !await sources.Disable(sourceId, context.Actor(), context.RequestAborted))
        {
            return NoSuchSource(id);
        }

        return TypedResults.NoContent();
    }

    /// <summary>
    /// A signed signal. Refused with 401 and nothing stored when the source is unknown or disabled, the signature is
    /// missing or wrong, or the timestamp is more than five minutes off; 400 naming the JSON path when the body is
    /// malformed; 409 when the source sent this id before (the crisis is not touched again).
    /// </summary>
    private static async Task<Results<Created<SignalReceipt>, ProblemHttpResult>> Receive(string id, HttpContext context, SignalSourceStore sources,
        IGrainFactory grains, TimeProvider time, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(SignalSourcesApi));
        var caller = context.Actor("anonymous");
        var body = await RequestBody.ReadLimited(context.Request, MaxBodyBytes, context.RequestAborted);
        if (body is null)
        {
            return Problems.TooLarge("64 KiB");
        }

        var now = time.GetUtcNow();
        var timestamp = context.Request.Headers[TimestampHeader].ToString();
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds > 32503680000
            || (now - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > Tolerance)
        {
            LogRefused(logger, id, "missing or stale timestamp", caller.Ip);
            return Problems.Unauthorized("Tín hiệu không hợp lệ / Signal refused",
                $"{TimestampHeader} must be the sending time in Unix seconds, within {Tolerance.TotalMinutes:0} minutes of the service's clock.");
        }

        var source = long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var sourceId)
            ? await sources.Verify(sourceId, SignalSourceStore.SignedBytes(timestamp, body), context.Request.Headers[SignatureHeader].ToString(), context.RequestAborted)
            : null;
        if (source is null)
        {
            LogRefused(logger, id, "unknown or disabled source, or signature mismatch", caller.Ip);
            return Problems.Unauthorized("Tín hiệu không hợp lệ / Signal refused",
                $"{SignatureHeader} must be sha256= and the hex HMAC-SHA256, keyed by a live source's secret, of the {TimestampHeader} value, a full stop and the body.");
        }

        var (signal, error) = SignalFeedInput.Parse(body, now);
        if (error is not null)
        {
            LogMalformed(logger, source.Id, error.Path, error.Message);
            var problem = Problems.InvalidParameter($"{error.Path}: {error.Message}");
            problem.ProblemDetails.Extensions["path"] = error.Path;
            return problem;
        }

        if (await sources.Claim(source.Id, signal!.Id, body, context.RequestAborted) is { } earlier)
        {
            var duplicate = TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Tín hiệu đã nhận / Signal already received",
                detail: $"This source sent the signal '{signal.Id}' at {earlier.ReceivedAt:O}; a second delivery changes nothing.");
            duplicate.ProblemDetails.Extensions["code"] = "duplicate-signal";
            duplicate.ProblemDetails.Extensions["crisisId"] = earlier.CrisisId;
            return duplicate;
        }

        var applied = source.SeverityCap is { } cap ? Math.Min(signal.Severity, cap) : signal.Severity;
        var evidence = new List<string>
        {
            $"Hệ thống «{source.Name}» phát hiện lúc {signal.DetectedAt.ToVietnam():HH:mm dd/MM/yyyy} (mã tín hiệu {signal.Id})"
                + (applied < signal.Severity ? $"; mức {signal.Severity} theo nguồn, nhận ở mức {applied} (giới hạn của nguồn)" : string.Empty),
        };
        var actor = context.Actor("source:" + source.Name);
        try
        {
            var crisis = await grains.GetGrain<ICrisisRegistryGrain>(0).Raise(
                new CrisisSignal(CrisisSources.Feed, signal.Title, signal.Description, applied, signal.Url, signal.PostIds, signal.Keywords, evidence, now, source.Name),
                actor);
            await sources.Applied(source, signal.Id, crisis.Id, actor,
                new { signal = signal.Id, crisis = crisis.Id, severity = signal.Severity, applied, detectedAt = signal.DetectedAt }, CancellationToken.None);
            return TypedResults.Created("/api/crises/" + crisis.Id, new SignalReceipt(signal.Id, crisis.Id, applied, crisis.Severity, crisis.Status));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await sources.Release(source.Id, signal.Id);
            LogFailed(logger, ex, source.Id, signal.Id);
            context.Response.Headers.RetryAfter = "30";
            return Problems.Unavailable("Chưa nhận được tín hiệu / Signal not taken yet", "The service could not apply the signal now; send it again (same id) in 30 seconds.");
        }
    }

    private static ProblemHttpResult NoSuchSource(string id) =>
        Problems.NotFound("Không có nguồn tín hiệu này / No such signal source", $"No live signal source has the id '{Problems.Quote(id)}'.");

    [LoggerMessage(Level = LogLevel.Warning, Message = "Crisis signal for source {SourceId} refused (from {RemoteIp}): {Reason}")]
    private static partial void LogRefused(ILogger logger, string sourceId, string reason, string? remoteIp);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Crisis signal from source {SourceId} malformed at {Path}: {Reason}")]
    private static partial void LogMalformed(ILogger logger, long sourceId, string path, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Crisis signal {SignalId} from source {SourceId} could not be applied; its id was released for a retry")]
    private static partial void LogFailed(ILogger logger, Exception exception, long sourceId, string signalId);
}
