using LaoCaiFanpage.Contracts;
using LaoCaiFanpage.Contracts.Accounts;
using LaoCaiFanpage.Contracts.Crisis;
using LaoCaiFanpage.Contracts.Publishing;
using LaoCaiFanpage.Contracts.Workflow;
using LaoCaiFanpage.Grains.Notifications;
using LaoCaiFanpage.Grains.Workflow;
using Microsoft.Extensions.Logging;

namespace LaoCaiFanpage.Grains.Crisis;

/// <summary>
/// R8.4d: the Office proposes a response plan for a media crisis. A crisis officer writes what happened, the proposed
/// response and the clarification to publish; the Chief of Office approves it (and the Standing Committee when the
/// matter is beyond the Office); the last approval hands the clarification to the page's outbox as a page post.
/// </summary>
public sealed partial class CrisisGrain
{
    public async Task<CrisisCommandResult> SavePlan(CrisisPlanInput plan, Actor actor)
    {
        var state = crisis.State;
        if (RoleRefusal(actor, Roles.CrisisOfficer, "Chỉ cán bộ xử lý khủng hoảng soạn phương án / Only crisis officers write the plan.") is { } refused)
        {
            return refused;
        }

        if (state.Plan is { Status: not CrisisPlanStatuses.Drafting })
        {
            return new CrisisCommandResult(null, new Refusal("plan-locked", $"Phương án đang ở bước '{state.Plan.StatusLabel}', không sửa được / The plan can no longer be changed."));
        }

        var now = time.GetUtcNow();
        var version = (state.Plan?.Version ?? 0) + 1;
        state.Plan = new CrisisPlan(version, CrisisPlanStatuses.Drafting, plan.WhatHappened, plan.Response, plan.Clarification, plan.BeyondOffice, [.. plan.CaseIds],
            actor.Name, now, [], state.Plan?.ReturnedReason, null, false, null, null, null);
        var audit = Record(actor, "crisis.plan-saved", new { version, plan.WhatHappened, plan.Response, plan.Clarification, plan.BeyondOffice, plan.CaseIds }, now,
            $"Soạn phương án xử lý (bản {version})");
        await Save(audit);
        return new CrisisCommandResult(await Finish(tellRegistry: true), null);
    }

    public async Task<CrisisCommandResult> SubmitPlan(Actor actor)
    {
        var state = crisis.State;
        if (RoleRefusal(actor, Roles.CrisisOfficer, "Chỉ cán bộ xử lý khủng hoảng trình phương án / Only crisis officers submit the plan.") is { } refused)
        {
            return refused;
        }

        if (state.Plan is not { Status: CrisisPlanStatuses.Drafting } plan)
        {
            return new CrisisCommandResult(null, new Refusal("out-of-order", "Chưa có phương án đang soạn / There is no plan in drafting."));
        }

        var now = time.GetUtcNow();
        state.Plan = plan with { Status = CrisisPlanStatuses.PendingChiefOfOffice, ReturnedReason = null };
        var audit = Record(actor, "crisis.plan-submitted", new { plan.Version }, now, $"Trình phương án xử lý (bản {plan.Version}) lên Chánh Văn phòng");
        AskToApprove(Roles.ChiefOfOffice, now);
        await Save(audit);
        return new CrisisCommandResult(await Finish(tellRegistry: true), null);
    }

    public async Task<CrisisCommandResult> ApprovePlan(Actor actor)
    {
        var state = crisis.State;
        var (step, next) = state.Plan?.Status switch
        {
            CrisisPlanStatuses.PendingChiefOfOffice => (Roles.ChiefOfOffice, state.Plan.BeyondOffice ? CrisisPlanStatuses.PendingStandingCommittee : CrisisPlanStatuses.Approved),
            CrisisPlanStatuses.PendingStandingCommittee => (Roles.StandingCommittee, CrisisPlanStatuses.Approved),
            _ => (null, null),
        };
        if (step is null || state.Plan is null || !state.Exists)
        {
            return new CrisisCommandResult(null, new Refusal("out-of-order", "Phương án không chờ duyệt / The plan is not waiting for approval."));
        }

        if (!actor.HasRole(step))
        {
            return new CrisisCommandResult(null, Refusal.Forbidden($"Bước này do {(step == Roles.ChiefOfOffice ? "Chánh Văn phòng" : "Thường trực UBND tỉnh")} duyệt / This step belongs to {step}."));
        }

        var now = time.GetUtcNow();
        var plan = state.Plan with { Status = next!, Approvals = [.. state.Plan.Approvals, new CrisisPlanApproval(step, actor.Name, now)] };
        if (next == CrisisPlanStatuses.Approved)
        {
            plan = plan with { PublicationId = $"{Id}:plan:{plan.Version}" };
        }
        else
        {
            AskToApprove(Roles.StandingCommittee, now);
        }

        state.Plan = plan;
        var audit = Record(actor, "crisis.plan-approved", new { plan.Version, step, sha256 = ApprovalChain.Digest(plan.Clarification) }, now,
            next == CrisisPlanStatuses.Approved ? $"Duyệt phương án (bản {plan.Version}): đăng thông tin làm rõ" : $"Chánh Văn phòng duyệt phương án (bản {plan.Version}), trình Thường trực UBND tỉnh");
        await Save(audit);
        await HandOverPlan();
        return new CrisisCommandResult(await Finish(tellRegistry: true), null);
    }

    public async Task<CrisisCommandResult> ReturnPlan(string reason, Actor actor)
    {
        var state = crisis.State;
        var step = state.Plan?.Status switch
        {
            CrisisPlanStatuses.PendingChiefOfOffice => Roles.ChiefOfOffice,
            CrisisPlanStatuses.PendingStandingCommittee => Roles.StandingCommittee,
            _ => null,
        };
        if (step is null || state.Plan is null)
        {
            return new CrisisCommandResult(null, new Refusal("out-of-order", "Phương án không chờ duyệt / The plan is not waiting for approval."));
        }

        if (!actor.HasRole(step))
        {
            return new CrisisCommandResult(null, Refusal.Forbidden($"Bước này do {step} duyệt / This step belongs to {step}."));
        }

        var now = time.GetUtcNow();
        state.Plan = state.Plan with { Status = CrisisPlanStatuses.Drafting, ReturnedReason = reason, Approvals = [] };
        var audit = Record(actor, "crisis.plan-returned", new { state.Plan.Version, reason }, now, $"Trả lại phương án (bản {state.Plan.Version}): {reason}");
        await Save(audit);
        return new CrisisCommandResult(await Finish(tellRegistry: true), null);
    }

    public async Task PlanPublished(PublicationOutcome outcome)
    {
        var state = crisis.State;
        if (state.Plan is not { } plan || plan.PublicationId != outcome.Id || plan.Status == CrisisPlanStatuses.Published)
        {
            return;
        }

        var now = time.GetUtcNow();
        var published = outcome.Status == PublicationStatus.Published;
        state.Plan = published
            ? plan with { Status = CrisisPlanStatuses.Published, PostId = outcome.GraphId, PublishedAt = outcome.At, PublicationError = null }
            : plan with { PublicationError = outcome.Error ?? outcome.Status };
        var audit = Record(Actor.System("publisher"), published ? "crisis.clarification-published" : "crisis.clarification-failed",
            new { outcome.Id, outcome.Status, outcome.GraphId, outcome.Error }, now,
            published ? $"Đã đăng thông tin làm rõ lên Trang (bài {outcome.GraphId})" : $"Không đăng được thông tin làm rõ: {outcome.Error ?? outcome.Status}");
        await Save(audit);
        await Finish(tellRegistry: true);
    }

    /// <summary>Gives the approved clarification to the page's outbox (again after a failure or a restart, until it is taken).</summary>
    private async Task HandOverPlan()
    {
        var state = crisis.State;
        if (state.Plan is not { Status: CrisisPlanStatuses.Approved, HandedOver: false, PublicationId: { } publicationId } plan)
        {
            return;
        }

        try
        {
            var pageId = fanpage.Value.PageId;
            await GrainFactory.GetGrain<IPagePublisherGrain>(pageId).Enqueue(new PublicationRequest(publicationId, Id, pageId, PublicationKinds.PagePost, pageId,
                plan.Clarification, ApprovalChain.Digest(plan.Clarification), null));
            state.Plan = plan with { HandedOver = true };
            await Save(null);
        }
        catch (Exception ex)
        {
            LogPlanHandOverFailed(logger, ex, Id);
        }
    }

    /// <summary>The approver of the next step hears of it (the link opens the crises page).</summary>
    private void AskToApprove(string role, DateTimeOffset now)
    {
        var state = crisis.State;
        state.Notice("crisis/" + Id, NoticeKinds.ApprovalWaiting, now, Id, $"Phương án xử lý khủng hoảng chờ duyệt: {state.Title}",
            $"Phương án (bản {state.Plan!.Version}): {state.Plan.Response}", "/crises", null, new NoticeAudience(Roles: [role]));
    }

    private CrisisCommandResult? RoleRefusal(Actor actor, string role, string message)
    {
        if (!crisis.State.Exists)
        {
            return new CrisisCommandResult(null, new Refusal(Refusal.NotFoundCode, "Không có khủng hoảng này / No such crisis."));
        }

        return actor.HasRole(role) ? null : new CrisisCommandResult(null, Refusal.Forbidden(message));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The clarification of crisis {CrisisId} was not handed to the outbox yet; retried")]
    private static partial void LogPlanHandOverFailed(ILogger logger, Exception exception, string crisisId);
}
