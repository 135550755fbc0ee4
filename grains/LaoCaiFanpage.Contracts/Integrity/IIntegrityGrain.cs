using LaoCaiFanpage.Contracts.Accounts;
using LaoCaiFanpage.Contracts.Threads;

namespace LaoCaiFanpage.Contracts.Integrity;

/// <summary>What the page showed that did not pass the approval chain as it stands (Art. 8.1).</summary>
public static class IntegrityKinds
{
    /// <summary>A reply, message or post the page made that nobody approved.</summary>
    public const string UnapprovedPublication = "unapproved-publication";

    /// <summary>An approved item whose text on Facebook was changed afterwards.</summary>
    public const string EditedAfterApproval = "edited-after-approval";

    /// <summary>An approved item removed from Facebook other than through the chain.</summary>
    public const string RemovedAfterApproval = "removed-after-approval";

    public static IReadOnlyList<string> All { get; } = [UnapprovedPublication, EditedAfterApproval, RemovedAfterApproval];

    public static string Vietnamese(string kind) => kind switch
    {
        UnapprovedPublication => "Đăng khi chưa được duyệt",
        EditedAfterApproval => "Bị sửa sau khi đã duyệt",
        RemovedAfterApproval => "Bị gỡ sau khi đã duyệt",
        _ => kind,
    };
}

public static class IntegrityStatuses
{
    public const string Open = "open";

    /// <summary>The Chief of Office looked at it and said why (e.g. "đăng khẩn theo chỉ đạo").</summary>
    public const string Acknowledged = "acknowledged";

    public static IReadOnlyList<string> All { get; } = [Open, Acknowledged];
}

/// <summary>Something the page itself did on Facebook, as a webhook or the reconciliation brought it back.</summary>
[GenerateSerializer, Immutable, Alias("lcf.PageAction")]
public sealed record PageAction(
    [property: Id(0)] string MessageId,
    [property: Id(1)] string CaseId,
    [property: Id(2)] MessageChannel Channel,
    [property: Id(3)] ThreadEventKind Change,
    [property: Id(4)] string? Text,
    [property: Id(5)] string? ParentId,
    [property: Id(6)] string? Permalink,
    [property: Id(7)] DateTimeOffset At);

[GenerateSerializer, Immutable, Alias("lcf.IntegrityFinding")]
public sealed record IntegrityFinding(
    [property: Id(0)] string Id,
    [property: Id(1)] string Kind,
    [property: Id(2)] string MessageId,
    [property: Id(3)] string CaseId,
    [property: Id(4)] MessageChannel Channel,
    [property: Id(5)] string? Text,
    [property: Id(6)] string? Permalink,
    [property: Id(7)] DateTimeOffset SeenAt,
    [property: Id(8)] string Status,
    [property: Id(9)] string? ApprovedRequestId,
    [property: Id(10)] string? AcknowledgedBy,
    [property: Id(11)] DateTimeOffset? AcknowledgedAt,
    [property: Id(12)] string? Note)
{
    public string KindLabel => IntegrityKinds.Vietnamese(Kind);
}

/// <summary>The finding after a command, or why it was refused (a <see cref="Refusal"/>).</summary>
[GenerateSerializer, Immutable, Alias("lcf.IntegrityCommandResult")]
public sealed record IntegrityCommandResult(
    [property: Id(0)] IntegrityFinding? Finding,
    [property: Id(1)] Refusal? Refusal);

/// <summary>
/// The page's integrity (key: Facebook page id): everything the page posts, replies, edits and removes is compared
/// with what passed the approval chain; what did not is a finding the Chief of Office and the Editorial Board head
/// are told of, until the Chief acknowledges it.
/// </summary>
public interface IIntegrityGrain : IGrainWithStringKey
{
    Task Observe(IReadOnlyList<PageAction> actions);

    Task<IntegrityCommandResult> Acknowledge(string findingId, string note, Actor actor);

    [Orleans.Concurrency.ReadOnly]
    Task<IReadOnlyList<IntegrityFinding>> List(string? status);
}
