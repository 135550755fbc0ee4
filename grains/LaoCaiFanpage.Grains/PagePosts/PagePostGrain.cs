using LaoCaiFanpage.Contracts;
using LaoCaiFanpage.Contracts.Accounts;
using LaoCaiFanpage.Contracts.Dashboard;
using LaoCaiFanpage.Contracts.PagePosts;
using LaoCaiFanpage.Contracts.Publishing;
using LaoCaiFanpage.Contracts.Threads;
using LaoCaiFanpage.Contracts.Workflow;
using LaoCaiFanpage.Grains.Audit;
using LaoCaiFanpage.Grains.Content;
using LaoCaiFanpage.Grains.Publishing;
using LaoCaiFanpage.Grains.Workflow;
using Microsoft.Extensions.Logging;

namespace LaoCaiFanpage.Grains.PagePosts;

/// <summary>One of the Office's own page posts: written by the Editorial Board, approved as Article 8.4 requires, published by the outbox.</summary>
public sealed partial class PagePostGrain(
    [PersistentState("page-post")] IPersistentState<PagePostState> post,
    PagePostCatalog catalog,
    ContentRules contentRules,
    MediaStore media,
    TimeProvider time,
    ILogger<PagePostGrain> logger) : Grain, IPagePostGrain, IRemindable
{
    private const string HandOverReminder = "hand-over";

    private string Id => this.GetPrimaryKeyString();

    public async Task<PagePostResult> Create(PagePostInput input, Actor actor)
    {
        var state = post.State;
        if (state.Exists)
        {
            return Refuse("exists", "Bài đăng này đã có / The post already exists.");
        }

        if (!WorkflowPermissions.CanRoute(actor))
        {
            return Forbid("Chỉ Ban biên tập soạn bài đăng của Trang / Only the Editorial Board writes the page's posts.");
        }

        if (await UnknownPictures(input.Draft) is { } unknown)
        {
            return unknown;
        }

        var now = time.GetUtcNow();
        state.Exists = true;
        state.PageId = input.PageId;
        state.Category = input.Classification.Category;
        state.Authority = input.Classification.Authority;
        state.Topic = input.Classification.Topic;
        state.CreatedBy = actor.Name;
        state.CreatedAt = now;
        state.PublishAt = input.PublishAt;
        var (draft, _) = EditorialChain.AddDraft(state, input.Draft, actor.Name, null, now);
        await Save(Audit(actor, "post.created", new { category = state.Category, authority = state.Authority, draft = draft.Number, sha256 = draft.TextSha256, sources = draft.Sources, text = draft.Text }, now,
            $"Soạn bài đăng lĩnh vực {state.Category} (bản thảo số {draft.Number})"));
        return Done();
    }

    public async Task<PagePostResult> SaveDraft(DraftInput draft, Actor actor)
    {
        if (Editable(actor, "soạn") is { } refused)
        {
            return refused;
        }

        var state = post.State;
        if (!(state.Status == CaseStatus.Drafting || CaseStatus.IsPending(state.Status)))
        {
            return Refuse("invalid-transition", $"Không thể sửa bài khi {CaseStatus.Vietnamese(state.Status).ToLowerInvariant()} / No new draft in status '{state.Status}'.");
        }

        if (await UnknownPictures(draft) is { } unknown)
        {
            return unknown;
        }

        var now = time.GetUtcNow();
        var before = state.Status;
        var (stored, voided) = EditorialChain.AddDraft(state, draft, actor.Name, null, now);
        await Save(Audit(actor, "post.draft-saved", new { draft = stored.Number, sha256 = stored.TextSha256, sources = stored.Sources, before, approvalsVoided = voided, text = stored.Text }, now,
            voided > 0 ? $"Bản thảo số {stored.Number}; {voided} phê duyệt trước bị huỷ, trình duyệt lại từ Trưởng Ban biên tập" : $"Bản thảo số {stored.Number}"));
        return Done();
    }

    public async Task<PagePostResult> Submit(Actor actor)
    {
        if (Editable(actor, "trình") is { } refused)
        {
            return refused;
        }

        if (EditorialChain.Submit(post.State, contentRules) is { } refusal)
        {
            return new PagePostResult(null, refusal);
        }

        var now = time.GetUtcNow();
        var draft = post.State.Drafts[^1];
        await Save(Audit(actor, "post.submitted", new { draft = draft.Number, sha256 = draft.TextSha256 }, now, $"Trình bản thảo số {draft.Number} lên Trưởng Ban biên tập"));
        return Done();
    }

    public async Task<PagePostResult> Approve(int? draftNumber, Actor actor)
    {
        var state = post.State;
        if (!state.Exists)
        {
            return NotFound();
        }

        var now = time.GetUtcNow();
        var before = state.Status;
        if (EditorialChain.Approve(state, draftNumber, actor, now, $"{Id}#{state.Drafts.Count}#{state.AuditSeq + 1}", out var approval) is { } refused)
        {
            return new PagePostResult(null, refused);
        }

        var approved = state.Status == CaseStatus.Approved;
        await Save(Audit(actor, "post.approved", new { step = approval!.Step, draft = approval.DraftNumber, sha256 = approval.TextSha256, before, after = state.Status }, now,
            $"{ApprovalChain.VietnameseName(approval.Step)} duyệt bản thảo số {approval.DraftNumber}{(approved ? "; chuyển đăng" : string.Empty)}"));
        if (approved)
        {
            await HandOver();
        }

        return Done();
    }

    public async Task<PagePostResult> Reject(string reason, Actor actor)
    {
        var state = post.State;
        if (!state.Exists)
        {
            return NotFound();
        }

        var now = time.GetUtcNow();
        var before = state.Status;
        if (EditorialChain.Reject(state, reason, actor, now, out var rejection, out var voided) is { } refused)
        {
            return new PagePostResult(null, refused);
        }

        await Save(Audit(actor, "post.rejected", new { step = rejection!.Step, draft = rejection.DraftNumber, reason, before, approvalsVoided = voided }, now,
            $"{ApprovalChain.VietnameseName(rejection.Step)} trả lại bản thảo số {rejection.DraftNumber}: {reason}"));
        return Done();
    }

    public async Task<PagePostResult> Schedule(DateTimeOffset? publishAt, Actor actor)
    {
        var state = post.State;
        if (!state.Exists)
        {
            return Refuse(Refusal.NotFoundCode, "Không có bài đăng này / No such post.");
        }

        if (!WorkflowPermissions.CanRoute(actor))
        {
            return Forbid("Chỉ Ban biên tập hẹn giờ đăng / Only the Editorial Board schedules the page's posts.");
        }

        if (state.Publication is { HandedOver: true } || state.Status is CaseStatus.Published or CaseStatus.Closed)
        {
            return Refuse("already-queued", "Bài đã được chuyển đăng; không đổi giờ được nữa / The post has gone to the outbox; its time can no longer change.");
        }

        var now = time.GetUtcNow();
        var before = state.PublishAt;
        state.PublishAt = publishAt;
        await Save(Audit(actor, "post.scheduled", new { before, publishAt }, now,
            publishAt is { } at ? $"Hẹn giờ đăng: {at.ToOffset(TimeSpan.FromHours(7)):HH:mm dd/MM/yyyy}" : "Bỏ hẹn giờ: đăng ngay khi được duyệt"));
        return Done();
    }

    public async Task<PagePostResult> Withdraw(string reason, Actor actor)
    {
        if (Editable(actor, "huỷ") is { } refused)
        {
            return refused;
        }

        var state = post.State;
        if (state.Status != CaseStatus.Drafting)
        {
            return Refuse("invalid-transition", $"Chỉ huỷ bài đang soạn (hiện: {CaseStatus.Vietnamese(state.Status)}) / Only a post being drafted is withdrawn.");
        }

        var now = time.GetUtcNow();
        state.Status = CaseStatus.Closed;
        state.ClosedReason = reason;
        await Save(Audit(actor, "post.withdrawn", new { reason }, now, "Huỷ bài: " + reason));
        return Done();
    }

    public async Task<PagePostResult> Correct(DraftInput? draft, string reason, Actor actor)
    {
        if (Editable(actor, "sửa, gỡ") is { } refused)
        {
            return refused;
        }

        var state = post.State;
        if (state.Status != CaseStatus.Published || state.LiveGraphId is null || state.Correction is not null)
        {
            return Refuse("invalid-transition", $"Chỉ sửa hoặc gỡ được bài đang trên Trang, chưa có đề nghị nào đang chờ / Only a published post with no correction under way ('{state.Status}').");
        }

        // The correction is a draft like any other: the whole chain approves it again before Facebook is touched.
        var now = time.GetUtcNow();
        var remove = draft is null;
        (var stored, state.Correction) = EditorialChain.ProposeCorrection(state, draft, "Gỡ bài đăng khỏi Trang. Lý do: " + reason, actor.Name, now);
        await Save(Audit(actor, remove ? "post.removal-proposed" : "post.correction-proposed",
            new { draft = stored.Number, sha256 = stored.TextSha256, reason, graphId = state.LiveGraphId, text = stored.Text }, now,
            (remove ? "Đề nghị gỡ bài khỏi Trang" : $"Đề nghị sửa bài (bản thảo số {stored.Number})") + ": " + reason));
        return Done();
    }

    public async Task PublicationCompleted(PublicationOutcome outcome)
    {
        if (EditorialChain.Published(post.State, outcome) is not { } summary)
        {
            return;
        }

        var state = post.State;
        if (outcome.Status == PublicationStatus.Published)
        {
            var draft = state.Drafts.First(d => d.Number == state.Publication!.DraftNumber);
            state.Versions.Add(new PublishedVersion(state.Correction ?? PostCorrections.Published, draft.Number, draft.Text, outcome.GraphId ?? state.LiveGraphId, outcome.At));
            if (state.Correction == PostCorrections.Remove)
            {
                state.Status = CaseStatus.Closed;
                state.ClosedReason = "removed";
                state.LiveGraphId = null;
                summary = "Đã gỡ bài khỏi Trang";
            }
            else if (state.Correction == PostCorrections.Edit)
            {
                summary = "Đã sửa bài trên Trang theo bản thảo số " + draft.Number;
            }
            else
            {
                state.LiveGraphId = outcome.GraphId;
            }

            state.Correction = null;
        }

        await Save(Audit(Actor.System("publisher"), "post.publication-" + outcome.Status,
            new { publication = outcome.Id, graphId = outcome.GraphId, error = outcome.Error }, time.GetUtcNow(), summary));
    }

    public async Task EnsurePublishing()
    {
        if (post.State is { Status: CaseStatus.Approved, Publication: { } publication } && !PublicationStatus.IsFinal(publication.Status))
        {
            await HandOver();
        }
    }

    public Task<PagePostView?> Get() => Task.FromResult(post.State.Exists ? post.State.ToView(Id) : null);

    public Task ReceiveReminder(string reminderName, Orleans.Runtime.TickStatus status) => EnsurePublishing();

    /// <summary>Gives the approved post to the page's outbox; a reminder tries again until it is taken.</summary>
    private async Task HandOver()
    {
        var state = post.State;
        var publication = state.Publication!;
        var draft = state.Drafts.First(d => d.Number == publication.DraftNumber);
        try
        {
            var (kind, target) = state.Correction switch
            {
                PostCorrections.Edit => (PublicationKinds.EditPost, state.LiveGraphId!),
                PostCorrections.Remove => (PublicationKinds.DeletePost, state.LiveGraphId!),
                _ => (PublicationKinds.PagePost, state.PageId),
            };
            await GrainFactory.GetGrain<IPagePublisherGrain>(state.PageId).Enqueue(
                new PublicationRequest(publication.Id, Id, state.PageId, kind, target, draft.Text, draft.TextSha256, null, state.Correction is null ? state.PublishAt : null,
                    kind == PublicationKinds.PagePost ? draft.Images : null));
            if (!publication.HandedOver)
            {
                state.Publication = publication with { HandedOver = true };
                state.PendingAudit = [];
                await post.WriteStateAsync();
            }

            if (await this.GetReminder(HandOverReminder) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }
        }
        catch (Exception ex)
        {
            LogHandOverFailed(logger, ex, Id);
            await this.RegisterOrUpdateReminder(HandOverReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        }
    }

    /// <summary>Drafting, submitting and withdrawing are the Editorial Board's.</summary>
    /// <summary>A draft may only name pictures that were uploaded (and passed the checks) before.</summary>
    private async Task<PagePostResult?> UnknownPictures(DraftInput draft) =>
        draft.Images is { Count: > 0 } images && await media.Missing(images) is { Count: > 0 } missing
            ? Refuse("unknown-image", $"Không có ảnh {string.Join(", ", missing.Select(m => m[..12] + "…"))}; tải ảnh lên trước (POST /api/media) / Upload the pictures first.")
            : null;

    private PagePostResult? Editable(Actor actor, string verb)
    {
        if (!post.State.Exists)
        {
            return NotFound();
        }

        return WorkflowPermissions.CanRoute(actor)
            ? null
            : Forbid($"Chỉ Ban biên tập {verb} bài đăng của Trang / Only the Editorial Board does this.");
    }

    private PendingAuditEntry Audit(Actor actor, string action, object details, DateTimeOffset now, string summary) =>
        EditorialChain.Record(post.State, "post/" + Id, actor, action, details, now, summary);

    /// <summary>Stores the change with its audit row in one write (a failed write leaves nothing in memory), then lists it.</summary>
    private async Task Save(PendingAuditEntry audit)
    {
        post.State.PendingAudit = [audit];
        post.State.UpdatedAt = time.GetUtcNow();
        try
        {
            await post.WriteStateAsync();
        }
        catch (Exception ex)
        {
            LogWriteFailed(logger, ex, Id);
            DeactivateOnIdle();
            throw;
        }

        await catalog.Project(Id, post.State);
        try
        {
            // Officer pages reload what moved (the same notice as a case's).
            await GrainFactory.GetGrain<IDashboardPushGrain>(0).Push(new DashboardDelta(
                null, [], null, null, [new CaseChange(Id, post.State.Status, [], post.State.UpdatedAt)]));
        }
        catch (Exception ex)
        {
            LogChangeNotPushed(logger, ex, Id);
        }
    }

    private PagePostResult Done() => new(post.State.ToView(Id), null);

    private static PagePostResult NotFound() => Refuse(Refusal.NotFoundCode, "Không có bài đăng này / No such post.");

    private static PagePostResult Refuse(string code, string message) => new(null, new Refusal(code, message));

    private static PagePostResult Forbid(string message) => new(null, Refusal.Forbidden(message));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Page post {PostId}: the approved post did not reach the outbox yet; a reminder retries")]
    private static partial void LogHandOverFailed(ILogger logger, Exception exception, string postId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Page post {PostId} is stored but open officer pages were not told")]
    private static partial void LogChangeNotPushed(ILogger logger, Exception exception, string postId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Page post {PostId}: the change was not stored; the grain reloads what is")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, string postId);
}
