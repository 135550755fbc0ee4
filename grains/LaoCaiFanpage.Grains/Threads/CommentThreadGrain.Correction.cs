using LaoCaiFanpage.Contracts.Accounts;
using LaoCaiFanpage.Contracts.PagePosts;
using LaoCaiFanpage.Contracts.Publishing;
using LaoCaiFanpage.Contracts.Sla;
using LaoCaiFanpage.Contracts.Threads;
using LaoCaiFanpage.Contracts.Workflow;
using LaoCaiFanpage.Grains.Workflow;

namespace LaoCaiFanpage.Grains.Threads;

/// <summary>
/// A published answer with an error (Art. 8.1): the correction, or the removal, is itself a draft that the whole
/// chain approves before it is applied to the page's reply on Facebook; every version stays in the case.
/// </summary>
public sealed partial class CommentThreadGrain
{
    public async Task<CaseCommandResult> Correct(DraftInput? draft, string reason, Actor actor)
    {
        var state = thread.State;
        if (!state.IsCase)
        {
            return NoCase();
        }

        if (!WorkflowPermissions.CanRoute(actor))
        {
            return Forbid("Chỉ Ban biên tập đề nghị sửa, gỡ câu trả lời đã đăng / Only the Editorial Board corrects a published answer.");
        }

        if (state.Channel == MessageChannel.Messenger)
        {
            return Refuse("messenger-final", "Tin nhắn Messenger đã gửi không sửa, gỡ được; mở lại vụ việc để gửi tin đính chính / A sent Messenger message cannot be changed: reopen the case to send a correction.");
        }

        if (state.Status != CaseStatus.Published || state.LiveReplyId is null || state.Correction is not null)
        {
            return Refuse("invalid-transition", $"Chỉ sửa, gỡ được câu trả lời đang trên Trang, chưa có đề nghị nào đang chờ / Only a published answer with no correction under way ('{state.Status}').");
        }

        var now = time.GetUtcNow();
        var remove = draft is null;
        (var stored, state.Correction) = EditorialChain.ProposeCorrection(state, draft, "Gỡ câu trả lời khỏi Trang. Lý do: " + reason, actor.Name, now);
        await Save([], Audit(actor, remove ? "case.removal-proposed" : "case.correction-proposed",
            new { draft = stored.Number, sha256 = stored.TextSha256, reason, graphId = state.LiveReplyId, text = stored.Text }, now,
            (remove ? "Đề nghị gỡ câu trả lời khỏi Trang" : $"Đề nghị sửa câu trả lời (bản thảo số {stored.Number})") + ": " + reason));
        return Done();
    }

    /// <summary>The reply as Facebook now shows it joins the case's versions; returns the history's line for a correction.</summary>
    private string? RecordVersion(PublicationOutcome outcome)
    {
        var state = thread.State;
        var draft = state.Drafts.First(d => d.Number == state.Publication!.DraftNumber);
        state.Versions.Add(new PublishedVersion(state.Correction ?? PostCorrections.Published, draft.Number, draft.Text, outcome.GraphId ?? state.LiveReplyId, outcome.At));
        var correction = state.Correction;
        state.Correction = null;
        switch (correction)
        {
            case PostCorrections.Remove:
                state.Status = CaseStatus.Closed;
                state.ClosedReason = "answer-removed";
                state.LiveReplyId = null;
                return "Đã gỡ câu trả lời khỏi Trang";
            case PostCorrections.Edit:
                return "Đã sửa câu trả lời trên Trang theo bản thảo số " + draft.Number;
            default:
                state.LiveReplyId = outcome.GraphId;
                state.AnsweredAt ??= outcome.At;
                return null;
        }
    }
}
