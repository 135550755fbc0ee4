using LaoCaiFanpage.Contracts.Publishing;
using LaoCaiFanpage.Contracts.Workflow;
using LaoCaiFanpage.Grains.Notifications;

namespace LaoCaiFanpage.Grains.Publishing;

/// <summary>One approved answer in the page's outbox, as stored.</summary>
public sealed class OutboxItem
{
    public PublicationRequest Request { get; set; } = null!;

    public string Status { get; set; } = PublicationStatus.Queued;

    public int Attempts { get; set; }

    public DateTimeOffset QueuedAt { get; set; }

    /// <summary>When the current send began: recorded durably before the call, so a crash leaves a trace.</summary>
    public DateTimeOffset? SendingSince { get; set; }

    public DateTimeOffset? NextAttemptAt { get; set; }

    public string? LastError { get; set; }

    public string? GraphId { get; set; }

    public string? MessagingType { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>True once the case has recorded the outcome.</summary>
    public bool CaseNotified { get; set; }

    public OutboxItemView ToView() => new(Request.Id, Request.CaseId, Request.Kind, Status, Attempts, QueuedAt, NextAttemptAt, LastError);
}

public sealed class PagePublisherState : INoticeSource
{
    public List<OutboxItem> Items { get; set; } = [];

    public string? HaltReason { get; set; }

    public DateTimeOffset? HaltedAt { get; set; }

    /// <summary>Meta asked the whole page to back off until then.</summary>
    public DateTimeOffset? BlockedUntil { get; set; }

    /// <summary>Who must be told of the halt this state was last written for (copied by 0010-notifications.sql's trigger).</summary>
    public List<PendingNotice> PendingNotices { get; set; } = [];

    public long NoticeSeq { get; set; }
}
