using LaoCaiFanpage.Contracts.Accounts;
using LaoCaiFanpage.Contracts.Content;
using LaoCaiFanpage.Contracts.Fanpages;
using LaoCaiFanpage.Contracts.Publishing;
using LaoCaiFanpage.Contracts.Sla;
using LaoCaiFanpage.Contracts.Threads;
using LaoCaiFanpage.Contracts.Workflow;
using LaoCaiFanpage.Grains.Audit;
using LaoCaiFanpage.Grains.Content;
using LaoCaiFanpage.Grains.Workflow;
using Microsoft.Extensions.Logging;

namespace LaoCaiFanpage.Grains.Threads;

/// <summary>
/// The technical filter of Article 8.4(c) on what citizens write: every new or edited message is screened;
/// a high-confidence hit is hidden on Facebook through the page's outbox, a medium one waits for the Editorial
/// Board. Officers hide, keep or unhide; every step is a history line with its audit row. Nothing is deleted:
/// the message stays stored as written.
/// </summary>
public sealed partial class CommentThreadGrain
{
    private const int MaxExcerpts = 5;

    public async Task<CaseCommandResult> Moderate(string messageId, string decision, string? note, Actor actor)
    {
        var state = thread.State;
        if (!state.IsCase)
        {
            return NoCase();
        }

        if (!WorkflowPermissions.CanModerate(actor))
        {
            return Forbid("Chỉ Ban biên tập quyết định ẩn hoặc giữ bình luận / Only the Editorial Board moderates comments.");
        }

        if (!state.Messages.TryGetValue(messageId, out var message) || message.IsPage)
        {
            return Refuse("no-message", $"Vụ việc không có tin nhắn {messageId} của người dân / The case has no citizen message {messageId}.");
        }

        var index = state.Moderation.FindIndex(m => m.MessageId == messageId);
        var entry = index >= 0 ? state.Moderation[index] : null;
        var now = time.GetUtcNow();
        ModerationView updated;
        string action;
        string summary;
        switch (decision)
        {
            case ModerationDecisions.Hide:
                if (message.Channel == MessageChannel.Messenger)
                {
                    return Refuse("cannot-hide", "Facebook không cho ẩn tin nhắn Messenger; hãy giữ nguyên hoặc xử lý bằng kênh khác / Messenger messages cannot be hidden.");
                }

                if (entry?.Status is ModerationStatuses.Hidden or ModerationStatuses.HideQueued or ModerationStatuses.UnhideQueued)
                {
                    return Refuse("invalid-transition", $"Bình luận đang ở trạng thái: {ModerationStatuses.Vietnamese(entry.Status)} / The comment is already hidden or changing.");
                }

                updated = (entry ?? NewEntry(messageId, FilterConfidence.High, [], now)) with
                {
                    Status = ModerationStatuses.HideQueued,
                    PublicationId = NextModerationId("hide", messageId),
                    HandedOver = false,
                    Error = null,
                };
                (action, summary) = ("content.hide-requested", "Ẩn bình luận trên Facebook");
                break;

            case ModerationDecisions.Keep:
                if (entry is null || !ModerationStatuses.NeedsReview(entry.Status))
                {
                    return Refuse("invalid-transition", "Chỉ giữ nguyên bình luận đang chờ xem xét / Only a comment waiting for review is kept.");
                }

                updated = entry with { Status = ModerationStatuses.Kept, Error = null };
                (action, summary) = ("content.kept", "Giữ nguyên bình luận sau khi xem xét");
                break;

            case ModerationDecisions.Unhide:
                if (entry?.Status != ModerationStatuses.Hidden)
                {
                    return Refuse("invalid-transition", "Chỉ bỏ ẩn bình luận đã ẩn trên Facebook / Only a hidden comment is unhidden.");
                }

                updated = entry with
                {
                    Status = ModerationStatuses.UnhideQueued,
                    PublicationId = NextModerationId("unhide", messageId),
                    HandedOver = false,
                    Error = null,
                };
                (action, summary) = ("content.unhide-requested", "Bỏ ẩn bình luận trên Facebook");
                break;

            default:
                return Refuse("invalid-decision", $"Quyết định là một trong: {string.Join(", ", ModerationDecisions.All)} / Unknown decision.");
        }

        updated = updated with { DecidedBy = actor.Name, DecidedAt = now, Note = note };
        if (index >= 0)
        {
            state.Moderation[index] = updated;
        }
        else
        {
            state.Moderation.Add(updated);
        }

        await Save([], Audit(actor, action, new { message = messageId, before = entry?.Status, after = updated.Status, note }, now,
            summary + (note is null ? string.Empty : ": " + note)));
        await HandOverModeration();
        return Done();
    }

    public async Task ModerationCompleted(PublicationOutcome outcome)
    {
        var state = thread.State;
        var index = state.Moderation.FindIndex(m => m.PublicationId == outcome.Id);
        if (index < 0 || state.Moderation[index].Status is not (ModerationStatuses.HideQueued or ModerationStatuses.UnhideQueued))
        {
            LogStaleModeration(logger, Id, outcome.Id);
            return;
        }

        var entry = state.Moderation[index];
        var hiding = entry.Status == ModerationStatuses.HideQueued;
        var done = outcome.Status == PublicationStatus.Published;
        var status = (hiding, done) switch
        {
            (true, true) => ModerationStatuses.Hidden,
            (true, false) => ModerationStatuses.HideFailed,
            (false, true) => ModerationStatuses.Unhidden,
            _ => ModerationStatuses.Hidden,
        };
        state.Moderation[index] = entry with { Status = status, HandedOver = true, Error = done ? null : outcome.Error };
        var summary = done
            ? (hiding ? "Facebook đã ẩn bình luận" : "Facebook đã bỏ ẩn bình luận")
            : (hiding ? "Facebook không ẩn được bình luận: " : "Facebook không bỏ ẩn được bình luận: ") + outcome.Error;
        await Save([], Audit(Actor.System("publisher"), "content." + (hiding ? "hide" : "unhide") + (done ? "-confirmed" : "-failed"),
            new { message = entry.MessageId, publication = outcome.Id, error = outcome.Error }, time.GetUtcNow(), summary));
    }

    /// <summary>Screens what citizens just wrote; returns the audit rows of the filter's decisions (stored with the messages).</summary>
    private List<PendingAuditEntry> Screen(IEnumerable<FeedItem> feed)
    {
        var audits = new List<PendingAuditEntry>();
        if (!contentOptions.Value.ScreenIncoming)
        {
            return audits;
        }

        var state = thread.State;
        foreach (var item in feed.Where(f => !f.Author.IsPage && f.Change is ThreadEventKind.Add or ThreadEventKind.Edit && !string.IsNullOrWhiteSpace(f.Text)))
        {
            var existing = state.Moderation.FindIndex(m => m.MessageId == item.MessageId);
            if (existing >= 0 && state.Moderation[existing].Status is not (ModerationStatuses.Kept or ModerationStatuses.Unhidden))
            {
                continue;
            }

            var findings = contentRules.Filter.Scan(item.Text);
            if (findings.Count == 0)
            {
                continue;
            }

            var now = time.GetUtcNow();
            var high = findings.Any(f => f.Confidence == FilterConfidence.High);
            var hide = high && contentOptions.Value.AutoHide && item.Channel != MessageChannel.Messenger;
            var entry = NewEntry(item.MessageId, high ? FilterConfidence.High : FilterConfidence.Medium, findings, now) with
            {
                Status = hide ? ModerationStatuses.HideQueued : ModerationStatuses.PendingReview,
                PublicationId = hide ? NextModerationId("hide", item.MessageId) : null,
                DecidedBy = hide ? Actor.System("content-filter").Name : null,
                DecidedAt = hide ? now : null,
            };
            if (existing >= 0)
            {
                state.Moderation[existing] = entry;
            }
            else
            {
                state.Moderation.Add(entry);
            }

            var labels = string.Join("; ", findings.Select(f => $"{f.Label} ({f.Clause})").Distinct());
            audits.Add(EditorialChain.Record(state, "case/" + Id, Actor.System("content-filter"), "content.flagged", new
            {
                message = item.MessageId,
                decision = entry.Status,
                findings = findings.Select(f => new { f.Clause, rule = f.RuleId, f.Confidence, text = item.Text!.Substring(f.Start, f.Length), f.Evidence }),
            }, now, $"Bộ lọc nội dung (Điều 12 Luật CNTT): {labels} — {ModerationStatuses.Vietnamese(entry.Status).ToLowerInvariant()}"));
            LogFlagged(logger, Id, item.MessageId, entry.Status, string.Join(",", entry.Clauses));
        }

        return audits;
    }

    private ModerationView NewEntry(string messageId, string confidence, IReadOnlyList<ProhibitedFinding> findings, DateTimeOffset now)
    {
        var text = thread.State.Messages[messageId].CurrentText ?? string.Empty;
        return new ModerationView(
            messageId,
            ModerationStatuses.PendingReview,
            confidence,
            [.. findings.Select(f => f.Clause).Distinct()],
            [.. findings.Select(f => f.RuleId).Distinct()],
            [.. findings.Take(MaxExcerpts).Select(f => text.Substring(f.Start, Math.Min(f.Length, 100)))],
            now,
            null,
            null,
            null,
            null,
            false,
            null);
    }

    private string NextModerationId(string verb, string messageId) =>
        $"{verb}:{messageId}:{thread.State.History.Count + 1}";

    private bool ModerationWaiting => thread.State.Moderation.Any(m => m is { HandedOver: false, Status: ModerationStatuses.HideQueued or ModerationStatuses.UnhideQueued });

    /// <summary>Gives queued hides and unhides to the page's outbox; if that fails, the reminder tries again.</summary>
    private async Task HandOverModeration()
    {
        var state = thread.State;
        var changed = false;
        for (var i = 0; i < state.Moderation.Count; i++)
        {
            var entry = state.Moderation[i];
            if (entry.HandedOver || entry.PublicationId is null || entry.Status is not (ModerationStatuses.HideQueued or ModerationStatuses.UnhideQueued))
            {
                continue;
            }

            var request = new PublicationRequest(
                entry.PublicationId,
                Id,
                state.PageId!,
                entry.Status == ModerationStatuses.HideQueued ? PublicationKinds.HideComment : PublicationKinds.UnhideComment,
                entry.MessageId,
                string.Empty,
                ApprovalChain.Digest(string.Empty),
                null);
            try
            {
                await GrainFactory.GetGrain<IPagePublisherGrain>(request.PageId).Enqueue(request);
                state.Moderation[i] = entry with { HandedOver = true };
                changed = true;
            }
            catch (Exception ex)
            {
                LogHandOverFailed(logger, ex, Id);
            }
        }

        if (changed)
        {
            state.PendingAudit = [];
            await Write();
        }

        await Arm();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Case {CaseId}: message {MessageId} flagged by the content filter ({Status}; clauses {Clauses})")]
    private static partial void LogFlagged(ILogger logger, string caseId, string messageId, string status, string clauses);

    [LoggerMessage(Level = LogLevel.Information, Message = "Case {CaseId}: outcome of {PublicationId} ignored (no such hide or unhide waiting)")]
    private static partial void LogStaleModeration(ILogger logger, string caseId, string publicationId);
}
