using System.Text.Json;
using LaoCaiFanpage.Contracts.Accounts;

namespace LaoCaiFanpage.Grains.Audit;

/// <summary>One processing step or sign-in event, as the service appends it.</summary>
public sealed record AuditRecord(DateTimeOffset At, string Actor, string? Ip, string? UserAgent, string Action, string? Target, string? Details)
{
    /// <summary>What <paramref name="actor"/> did at <paramref name="now"/>, its details as JSON.</summary>
    public static AuditRecord Of(Actor actor, DateTimeOffset now, string action, string target, object details) =>
        new(now, actor.Name, actor.Ip, actor.UserAgent, action, target, JsonSerializer.Serialize(details, AuditJson.Options));
}

/// <summary>One stored row of the log, with its place in the chain (null until sealed).</summary>
public sealed record AuditRow(
    long Id,
    DateTimeOffset At,
    string Actor,
    string? Ip,
    string? UserAgent,
    string Action,
    string? Target,
    string? Details,
    long? ChainSeq,
    string? Hash);

public sealed record AuditVerification(bool Valid, long? FirstBrokenId, long Checked, long Pending, string? Reason);

public sealed record AuditQuery(DateTimeOffset? From, DateTimeOffset? To, string? Actor, string? Action, string? Target, int Page, int PageSize);

public sealed record AuditPage(IReadOnlyList<AuditRow> Items, int Page, int PageSize, long Total);
