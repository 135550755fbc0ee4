using System.Text;
using LaoCaiFanpage.Contracts;
using LaoCaiFanpage.Contracts.Accounts;
using LaoCaiFanpage.Contracts.PagePosts;
using LaoCaiFanpage.Contracts.Publishing;
using LaoCaiFanpage.Contracts.Threads;
using LaoCaiFanpage.Contracts.Workflow;
using LaoCaiFanpage.Grains.Audit;
using LaoCaiFanpage.Grains.Content;

namespace LaoCaiFanpage.Grains.Workflow;

/// <summary>
/// What a case's answer and one of the Office's own page posts have in common: drafts, the approval chain of
/// Article 8.4, the publication, and the history with its audit rows. Grains keep this in their state.
/// </summary>
public interface IEditorialRecord
{
    string Status { get; set; }

    int? Category { get; }

    string? Authority { get; }

    List<CaseDraft> Drafts { get; }

    List<CaseApproval> Approvals { get; }

    List<CaseRejection> Rejections { get; }

    List<CaseHistoryEntry> History { get; }

    CasePublication? Publication { get; set; }

    /// <summary>The audit rows written with the state (copied into audit_log by 0005-audit-log.sql's trigger).</summary>
    List<PendingAuditEntry> PendingAudit { get; set; }

    long AuditSeq { get; set; }
}

/// <summary>
/// The steps of the chain on an <see cref="IEditorialRecord"/>. Each returns a <see cref="Refusal"/>, or
/// null after changing the record; the grain then stores it (with the audit row from <see cref="Record"/>).
/// </summary>
public static class EditorialChain
{
    private static readonly string[] ApproverRoles = [Roles.EditorialHead, Roles.ChiefOfOffice, Roles.StandingCommittee];

    /// <summary>One processing step: a history line, and the audit row stored in the same write (R8.4c).</summary>
    public static PendingAuditEntry Record(IEditorialRecord record, string target, Actor actor, string action, object details, DateTimeOffset now, string? summary)
    {
        record.History.Add(new CaseHistoryEntry(now, actor.Name, action, summary));
        return PendingAuditEntry.Create(++record.AuditSeq, now, actor, action, target, details);
    }

    /// <summary>Stores a new draft; it voids the chain's approvals (they were for other text) and returns to drafting.</summary>
    public static (CaseDraft Draft, int Voided) AddDraft(IEditorialRecord record, DraftInput input, string author, string? unit, DateTimeOffset now)
    {
        // Stored (and approved, and published) in NFC, as TCVN 6909:2001 wants (R7.4).
        var text = input.Text.Normalize(NormalizationForm.FormC);
        var draft = new CaseDraft(record.Drafts.Count + 1, text, [.. input.Sources], author, unit, now, ApprovalChain.Digest(text),
            input.Images is { Count: > 0 } images ? [.. images] : null);
        record.Drafts.Add(draft);
        var voided = VoidApprovals(record);
        record.Status = CaseStatus.Drafting;
        return (draft, voided);
    }

    /// <summary>Sends the current draft to the Editorial Board head, when it may go: in Unicode, with diacritics, lawful, with its source (R7).</summary>
    public static Refusal? Submit(IEditorialRecord record, ContentRules rules)
    {
        if (record.Status != CaseStatus.Drafting || record.Drafts.Count == 0)
        {
            return new Refusal("invalid-transition", CaseStatus.IsPending(record.Status)
                ? $"Bản thảo đã được trình, đang {CaseStatus.Vietnamese(record.Status).ToLowerInvariant()} / Already submitted."
                : $"Chưa có bản thảo để trình (trạng thái: {CaseStatus.Vietnamese(record.Status)}) / There is no draft to submit.");
        }

        var draft = record.Drafts[^1];
        if (rules.SubmissionRefusal(draft.Text, record.Category, draft.Sources) is { } refusal)
        {
            return refusal;
        }

        record.Status = CaseStatus.PendingEditorialHead;
        return null;
    }

    /// <summary>
    /// The current step approves the current draft: the right role, in order, a second person, the draft the
    /// approver saw. The last approval queues the publication under <paramref name="publicationId"/>.
    /// </summary>
    public static Refusal? Approve(IEditorialRecord record, int? draftNumber, Actor actor, DateTimeOffset now, string publicationId, out CaseApproval? approval)
    {
        approval = null;
        if (ApproverRefusal(record, actor, "duyệt") is { } refused)
        {
            return refused;
        }

        var draft = record.Drafts[^1];
        if (draftNumber is { } expected && expected != draft.Number)
        {
            return new Refusal("draft-changed", $"Bản thảo đã thay đổi: bản hiện tại là số {draft.Number}, không phải số {expected} / The draft changed; review draft {draft.Number}.");
        }

        if (record.Approvals.Any(a => !a.Voided && string.Equals(a.Approver, actor.Name, StringComparison.OrdinalIgnoreCase)))
        {
            return new Refusal("same-approver", "Hai bước duyệt phải do hai người khác nhau thực hiện / The two approvals must come from two different people.");
        }

        var authority = record.Authority ?? Authorities.Office;
        var candidate = new CaseApproval(ApprovalChain.StepOf(record.Status)!, actor.Name, now, draft.Number, draft.TextSha256, Voided: false);
        var after = ApprovalChain.StatusAfterApproval(record.Status, authority);
        if (after == CaseStatus.Approved && !ApprovalChain.IsComplete([.. record.Approvals, candidate], authority, draft))
        {
            // Cannot happen through the steps above; if it ever does, nothing changes and nothing is published.
            throw new InvalidOperationException("The approval chain is incomplete at the last approval.");
        }

        record.Approvals.Add(candidate);
        record.Status = after;
        if (after == CaseStatus.Approved)
        {
            record.Publication = new CasePublication(publicationId, PublicationStatus.Queued, draft.Number, now, false, null, null, null, null);
        }

        approval = candidate;
        return null;
    }

    /// <summary>The current step sends the draft back with a reason; the chain's approvals are void.</summary>
    public static Refusal? Reject(IEditorialRecord record, string reason, Actor actor, DateTimeOffset now, out CaseRejection? rejection, out int voided)
    {
        rejection = null;
        voided = 0;
        if (ApproverRefusal(record, actor, "trả lại") is { } refused)
        {
            return refused;
        }

        rejection = new CaseRejection(ApprovalChain.StepOf(record.Status)!, actor.Name, now, record.Drafts[^1].Number, reason);
        record.Rejections.Add(rejection);
        voided = VoidApprovals(record);
        record.Status = CaseStatus.Drafting;
        return null;
    }

    /// <summary>Records what the outbox reports; null when it is not news (another publication, or already known).</summary>
    public static string? Published(IEditorialRecord record, PublicationOutcome outcome)
    {
        if (record.Publication is not { } publication || publication.Id != outcome.Id
            || (publication.Status == outcome.Status && publication.GraphId == outcome.GraphId))
        {
            return null;
        }

        record.Publication = publication with
        {
            Status = outcome.Status,
            HandedOver = true,
            PublishedAt = outcome.Status == PublicationStatus.Published ? outcome.At : publication.PublishedAt,
            GraphId = outcome.GraphId ?? publication.GraphId,
            MessagingType = outcome.MessagingType ?? publication.MessagingType,
            Error = outcome.Error,
        };
        if (outcome.Status == PublicationStatus.Published)
        {
            record.Status = CaseStatus.Published;
        }

        return outcome.Status switch
        {
            PublicationStatus.Published => $"Đã đăng lên Facebook (mã {outcome.GraphId})",
            PublicationStatus.NeedsOtherChannel => "Quá 7 ngày kể từ tin nhắn cuối của người dân: không gửi được qua Messenger, cần trả lời bằng kênh khác",
            _ => "Facebook từ chối đăng: " + outcome.Error,
        };
    }

    /// <summary>
    /// Opens the correction of something already published (Art. 8.1): the corrected text, or (draft null) the removal
    /// stated in words, becomes a new draft that the whole chain must approve again. The correction keeps the last
    /// draft's sources unless it names its own (categories 1–4 need one, R7.3). Returns the draft and the correction's
    /// kind (<see cref="LaoCaiFanpage.Contracts.PagePosts.PostCorrections"/>).
    /// </summary>
    public static (CaseDraft Draft, string Correction) ProposeCorrection(IEditorialRecord record, DraftInput? draft, string removal, string author, DateTimeOffset now)
    {
        var input = draft is null ? new DraftInput(removal, record.Drafts[^1].Sources)
            : draft.Sources.Count > 0 ? draft : draft with { Sources = record.Drafts[^1].Sources };
        record.Publication = null;
        var (stored, _) = AddDraft(record, input, author, null, now);
        return (stored, draft is null ? PostCorrections.Remove : PostCorrections.Edit);
    }

    /// <summary>Voids the approvals of the current chain; returns how many.</summary>
    public static int VoidApprovals(IEditorialRecord record)
    {
        var approvals = record.Approvals;
        var voided = 0;
        for (var i = 0; i < approvals.Count; i++)
        {
            if (!approvals[i].Voided)
            {
                approvals[i] = approvals[i] with { Voided = true };
                voided++;
            }
        }

        return voided;
    }

    /// <summary>An approver's check: the right role for the step waiting, in order (R8.4).</summary>
    private static Refusal? ApproverRefusal(IEditorialRecord record, Actor actor, string verb)
    {
        if (!ApproverRoles.Any(actor.HasRole))
        {
            return Refusal.Forbidden("Chỉ Trưởng Ban biên tập, Chánh Văn phòng hoặc Thường trực UBND tỉnh duyệt đăng (Điều 8) / Only the named approvers approve.");
        }

        // The account store never gives Admin beside an approver's role; the chain holds the line too, whatever an account says it holds.
        if (Roles.SeparationOfDutiesConflict(actor.Roles ?? []) is not null)
        {
            return Refusal.Forbidden("Người quản trị hệ thống không được duyệt đăng (tách biệt nhiệm vụ, Điều 8) / Whoever administers never approves.");
        }

        var step = ApprovalChain.StepOf(record.Status);
        if (step is null)
        {
            return new Refusal("not-pending", $"Không có gì chờ duyệt (trạng thái: {CaseStatus.Vietnamese(record.Status)}) / Nothing is waiting for approval.");
        }

        return actor.HasRole(ApprovalChain.RoleFor(step))
            ? null
            : new Refusal("out-of-order", $"Đang chờ {ApprovalChain.VietnameseName(step)} {verb}; chưa đến lượt của bạn / It waits for the {step} step.");
    }
}
