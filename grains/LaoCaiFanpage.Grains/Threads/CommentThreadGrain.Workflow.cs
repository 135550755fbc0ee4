using System.Text;
using LaoCaiFanpage.Contracts.Accounts;
using LaoCaiFanpage.Contracts.PagePosts;
using LaoCaiFanpage.Contracts.Publishing;
using LaoCaiFanpage.Contracts.Sla;
using LaoCaiFanpage.Contracts.Threads;
using LaoCaiFanpage.Contracts.Workflow;
using LaoCaiFanpage.Grains.Notifications;
using LaoCaiFanpage.Grains.Sla;
using LaoCaiFanpage.Grains.Workflow;
using Microsoft.Extensions.Logging;

namespace LaoCaiFanpage.Grains.Threads;

/// <summary>
/// The editorial workflow of Article 8: classify → assign → draft → editorial head → Chief of Office (or
/// Standing Committee) → approved → published → closed. Each command checks the actor's role and unit, refuses
/// an invalid transition with a reason, and stores the change with its audit row in one write.
/// </summary>
public sealed partial class CommentThreadGrain
{
    /// <summary>Meta's limit for a Messenger text (the Send API refuses longer ones).</summary>
    public const int MessengerTextLimit = 2000;

    public async Task<CaseCommandResult> Classify(Classification classification, Actor actor)
    {
        var state = thread.State;
        if (!state.IsCase)
        {
            return NoCase();
        }

        if (!WorkflowPermissions.CanRoute(actor))
        {
            return Forbid("Chỉ Ban biên tập phân loại vụ việc / Only the Editorial Board classifies cases.");
        }

        if (state.Status is not (CaseStatus.New or CaseStatus.Classified or CaseStatus.Assigned or CaseStatus.Drafting))
        {
            return Refuse("invalid-transition", $"Không thể phân loại lại khi vụ việc {CaseStatus.Vietnamese(state.Status).ToLowerInvariant()} / A case is classified before it goes for approval.");
        }

        var now = time.GetUtcNow();
        var before = new { category = state.Category, authority = state.Authority, topic = state.Topic };
        state.Category = classification.Category;
        state.Authority = classification.Authority;
        state.Topic = classification.Topic;
        if (state.Status == CaseStatus.New)
        {
            state.Status = CaseStatus.Classified;
        }

        await Save([], Audit(actor, "case.classified", new { before, after = classification }, now,
            $"Lĩnh vực {classification.Category}, thẩm quyền {(classification.Authority == Authorities.Office ? "Chánh Văn phòng" : "Thường trực UBND tỉnh")}{(classification.Topic is null ? string.Empty : ", chủ đề " + classification.Topic)}"));
        return Done();
    }

    public async Task<CaseCommandResult> Reassign(Assignment assignment, Actor actor)
    {
        var state = thread.State;
        if (!state.IsCase)
        {
            return NoCase();
        }

        if (!WorkflowPermissions.CanRoute(actor))
        {
            return Forbid("Chỉ Ban biên tập chuyển vụ việc cho đơn vị khác / Only the Editorial Board reassigns cases.");
        }

        if (state.Status is not (CaseStatus.Assigned or CaseStatus.Drafting))
        {
            return Refuse("invalid-transition", $"Chỉ chuyển lại vụ việc đã giao và chưa trình duyệt (hiện: {CaseStatus.Vietnamese(state.Status)}) / Only an assigned case not yet submitted is reassigned.");
        }

        var units = assignment.Units.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (ComplexityRefusal(units, assignment.Complexity) is { } refused)
        {
            return refused;
        }

        if (units.SequenceEqual(state.Units, StringComparer.OrdinalIgnoreCase) && assignment.Complexity == state.Complexity)
        {
            return Refuse("unchanged", "Vụ việc đã được giao đúng như vậy / The case is already assigned so.");
        }

        var now = time.GetUtcNow();
        var changed = new List<SlaClock>();
        var restartAll = assignment.Complexity != state.Complexity;
        foreach (var clock in state.Clocks.Where(c => c.Kind == ClockKinds.Answer && c.CompletedAt is null
                     && (restartAll || !units.Contains(c.Unit, StringComparer.OrdinalIgnoreCase))))
        {
            clock.Cancel(now);
            changed.Add(clock);
        }

        foreach (var unit in units.Where(u => restartAll || !state.Units.Contains(u, StringComparer.OrdinalIgnoreCase)))
        {
            var clock = clocks.Answer(unit, assignment.Complexity, now);
            clock.Id = UniqueClockId(clock.Id);
            clock.Advance(now);
            state.Clocks.Add(clock);
            changed.Add(clock);
            NoticeAssigned(clock, now, reassigned: true);
        }

        var before = new { units = state.Units, complexity = state.Complexity };
        state.Units = units;
        state.Complexity = assignment.Complexity;
        ReleaseAssigneeOutside(units);
        await Save(changed, Audit(actor, "case.reassigned", new { before, after = new { units, complexity = assignment.Complexity } }, now,
            $"Chuyển từ {string.Join(", ", before.units)} sang {string.Join(", ", units)}"));
        return Done();
    }

    public async Task<CaseCommandResult> SaveDraft(DraftInput draft, Actor actor)
    {
        var state = thread.State;
        if (!state.IsCase)
        {
            return NoCase();
        }

        if (!WorkflowPermissions.CanDraft(actor, state.Units))
        {
            return Forbid("Chỉ Ban biên tập hoặc cán bộ đơn vị được giao soạn trả lời / Only the Editorial Board or an assigned unit drafts the answer.");
        }

        if (!(state.Status is CaseStatus.Assigned or CaseStatus.Drafting || CaseStatus.IsPending(state.Status)))
        {
            return Refuse("invalid-transition", state.Status is CaseStatus.New or CaseStatus.Classified
                ? "Vụ việc chưa được giao cho đơn vị / The case is not assigned yet."
                : $"Không thể soạn trả lời khi vụ việc {CaseStatus.Vietnamese(state.Status).ToLowerInvariant()} / No new draft in status '{state.Status}'.");
        }

        if (state.IsCombined && WorkflowPermissions.IsOfficerOf(actor, state.Units) && !WorkflowPermissions.CanRoute(actor))
        {
            return await SaveContribution(draft, actor);
        }

        if (draft.Images is { Count: > 0 } images)
        {
            // A reply under a comment carries one picture (Meta's attachment_id); the Send API's attachments are not used here.
            if (state.Channel == MessageChannel.Messenger)
            {
                return Refuse("images-not-supported", "Câu trả lời qua Messenger chưa đính kèm ảnh / Messenger answers carry no pictures.");
            }

            if (images.Count > 1)
            {
                return Refuse("too-many-images", "Câu trả lời bình luận đính kèm tối đa 1 ảnh / A reply under a comment carries one picture.");
            }

            if (await media.Missing(images) is { Count: > 0 })
            {
                return Refuse("unknown-image", "Không có ảnh này; tải ảnh lên trước (POST /api/media) / Upload the picture first.");
            }
        }

        if (state.Channel == MessageChannel.Messenger && draft.Text.Length > MessengerTextLimit)
        {
            return Refuse("too-long", $"Tin nhắn Messenger tối đa {MessengerTextLimit} ký tự (bản thảo có {draft.Text.Length}) / Messenger texts are limited to {MessengerTextLimit} characters.");
        }

        var now = time.GetUtcNow();
        var unit = WorkflowPermissions.IsOfficerOf(actor, state.Units) ? actor.Unit : null;
        var before = state.Status;
        var (stored, restarted) = EditorialChain.AddDraft(state, draft, actor.Name, unit, now);
        var number = stored.Number;

        // A draft is work in progress: the unit's clock runs on until the answer is submitted. A draft that replaces
        // one waiting for approval withdraws it: that step's clock no longer runs (counted neither way).
        var changed = state.Clocks.Where(c => c.Kind == ClockKinds.Approval && c.Cancel(now)).ToList();

        await Save(changed, Audit(actor, "case.draft-saved",
            new { draft = number, sha256 = stored.TextSha256, sources = draft.Sources, unit, before, approvalsVoided = restarted, text = draft.Text }, now,
            restarted > 0 ? $"Bản thảo số {number}; {restarted} phê duyệt trước bị huỷ, trình duyệt lại từ Trưởng Ban biên tập" : $"Bản thảo số {number}"));
        return Done();
    }

    public async Task<CaseCommandResult> Submit(Actor actor)
    {
        var state = thread.State;
        if (!state.IsCase)
        {
            return NoCase();
        }

        if (!WorkflowPermissions.CanDraft(actor, state.Units))
        {
            return Forbid("Chỉ Ban biên tập hoặc cán bộ đơn vị được giao trình duyệt / Only the Editorial Board or an assigned unit submits.");
        }

        if (state.IsCombined && WorkflowPermissions.IsOfficerOf(actor, state.Units) && !WorkflowPermissions.CanRoute(actor))
        {
            return await SubmitContribution(actor);
        }

        if (EditorialChain.Submit(state, contentRules) is { } refusal)
        {
            return new CaseCommandResult(null, refusal);
        }

        var draft = state.Drafts[^1];
        var now = time.GetUtcNow();

        // The answer is submitted: the units' clocks stop here (R9), and the Editorial Board head's starts (R8).
        var changed = state.Clocks.Where(c => c.Kind == ClockKinds.Answer && c.Complete(now, actor.Name)).ToList();
        changed.Add(StartApprovalClock(now));
        NoticeApprovalWaiting(now);
        await Save(changed, Audit(actor, "case.submitted", new { draft = draft.Number, sha256 = draft.TextSha256 }, now,
            $"Trình bản thảo số {draft.Number} lên Trưởng Ban biên tập"));
        return Done();
    }

    public async Task<CaseCommandResult> Approve(int? draftNumber, Actor actor)
    {
        var state = thread.State;
        if (!state.IsCase)
        {
            return NoCase();
        }

        var now = time.GetUtcNow();
        var before = state.Status;
        if (EditorialChain.Approve(state, draftNumber, actor, now, $"{Id}#{state.Drafts.Count}#{state.AuditSeq + 1}", out var approval) is { } refused)
        {
            return new CaseCommandResult(null, refused);
        }

        var (step, draft) = (approval!.Step, state.Drafts[^1]);
        var approved = state.Status == CaseStatus.Approved;
        var changed = StopApprovalClock(step, now, actor.Name);
        if (!approved)
        {
            changed.Add(StartApprovalClock(now));
        }

        NoticeApprovalWaiting(now);
        await Save(changed, Audit(actor, "case.approved", new { step, draft = draft.Number, sha256 = draft.TextSha256, before, after = state.Status }, now,
            $"{ApprovalChain.VietnameseName(step)} duyệt bản thảo số {draft.Number}{(approved ? "; chuyển đăng" : string.Empty)}"));
        if (approved)
        {
            await HandOver();
        }

        return Done();
    }

    public async Task<CaseCommandResult> Reject(string reason, Actor actor)
    {
        var state = thread.State;
        if (!state.IsCase)
        {
            return NoCase();
        }

        var now = time.GetUtcNow();
        var before = state.Status;
        if (EditorialChain.Reject(state, reason, actor, now, out var rejection, out var voided) is { } refused)
        {
            return new CaseCommandResult(null, refused);
        }

        var (step, draft) = (rejection!.Step, state.Drafts[^1]);
        var changed = StopApprovalClock(step, now, actor.Name);

        // The answer goes back to the units: their clocks start again from the rejection; the earlier ones stay on the record.
        foreach (var unit in state.Units.Where(u => !state.Clocks.Any(c => c.Kind == ClockKinds.Answer && c.CompletedAt is null
                     && string.Equals(c.Unit, u, StringComparison.OrdinalIgnoreCase))))
        {
            var clock = clocks.Answer(unit, state.Complexity ?? CaseComplexity.Own, now);
            clock.Id = UniqueClockId(clock.Id);
            clock.Advance(now);
            state.Clocks.Add(clock);
            changed.Add(clock);
        }

        // A combined answer sent back: the units revise their parts (what they wrote stays, to be submitted again).
        for (var i = 0; i < state.Contributions.Count; i++)
        {
            state.Contributions[i] = state.Contributions[i] with { SubmittedAt = null };
        }

        NoticeRejected(step, reason, now);
        await Save(changed, Audit(actor, "case.rejected", new { step, draft = draft.Number, reason, before, approvalsVoided = voided, clocksRestarted = changed.Where(c => c.Kind == ClockKinds.Answer).Select(c => c.Id) }, now,
            $"{ApprovalChain.VietnameseName(step)} trả lại bản thảo số {draft.Number}: {reason}"));
        return Done();
    }

    public async Task<CaseCommandResult> AnswerCoordination(string clockId, string text, Actor actor)
    {
        var state = thread.State;
        var clock = state.Clocks.FirstOrDefault(c => c.Id == clockId && c.Kind == ClockKinds.Coordination);
        if (!state.IsCase || clock is null)
        {
            return Refuse("no-clock", $"Không có đề nghị phối hợp {clockId} / No coordination request {clockId}.");
        }

        if (!WorkflowPermissions.CanRoute(actor) && !WorkflowPermissions.IsOfficerOf(actor, [clock.Unit]))
        {
            return Forbid($"Chỉ cán bộ của {clock.Unit} trả lời đề nghị phối hợp này / Only an officer of {clock.Unit} answers this request.");
        }

        if (state.CoordinationAnswers.Any(a => a.ClockId == clockId) || clock.State == ClockStates.Cancelled)
        {
            return Refuse("clock-finished", "Đề nghị phối hợp đã được trả lời hoặc đã huỷ / The request is already answered or cancelled.");
        }

        var now = time.GetUtcNow();
        clock.Complete(now, actor.Name);
        state.CoordinationAnswers.Add(new CoordinationAnswer(clockId, clock.Unit, text, actor.Name, now));
        await Save([clock], Audit(actor, "case.coordination-answered", new { clock = clockId, unit = clock.Unit, state = clock.State, text }, now,
            $"{clock.Unit} trả lời đề nghị phối hợp của {clock.FromUnit}"));
        return Done();
    }

    public async Task<CaseCommandResult> MergeInto(string targetCaseId, Actor actor)
    {
        var state = thread.State;
        if (!state.IsCase)
        {
            return NoCase();
        }

        if (!WorkflowPermissions.CanRoute(actor))
        {
            return Forbid("Chỉ Ban biên tập gộp vụ việc / Only the Editorial Board merges cases.");
        }

        if (targetCaseId == Id)
        {
            return Refuse("merge-target", "Không thể gộp vụ việc vào chính nó / A case cannot be merged into itself.");
        }

        if (state.Status is not (CaseStatus.New or CaseStatus.Classified or CaseStatus.Assigned or CaseStatus.Drafting))
        {
            return Refuse("invalid-transition", $"Không thể gộp khi vụ việc {CaseStatus.Vietnamese(state.Status).ToLowerInvariant()} / Only a case not yet submitted is merged.");
        }

        var accepted = await GrainFactory.GetGrain<ICommentThreadGrain>(targetCaseId).AcceptMerged(Id, actor);
        if (accepted.Case is null)
        {
            return Refuse("merge-target", $"Vụ việc đích không nhận gộp — {accepted.Refusal}");
        }

        var now = time.GetUtcNow();
        var before = state.Status;
        state.Status = CaseStatus.Merged;
        state.MergedInto = targetCaseId;
        var changed = StopClocks(now, actor.Name);
        await Save(changed, Audit(actor, "case.merged", new { into = targetCaseId, before }, now, $"Gộp vào vụ việc {targetCaseId}"));
        return Done();
    }

    public async Task<CaseCommandResult> AcceptMerged(string duplicateCaseId, Actor actor)
    {
        var state = thread.State;
        if (!state.IsCase)
        {
            return Refuse(CaseCommandResult.NoSuchCase, "Không có vụ việc đích / No such target case.");
        }

        if (!WorkflowPermissions.CanRoute(actor))
        {
            return Forbid("Chỉ Ban biên tập gộp vụ việc / Only the Editorial Board merges cases.");
        }

        if (CaseStatus.IsFinished(state.Status))
        {
            return Refuse("invalid-transition", $"Vụ việc đích {CaseStatus.Vietnamese(state.Status).ToLowerInvariant()} / The target case is finished.");
        }

        if (state.MergedFrom.Contains(duplicateCaseId, StringComparer.Ordinal))
        {
            return Done();
        }

        var now = time.GetUtcNow();
        state.MergedFrom.Add(duplicateCaseId);
        await Save([], Audit(actor, "case.merge-accepted", new { from = duplicateCaseId }, now, $"Nhận gộp vụ việc {duplicateCaseId}"));
        return Done();
    }

    public async Task<CaseCommandResult> Close(CloseRequest request, Actor actor)
    {
        var state = thread.State;
        if (!state.IsCase)
        {
            return NoCase();
        }

        if (!WorkflowPermissions.CanRoute(actor))
        {
            return Forbid("Chỉ Ban biên tập kết thúc vụ việc / Only the Editorial Board closes cases.");
        }

        var now = time.GetUtcNow();
        var before = state.Status;
        string action;
        string summary;
        if (state.Status == CaseStatus.Published
            || (state.Status == CaseStatus.Approved && state.Publication is { Status: PublicationStatus.Failed or PublicationStatus.NeedsOtherChannel }))
        {
            if (state.Status == CaseStatus.Approved && string.IsNullOrWhiteSpace(request.Note))
            {
                return Refuse("note-required", "Câu trả lời chưa đăng được: ghi rõ đã trả lời công dân bằng cách nào / Say how the citizen was answered.");
            }

            state.Status = CaseStatus.Closed;
            state.ClosedReason = request.Note;
            action = "case.closed";
            summary = "Kết thúc" + (request.Note is null ? string.Empty : ": " + request.Note);
        }
        else if (state.Status is CaseStatus.New or CaseStatus.Classified or CaseStatus.Assigned or CaseStatus.Drafting)
        {
            if (request.Reason is null || !DismissalReasons.All.Contains(request.Reason))
            {
                return Refuse("reason-required", $"Vụ việc chưa được trả lời: nêu lý do ({string.Join(", ", DismissalReasons.All)}) / A reason is required.");
            }

            state.Status = CaseStatus.NotActionable;
            state.ClosedReason = request.Note is null ? request.Reason : $"{request.Reason}: {request.Note}";
            action = "case.not-actionable";
            summary = "Không cần xử lý: " + state.ClosedReason;
        }
        else
        {
            return Refuse("invalid-transition", $"Không thể kết thúc khi vụ việc {CaseStatus.Vietnamese(state.Status).ToLowerInvariant()} / Cannot close in status '{state.Status}'.");
        }

        var changed = StopClocks(now, actor.Name);
        await Save(changed, Audit(actor, action, new { before, reason = request.Reason, note = request.Note }, now, summary));
        return Done();
    }

    public async Task<CaseCommandResult> Reopen(string reason, Actor actor)
    {
        var state = thread.State;
        if (!state.IsCase)
        {
            return NoCase();
        }

        if (!WorkflowPermissions.CanRoute(actor))
        {
            return Forbid("Chỉ Ban biên tập mở lại vụ việc / Only the Editorial Board reopens cases.");
        }

        if (state.Status is not (CaseStatus.Closed or CaseStatus.NotActionable))
        {
            return Refuse("invalid-transition", $"Chỉ mở lại vụ việc đã kết thúc (hiện: {CaseStatus.Vietnamese(state.Status)}) / Only a closed case is reopened.");
        }

        var now = time.GetUtcNow();
        var before = state.Status;
        state.Status = state.Units.Count > 0 ? CaseStatus.Drafting : state.Category is null ? CaseStatus.New : CaseStatus.Classified;
        state.ClosedReason = null;
        EditorialChain.VoidApprovals(state);

        // A follow-up answer goes through the whole chain and the outbox again.
        state.Publication = null;
        state.AnsweredAt = null;
        await Save([], Audit(actor, "case.reopened", new { before, after = state.Status, reason }, now, "Mở lại: " + reason));
        return Done();
    }

    public async Task PublicationCompleted(PublicationOutcome outcome)
    {
        if (thread.State.Publication?.Id != outcome.Id)
        {
            LogStalePublication(logger, Id, outcome.Id);
            return;
        }

        if (EditorialChain.Published(thread.State, outcome) is not { } summary)
        {
            return;
        }

        if (outcome.Status == PublicationStatus.Published)
        {
            summary = RecordVersion(outcome) ?? summary;
        }

        await Save([], Audit(Actor.System("publisher"), "case.publication-" + outcome.Status,
            new { publication = outcome.Id, graphId = outcome.GraphId, messagingType = outcome.MessagingType, error = outcome.Error }, time.GetUtcNow(), summary));
    }

    public async Task EnsurePublishing()
    {
        if (thread.State.Status == CaseStatus.Approved && thread.State.Publication is { } publication && !PublicationStatus.IsFinal(publication.Status))
        {
            await HandOver();
        }
    }

    /// <summary>Gives the approved answer to the page's outbox; if that fails, the reminder tries again.</summary>
    private async Task HandOver()
    {
        var state = thread.State;
        var publication = state.Publication!;
        var draft = state.Drafts.First(d => d.Number == publication.DraftNumber);
        var messenger = state.Channel == MessageChannel.Messenger;
        var (kind, target) = state.Correction switch
        {
            PostCorrections.Edit => (PublicationKinds.EditComment, state.LiveReplyId!),
            PostCorrections.Remove => (PublicationKinds.DeleteComment, state.LiveReplyId!),
            _ => messenger ? (PublicationKinds.Messenger, state.RootMessage(Id)!.AuthorId) : (PublicationKinds.CommentReply, Id),
        };
        var request = new PublicationRequest(
            publication.Id,
            Id,
            state.PageId!,
            kind,
            target,
            draft.Text,
            draft.TextSha256,
            state.ReplyWindow()?.LastCitizenMessageAt,
            null,
            kind == PublicationKinds.CommentReply ? draft.Images : null);
        try
        {
            await GrainFactory.GetGrain<IPagePublisherGrain>(request.PageId).Enqueue(request);
            if (!publication.HandedOver)
            {
                state.Publication = publication with { HandedOver = true };
                state.PendingAudit = [];
                await Write();
            }
        }
        catch (Exception ex)
        {
            LogHandOverFailed(logger, ex, Id);
        }

        await Arm();
    }

    /// <summary>A unit's part of a complex case's answer: it replaces that unit's earlier part only, and the unit's clock runs on.</summary>
    private async Task<CaseCommandResult> SaveContribution(DraftInput draft, Actor actor)
    {
        var state = thread.State;
        if (state.Status is not (CaseStatus.Assigned or CaseStatus.Drafting))
        {
            return Refuse("invalid-transition", $"Câu trả lời chung đã được trình (hiện: {CaseStatus.Vietnamese(state.Status)}) / The combined answer is already submitted.");
        }

        var now = time.GetUtcNow();
        var unit = actor.Unit!.ToUpperInvariant();
        var text = draft.Text.Normalize(NormalizationForm.FormC);
        state.Contributions.RemoveAll(c => string.Equals(c.Unit, unit, StringComparison.OrdinalIgnoreCase));
        state.Contributions.Add(new UnitContribution(unit, text, [.. draft.Sources], actor.Name, now, null));
        state.Status = CaseStatus.Drafting;
        await Save([], Audit(actor, "case.contribution-saved", new { unit, sha256 = ApprovalChain.Digest(text), sources = draft.Sources, text }, now,
            $"{unit} soạn phần trả lời của đơn vị"));
        return Done();
    }

    /// <summary>A unit submits its part: its clock stops (R9), and the Editorial Board learns that it can compose the answer.</summary>
    private async Task<CaseCommandResult> SubmitContribution(Actor actor)
    {
        var state = thread.State;
        var unit = actor.Unit!;
        var index = state.Contributions.FindIndex(c => string.Equals(c.Unit, unit, StringComparison.OrdinalIgnoreCase));
        if (index < 0)
        {
            return Refuse("no-contribution", $"{unit} chưa soạn phần trả lời của đơn vị / {unit} has written no part of the answer yet.");
        }

        if (state.Contributions[index].SubmittedAt is not null || state.Status is not (CaseStatus.Assigned or CaseStatus.Drafting))
        {
            return Refuse("invalid-transition", "Phần trả lời của đơn vị đã được gửi / This unit's part is already submitted.");
        }

        var now = time.GetUtcNow();
        var contribution = state.Contributions[index] with { SubmittedAt = now };
        state.Contributions[index] = contribution;
        var changed = state.Clocks.Where(c => c.Kind == ClockKinds.Answer && string.Equals(c.Unit, unit, StringComparison.OrdinalIgnoreCase) && c.Complete(now, actor.Name)).ToList();
        var waiting = state.Units.Where(u => !state.Contributions.Any(c => c.SubmittedAt is not null && string.Equals(c.Unit, u, StringComparison.OrdinalIgnoreCase))).ToList();
        state.Notice(Source, NoticeKinds.ContributionSubmitted, now, Id, $"{contribution.Unit} gửi phần trả lời: {CaseName}",
            waiting.Count == 0 ? "Các đơn vị đã gửi đủ: Ban biên tập tổng hợp câu trả lời và trình duyệt." : "Còn chờ: " + string.Join(", ", waiting) + ".",
            Link, null, new NoticeAudience(Readers: Readers, Roles: [Roles.EditorialStaff]));
        await Save(changed, Audit(actor, "case.contribution-submitted", new { unit = contribution.Unit, sha256 = ApprovalChain.Digest(contribution.Text), waiting }, now,
            $"{contribution.Unit} gửi phần trả lời của đơn vị" + (waiting.Count == 0 ? "; đủ các đơn vị" : "; còn chờ " + string.Join(", ", waiting))));
        return Done();
    }

    /// <summary>The approval step the case now waits for starts its clock (R8: the role whose turn it is).</summary>
    private SlaClock StartApprovalClock(DateTimeOffset now)
    {
        var clock = clocks.Approval(ApprovalChain.RoleFor(ApprovalChain.StepOf(thread.State.Status)!), now);
        clock.Id = UniqueClockId(clock.Id);
        clock.Advance(now);
        thread.State.Clocks.Add(clock);
        return clock;
    }

    /// <summary>The step acted (approved or sent back): its clock is met, or answered late.</summary>
    private List<SlaClock> StopApprovalClock(string step, DateTimeOffset now, string by)
    {
        var role = ApprovalChain.RoleFor(step);
        return [.. thread.State.Clocks.Where(c => c.Kind == ClockKinds.Approval && c.Role == role && c.Complete(now, by))];
    }

    /// <summary>The case needs nothing more: the intake decision is made, the answers are no longer owed.</summary>
    private List<SlaClock> StopClocks(DateTimeOffset now, string by)
    {
        var changed = new List<SlaClock>();
        foreach (var clock in thread.State.Clocks.Where(c => c.CompletedAt is null))
        {
            if (clock.Kind == ClockKinds.Intake ? clock.Complete(now, by) : clock.Cancel(now))
            {
                changed.Add(clock);
            }
        }

        return changed;
    }

    private string UniqueClockId(string id)
    {
        var candidate = id;
        for (var n = 2; thread.State.Clocks.Any(c => c.Id == candidate); n++)
        {
            candidate = $"{id}:{n}";
        }

        return candidate;
    }

    private CaseCommandResult Done() => new(thread.State.ToSnapshot(Id, clocks.Calendar), null);

    private static CaseCommandResult NoCase() => Refuse(CaseCommandResult.NoSuchCase, "Không có vụ việc này / No such case.");

    [LoggerMessage(Level = LogLevel.Warning, Message = "Case {CaseId}: outcome of publication {PublicationId} ignored (not the case's current publication)")]
    private static partial void LogStalePublication(ILogger logger, string caseId, string publicationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Case {CaseId}: the approved answer did not reach the outbox yet; the reminder retries")]
    private static partial void LogHandOverFailed(ILogger logger, Exception exception, string caseId);
}
