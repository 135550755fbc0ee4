using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using LaoCaiFanpage.Contracts.Accounts;

namespace LaoCaiFanpage.Grains.Audit;

/// <summary>
/// One audit row as a grain stores it in its own state (property names are the trigger's contract in
/// 0005-audit-log.sql: seq, at, actor, ip, userAgent, action, target, details).
/// </summary>
public sealed record PendingAuditEntry(long Seq, long At, string Actor, string? Ip, string? UserAgent, string Action, string Target, string? Details)
{
    public static PendingAuditEntry Create(long seq, DateTimeOffset at, Actor actor, string action, string target, object? details) =>
        new(seq, at.ToUnixTimeMilliseconds(), actor.Name, actor.Ip, actor.UserAgent, action, target,
            details is null ? null : JsonSerializer.Serialize(details, AuditJson.Options));
}

/// <summary>How the details of an audit row are written: compact JSON, Vietnamese letters as they are.</summary>
public static class AuditJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
