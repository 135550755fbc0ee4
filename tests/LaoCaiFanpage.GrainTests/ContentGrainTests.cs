using System.Text;
using LaoCaiFanpage.Contracts.Accounts;
using LaoCaiFanpage.Contracts.Content;
using LaoCaiFanpage.Contracts.PagePosts;
using LaoCaiFanpage.Contracts.Publishing;
using LaoCaiFanpage.Contracts.Sla;
using LaoCaiFanpage.Contracts.Threads;
using LaoCaiFanpage.Contracts.Workflow;
using LaoCaiFanpage.Grains.Content;

using static LaoCaiFanpage.GrainTests.CaseCommands;

namespace LaoCaiFanpage.GrainTests;

/// <summary>
/// The content rules on the grains: incoming comments screened (hidden through the outbox, or queued for review),
/// officers' decisions and their reversal, and drafts that may not go for approval in a legacy encoding, without
/// diacritics or with prohibited content.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ContentGrainTests(ClusterFixture fixture)
{
    private static readonly Actor Staff = new("bientap.lan", "10.1.0.1", "xunit", [Roles.EditorialStaff]);
    private static readonly Actor Admin = new("admin", "10.1.0.5", "xunit", [Roles.Admin]);
    private static readonly Actor Leader = new("lanhdao.tu", "10.1.0.6", "xunit", [Roles.Leadership]);

    private async Task<(string Id, ICommentThreadGrain Grain, CaseSnapshot Case)> Comment(string text, MessageChannel channel = MessageChannel.Comment)
    {
        var id = channel == MessageChannel.Messenger ? $"messenger:{ClusterFixture.PageId}:{Guid.NewGuid():N}" : $"{ClusterFixture.PageId}_8_{Guid.NewGuid():N}";
        var messageId = channel == MessageChannel.Messenger ? "m_" + id : id;
        // A minute in the past: these cases stay "new", and the catalogue test expects its own new cases to be the newest.
        var now = DateTimeOffset.UtcNow.AddMinutes(-1);
        var grain = fixture.Grains.GetGrain<ICommentThreadGrain>(id);
        await grain.Ingest([new ThreadEvent(Guid.NewGuid().ToString("N"), ThreadEventKind.Add, channel, ClusterFixture.PageId, messageId, null, null,
            new Author("81", "Người bán hàng", false), text, [], now, now, null)]);
        return (id, grain, (await grain.GetCase())!);
    }

    [Fact]
    public async Task A_high_confidence_offer_is_handed_to_the_outbox_to_be_hidden_and_stays_stored()
    {
        const string text = "Bán m.a t.u.y đá giá rẻ, ship tận nơi, zalo 0987 654 321";
        var (id, _, snapshot) = await Comment(text);

        var entry = Assert.Single(snapshot.Moderation!);
        Assert.Equal((ModerationStatuses.HideQueued, FilterConfidence.High), (entry.Status, entry.Confidence));
        Assert.Equal(["12.2.đ"], entry.Clauses);
        Assert.Contains("m.a t.u.y đá", entry.Excerpts);
        Assert.True(entry.HandedOver);
        Assert.Equal("system:content-filter", entry.DecidedBy);

        // Nothing a citizen wrote is lost: the text is kept exactly.
        Assert.Equal(text, Assert.Single(snapshot.Messages).Text);
        var flagged = Assert.Single(snapshot.Workflow!.History, h => h.Action == "content.flagged");
        Assert.Equal("system:content-filter", flagged.Actor);
        Assert.Contains("12.2.đ", flagged.Detail, StringComparison.Ordinal);

        var outbox = await fixture.Grains.GetGrain<IPagePublisherGrain>(ClusterFixture.PageId).GetStatus();
        var item = Assert.Single(outbox.Items, i => i.Id == entry.PublicationId);
        Assert.Equal((PublicationKinds.HideComment, id), (item.Kind, item.CaseId));

        var queue = await fixture.Catalog.ListModeration(ModerationStatuses.HideQueued, 1, 200);
        Assert.Contains(queue.Items, i => i.CaseId == id && i.Clauses.SequenceEqual(["12.2.đ"]));
    }

    [Fact]
    public async Task A_medium_confidence_hit_waits_for_the_editorial_board_who_may_keep_it()
    {
        var (id, grain, snapshot) = await Comment("Có ai biết chỗ mua pháo nổ không ạ?");
        var entry = Assert.Single(snapshot.Moderation!);
        Assert.Equal((ModerationStatuses.PendingReview, FilterConfidence.Medium), (entry.Status, entry.Confidence));
        Assert.Null(entry.PublicationId);
        Assert.Contains((await fixture.Catalog.ListModeration(ModerationStatuses.PendingReview, 1, 200)).Items, i => i.CaseId == id);

        Refused("forbidden", await grain.Moderate(id, ModerationDecisions.Keep, null, Admin));
        Refused("forbidden", await grain.Moderate(id, ModerationDecisions.Keep, null, Leader));
        Refused("invalid-transition", await grain.Moderate(id, ModerationDecisions.Unhide, null, Staff));
        Refused("invalid-decision", await grain.Moderate(id, "delete", null, Staff));
        Refused("no-message", await grain.Moderate("nope", ModerationDecisions.Hide, null, Staff));

        var kept = Ok(await grain.Moderate(id, ModerationDecisions.Keep, "Người dân hỏi, không phải chào bán", Staff));
        var decided = Assert.Single(kept.Moderation!);
        Assert.Equal((ModerationStatuses.Kept, "bientap.lan", "Người dân hỏi, không phải chào bán"), (decided.Status, decided.DecidedBy, decided.Note));
        Assert.Equal("content.kept", kept.Workflow!.History[^1].Action);
        Assert.DoesNotContain((await fixture.Catalog.ListModeration(ModerationStatuses.PendingReview, 1, 200)).Items, i => i.CaseId == id);
        Refused("invalid-transition", await grain.Moderate(id, ModerationDecisions.Keep, null, Staff));
    }

    [Fact]
    public async Task A_hiding_is_confirmed_by_the_outbox_and_can_be_reversed()
    {
        var (id, grain, snapshot) = await Comment("Bán pháo nổ giá rẻ, inbox ngay");
        var entry = Assert.Single(snapshot.Moderation!);
        Refused("invalid-transition", await grain.Moderate(id, ModerationDecisions.Hide, null, Staff));

        // The outbox reports back (here directly, as it does after Meta answers).
        await grain.ModerationCompleted(new PublicationOutcome(entry.PublicationId!, PublicationStatus.Published, fixture.Time.GetUtcNow(), id, null, null));
        await grain.ModerationCompleted(new PublicationOutcome("hide:stale:1", PublicationStatus.Published, fixture.Time.GetUtcNow(), id, null, null));
        var hidden = Assert.Single((await grain.GetCase())!.Moderation!);
        Assert.Equal(ModerationStatuses.Hidden, hidden.Status);

        var unhiding = Assert.Single(Ok(await grain.Moderate(id, ModerationDecisions.Unhide, "Nhầm: bán pháo hoa được phép", Staff)).Moderation!);
        Assert.Equal(ModerationStatuses.UnhideQueued, unhiding.Status);
        Assert.NotEqual(entry.PublicationId, unhiding.PublicationId);
        var outbox = await fixture.Grains.GetGrain<IPagePublisherGrain>(ClusterFixture.PageId).GetStatus();
        Assert.Equal(PublicationKinds.UnhideComment, Assert.Single(outbox.Items, i => i.Id == unhiding.PublicationId).Kind);

        await grain.ModerationCompleted(new PublicationOutcome(unhiding.PublicationId!, PublicationStatus.Published, fixture.Time.GetUtcNow(), id, null, null));
        var after = (await grain.GetCase())!;
        Assert.Equal(ModerationStatuses.Unhidden, Assert.Single(after.Moderation!).Status);
        Assert.Equal(["content.flagged", "content.hide-confirmed", "content.unhide-requested", "content.unhide-confirmed"],
            after.Workflow!.History.Select(h => h.Action));
    }

    [Fact]
    public async Task A_refused_hide_returns_to_the_review_queue()
    {
        var (id, grain, snapshot) = await Comment("Bán súng hơi giá rẻ, ib");
        var entry = Assert.Single(snapshot.Moderation!);
        await grain.ModerationCompleted(new PublicationOutcome(entry.PublicationId!, PublicationStatus.Failed, fixture.Time.GetUtcNow(), null, null, "(#100) Unsupported post request"));
        var failed = Assert.Single((await grain.GetCase())!.Moderation!);
        Assert.Equal(ModerationStatuses.HideFailed, failed.Status);
        Assert.Contains("Unsupported", failed.Error, StringComparison.Ordinal);
        Assert.Contains((await fixture.Catalog.ListModeration(ModerationStatuses.HideFailed, 1, 200)).Items, i => i.CaseId == id);
        Assert.Equal(ModerationStatuses.HideQueued, Assert.Single(Ok(await grain.Moderate(id, ModerationDecisions.Hide, "Thử lại", Staff)).Moderation!).Status);
    }

    [Fact]
    public async Task Messenger_messages_are_reviewed_not_hidden()
    {
        var (id, grain, snapshot) = await Comment("Bán ma túy giá rẻ, inbox", MessageChannel.Messenger);
        var entry = Assert.Single(snapshot.Moderation!);
        Assert.Equal(ModerationStatuses.PendingReview, entry.Status);
        Assert.Equal(FilterConfidence.High, entry.Confidence);
        Refused("cannot-hide", await grain.Moderate(entry.MessageId, ModerationDecisions.Hide, null, Staff));
    }

    [Fact]
    public async Task Clean_comments_campaigns_and_reports_are_not_flagged()
    {
        foreach (var text in new[]
        {
            "Xin hỏi thủ tục cấp giấy phép xây dựng?",
            "Tháng hành động phòng, chống ma túy: nói không với ma túy.",
            "Tôi phát hiện có người bán pháo nổ ở chợ, đề nghị công an xử lý.",
        })
        {
            Assert.Empty((await Comment(text)).Case.Moderation!);
        }
    }

    [Fact]
    public async Task An_edit_that_turns_a_kept_comment_into_an_offer_is_screened_again()
    {
        var (id, grain, _) = await Comment("Có ai biết chỗ mua pháo nổ không ạ?");
        Ok(await grain.Moderate(id, ModerationDecisions.Keep, null, Staff));
        var now = fixture.Time.GetUtcNow();
        await grain.Ingest([new ThreadEvent(Guid.NewGuid().ToString("N"), ThreadEventKind.Edit, MessageChannel.Comment, ClusterFixture.PageId, id, null, null,
            new Author("81", "Người bán hàng", false), "Bán pháo nổ giá rẻ, zalo 0912345678", [], now.AddMinutes(1), now, null)]);
        Assert.Equal(ModerationStatuses.HideQueued, Assert.Single((await grain.GetCase())!.Moderation!).Status);
    }

    [Fact]
    public async Task A_draft_in_a_legacy_encoding_without_diacritics_or_with_prohibited_content_cannot_be_submitted()
    {
        var (id, grain, _) = await Comment("Xin hỏi lịch tiếp công dân tháng này?");
        Ok(await grain.ClassifyAndAssign(new Assignment(["VP"], CaseComplexity.Own), Staff));

        Ok(await grain.SaveDraft(new DraftInput("Vaên phoøng UBND tænh traû lôøi: lòch tieáp coâng daân vaøo thöù Naêm haøng tuaàn.", []), Staff));
        var refused = await grain.Submit(Staff);
        Refused("content-rejected", refused);
        Assert.Contains("VNI", refused.Refusal?.Message, StringComparison.Ordinal);

        Ok(await grain.SaveDraft(new DraftInput("Van phong UBND tinh tra loi: lich tiep cong dan vao thu Nam hang tuan.", []), Staff));
        Assert.Contains("không dấu", (await grain.Submit(Staff)).Refusal?.Message, StringComparison.Ordinal);

        Ok(await grain.SaveDraft(new DraftInput("Lịch tiếp công dân vào thứ Năm. Đồ ngu mới không biết.", []), Staff));
        Assert.Contains("12.2.d", (await grain.Submit(Staff)).Refusal?.Message, StringComparison.Ordinal);

        // Decomposed letters are stored as NFC; the approvals bind to what is stored.
        var decomposed = "Văn phòng UBND tỉnh trả lời: lịch tiếp công dân vào thứ Năm hằng tuần.".Normalize(NormalizationForm.FormD);
        var saved = Ok(await grain.SaveDraft(new DraftInput(decomposed, []), Staff));
        Assert.True(saved.Workflow!.Drafts[^1].Text.IsNormalized(NormalizationForm.FormC));
        Assert.Equal(CaseStatus.PendingEditorialHead, Ok(await grain.Submit(Staff)).Status);
    }

    [Fact]
    public async Task Official_information_may_cite_its_source_in_the_text()
    {
        var (_, grain, _) = await Comment("Xin hỏi quy định mới về thủ tục đất đai?");
        Ok(await grain.Classify(new Classification(1, Authorities.Office, null), Staff));
        Ok(await grain.Assign(new Assignment(["VP"], CaseComplexity.Own), Staff));
        Ok(await grain.SaveDraft(new DraftInput("Thủ tục thực hiện theo quy định hiện hành.", []), Staff));
        Refused("source-required", await grain.Submit(Staff));
        Ok(await grain.SaveDraft(new DraftInput("Thủ tục thực hiện theo Quyết định số 1933/QĐ-UBND của UBND tỉnh.", []), Staff));
        Ok(await grain.Submit(Staff));
    }

    [Fact]
    public async Task A_page_post_in_tcvn3_cannot_be_submitted()
    {
        var post = fixture.Grains.GetGrain<IPagePostGrain>("post-" + Guid.NewGuid().ToString("N"));
        Accepted(await post.Create(new PagePostInput("20009", new Classification(5, Authorities.Office, null),
            new DraftInput("LÞch tiÕp c«ng d©n th¸ng 12 cña UBND tØnh.", [])), Staff));
        var refused = await post.Submit(Staff);
        Assert.Equal("content-rejected", refused.Refusal?.Code);
        Assert.Contains("TCVN3", refused.Refusal?.Message, StringComparison.Ordinal);
    }

    private static void Accepted(PagePostResult result) => Assert.Null(result.Refusal);
}
