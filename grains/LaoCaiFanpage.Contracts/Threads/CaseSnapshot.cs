using LaoCaiFanpage.Contracts.Content;
using LaoCaiFanpage.Contracts.Sla;
using LaoCaiFanpage.Contracts.Workflow;

namespace LaoCaiFanpage.Contracts.Threads;

public static class CaseComplexity
{
    /// <summary>A matter within one unit's own authority: 1 working day (R9.1).</summary>
    public const string Own = "own";

    /// <summary>A complex case involving several units: 3 working days (R9.3).</summary>
    public const string Complex = "complex";

    /// <summary>The refusal code of an assignment whose units do not fit its complexity.</summary>
    public const string RefusalCode = "complexity";

    /// <summary>R9.1/R9.3: an own matter goes to one unit, a complex case to two or more; null when the assignment fits.</summary>
    public static Refusal? Check(int units, string complexity) => complexity switch
    {
        Own when units != 1 => new Refusal(RefusalCode, "Vụ việc thuộc thẩm quyền một đơn vị phải giao đúng một đơn vị / An 'own' case goes to exactly one unit."),
        Complex when units < 2 => new Refusal(RefusalCode, "Vụ việc phức tạp phải giao từ hai đơn vị trở lên / A complex case involves at least two units."),
        Own or Complex => null,
        _ => new Refusal(RefusalCode, $"Mức độ '{complexity}' không hợp lệ / Complexity is 'own' or 'complex'."),
    };
}

[GenerateSerializer, Immutable, Alias("lcf.MessageRevision")]
public sealed record MessageRevision(
    [property: Id(0)] string? Text,
    [property: Id(1)] DateTimeOffset EditedAt,
    [property: Id(2)] DateTimeOffset ReceivedAt);

[GenerateSerializer, Immutable, Alias("lcf.MessageSnapshot")]
public sealed record MessageSnapshot(
    [property: Id(0)] string Id,
    [property: Id(1)] MessageChannel Channel,
    [property: Id(2)] string? ParentId,
    [property: Id(3)] Author Author,
    [property: Id(4)] string? Text,
    [property: Id(5)] string? OriginalText,
    [property: Id(6)] IReadOnlyList<MessageRevision> Edits,
    [property: Id(7)] IReadOnlyList<Attachment> Attachments,
    [property: Id(8)] DateTimeOffset? CreatedAt,
    [property: Id(9)] DateTimeOffset ReceivedAt,
    [property: Id(10)] DateTimeOffset? RemovedAt,
    [property: Id(11)] bool Hidden,
    [property: Id(12)] bool AddReceived,
    [property: Id(13)] string? Source = null);

[GenerateSerializer, Immutable, Alias("lcf.CaseSnapshot")]
public sealed record CaseSnapshot(
    [property: Id(0)] string Id,
    [property: Id(1)] MessageChannel Channel,
    [property: Id(2)] string PageId,
    [property: Id(3)] string? PostId,
    [property: Id(4)] string? Permalink,
    [property: Id(5)] Author? Author,
    [property: Id(6)] string Status,
    [property: Id(7)] DateTimeOffset CreatedAt,
    [property: Id(8)] DateTimeOffset ReceivedAt,
    [property: Id(9)] DateTimeOffset LastActivityAt,
    [property: Id(10)] IReadOnlyList<string> Units,
    [property: Id(11)] IReadOnlyList<MessageSnapshot> Messages,
    [property: Id(12)] string? Complexity,
    [property: Id(13)] IReadOnlyList<SlaClockView> Clocks,
    [property: Id(14)] ReplyWindow? ReplyWindow,
    [property: Id(15)] CaseWorkflowView? Workflow = null,
    [property: Id(16)] IReadOnlyList<ModerationView>? Moderation = null,
    [property: Id(17)] CitizenWait? Wait = null,
    [property: Id(18)] string? Assignee = null);

/// <summary>
/// The units whose officers may read a case: those it is assigned to and those holding one of its clocks (a unit asked
/// to coordinate). The case API and the notifications decide by this one rule.
/// </summary>
public static class CaseReaders
{
    public static IReadOnlyList<string> Units(IEnumerable<string> assigned, IEnumerable<string> clockUnits) =>
        [.. assigned.Concat(clockUnits).Distinct(StringComparer.OrdinalIgnoreCase)];
}

/// <summary>
/// How long the citizen waited: from their words (as Facebook dates them) to the page's published answer, in calendar
/// hours and in office hours of working days.
/// </summary>
[GenerateSerializer, Immutable, Alias("lcf.CitizenWait")]
public sealed record CitizenWait(
    [property: Id(0)] DateTimeOffset From,
    [property: Id(1)] DateTimeOffset PublishedAt,
    [property: Id(2)] double Hours,
    [property: Id(3)] double WorkingHours);
