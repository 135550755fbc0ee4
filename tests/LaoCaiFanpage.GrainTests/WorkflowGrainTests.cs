using LaoCaiFanpage.Contracts.Accounts;
using LaoCaiFanpage.Contracts.Publishing;
using LaoCaiFanpage.Contracts.Sla;
using LaoCaiFanpage.Contracts.Threads;
using LaoCaiFanpage.Contracts.Workflow;
using LaoCaiFanpage.Grains.Workflow;

using static LaoCaiFanpage.GrainTests.CaseCommands;

namespace LaoCaiFanpage.GrainTests;

/// <summary>The editorial workflow of Article 8 on the case grain: every transition, and every refusal per role.</summary>
[Collection(ClusterCollection.Name)]
public class WorkflowGrainTests(ClusterFixture fixture)
{
    private static readonly Actor Staff = new("bientap.lan", "10.1.0.1", "xunit", [Roles.EditorialStaff]);
    private static readonly Actor Head = new("truongban.hung", "10.1.0.2", "xunit", [Roles.EditorialHead]);
    private static readonly Actor Chief = new("chanhvp.minh", "10.1.0.3", "xunit", [Roles.ChiefOfOffice]);
    private static readonly Actor Standing = new("thuongtruc.an", "10.1.0.4", "xunit", [Roles.StandingCommittee]);
    private static readonly Actor Admin = new("admin", "10.1.0.5", "xunit", [Roles.Admin]);
    private static readonly Actor Leader = new("lanhdao.tu", "10.1.0.6", "xunit", [Roles.Leadership]);

    private static Actor OfficerOf(string unit) => new("canbo." + unit.ToLowerInvariant(), "10.2.0.1", "xunit", [Roles.UnitOfficer], unit);

    private async Task<(string Id, ICommentThreadGrain Grain)> NewCase(MessageChannel channel = MessageChannel.Comment)
    {
        var id = channel == MessageChannel.Messenger ? $"messenger:{ClusterFixture.PageId}:{Guid.NewGuid():N}" : $"{ClusterFixture.PageId}_7_{Guid.NewGuid():N}";
        var now = fixture.Time.GetUtcNow();
        var grain = fixture.Grains.GetGrain<ICommentThreadGrain>(id);
        await grain.Ingest([new ThreadEvent(Guid.NewGuid().ToString("N"), ThreadEventKind.Add, channel, ClusterFixture.PageId,
            channel == MessageChannel.Messenger ? "m_" + id : id, null, null, new Author("71", "Lò Văn Sáng", false),
            "Xin hỏi thủ tục cấp phép xây dựng nhà ở tại phường Cốc Lếu?", [], now, now, null)]);
        return (id, grain);
    }

    private static async Task<(string Id, ICommentThreadGrain Grain)> Routed(Task<(string Id, ICommentThreadGrain Grain)> created, string unit, int category = 5, string authority = Authorities.Office)
    {
        var (id, grain) = await created;
        Ok(await grain.Classify(new Classification(category, authority, "Xây dựng"), Staff));
        Ok(await grain.Assign(new Assignment([unit], CaseComplexity.Own), Staff));
        return (id, grain);
    }

    [Fact]
    public async Task An_answer_goes_from_the_unit_through_the_editorial_head_and_the_chief_of_office_to_the_outbox()
    {
        var (id, grain) = await Routed(NewCase(), "SXD");
        var officer = OfficerOf("SXD");
        var drafted = Ok(await grain.SaveDraft(new DraftInput("Kính gửi ông Sáng, hồ sơ gồm đơn đề nghị và bản vẽ.", ["Nghị định 175/2024/NĐ-CP"]), officer));
        Assert.Equal(CaseStatus.Drafting, drafted.Status);
        // A draft is work in progress; the submitted answer meets the unit's 1-working-day clock.
        Assert.Equal(ClockStates.Running, drafted.Clocks.Single(c => c.Kind == ClockKinds.Answer).State);

        var submitted = Ok(await grain.Submit(officer));
        Assert.Equal(CaseStatus.PendingEditorialHead, submitted.Status);
        Assert.Equal(ClockStates.Met, submitted.Clocks.Single(c => c.Kind == ClockKinds.Answer).State);
        Refused("out-of-order", await grain.Approve(null, Chief));
        Assert.Equal(CaseStatus.PendingChiefOfOffice, Ok(await grain.Approve(1, Head)).Status);

        // One person holding both approving roles cannot give both approvals.
        Refused("same-approver", await grain.Approve(1, Chief with { Name = Head.Name }));
        var approved = Ok(await grain.Approve(1, Chief));
        Assert.Equal(CaseStatus.Approved, approved.Status);

        var workflow = approved.Workflow!;
        Assert.Equal(["truongban.hung", "chanhvp.minh"], workflow.Approvals.Select(a => a.Approver));
        Assert.All(workflow.Approvals, a => Assert.Equal(workflow.Drafts[^1].TextSha256, a.TextSha256));
        Assert.Equal(PublicationStatus.Queued, workflow.Publication!.Status);
        Assert.Equal(["case.classified", "case.assigned", "case.draft-saved", "case.submitted", "case.approved", "case.approved"],
            workflow.History.Select(h => h.Action));
        Assert.Equal(["bientap.lan", "bientap.lan", "canbo.sxd", "canbo.sxd", "truongban.hung", "chanhvp.minh"], workflow.History.Select(h => h.Actor));

        // No page token in this silo: the outbox halts with the reason instead of publishing anything.
        var outbox = fixture.Grains.GetGrain<IPagePublisherGrain>(ClusterFixture.PageId);
        PublisherStatus status = null!;
        for (var i = 0; i < 50 && !(status = await outbox.GetStatus()).Halted; i++)
        {
            await Task.Delay(100);
        }

        Assert.True(status.Halted);
        Assert.Contains("PageAccessToken", status.HaltReason, StringComparison.Ordinal);
        Assert.Contains(status.Items, i => i.CaseId == id && i.Status == PublicationStatus.Queued);

        // What the outbox reports when it gets through: the case is published, then closed.
        var published = fixture.Grains.GetGrain<ICommentThreadGrain>(id);
        await published.PublicationCompleted(new PublicationOutcome(workflow.Publication.Id, PublicationStatus.Published, fixture.Time.GetUtcNow(), "c_99", null, null));
        Assert.Equal(CaseStatus.Published, (await published.GetCase())!.Status);
        Assert.Equal(CaseStatus.Closed, Ok(await published.Close(new CloseRequest(null, null), Staff)).Status);
        await outbox.Resume(Admin);
    }

    [Fact]
    public async Task A_matter_beyond_the_office_goes_to_the_standing_committee_after_the_editorial_head_and_the_chief()
    {
        var (_, grain) = await Routed(NewCase(), "SNNMT", authority: Authorities.StandingCommittee);
        Ok(await grain.SaveDraft(new DraftInput("Ủy ban nhân dân tỉnh sẽ xem xét đề nghị của ông.", []), Staff));
        Ok(await grain.Submit(Staff));
        Refused("out-of-order", await grain.Approve(null, Standing));
        Assert.Equal(CaseStatus.PendingChiefOfOffice, Ok(await grain.Approve(null, Head)).Status);

        // Art. 8.1: the Chief of Office reviews everything the page publishes; the Standing Committee does not act before him.
        var early = await grain.Approve(null, Standing);
        Refused("out-of-order", early);
        Assert.Contains("Chánh Văn phòng", early.Refusal?.Message, StringComparison.Ordinal);
        Assert.Equal(CaseStatus.PendingStandingCommittee, Ok(await grain.Approve(null, Chief)).Status);
        Refused("out-of-order", await grain.Approve(null, Chief));
        var approved = Ok(await grain.Approve(null, Standing));
        Assert.Equal(CaseStatus.Approved, approved.Status);
        Assert.Equal(["editorial-head", "chief-of-office", "standing-committee"], approved.Workflow!.Approvals.Select(a => a.Step));
    }

    [Fact]
    public async Task A_new_draft_after_an_approval_voids_it_and_the_chain_restarts_from_the_editorial_head()
    {
        var (_, grain) = await Routed(NewCase(), "STC");
        Ok(await grain.SaveDraft(new DraftInput("Bản thứ nhất.", []), Staff));
        Ok(await grain.Submit(Staff));
        Ok(await grain.Approve(1, Head));

        var redrafted = Ok(await grain.SaveDraft(new DraftInput("Bản thứ hai, đã sửa số liệu.", []), Staff));
        Assert.Equal(CaseStatus.Drafting, redrafted.Status);
        Assert.True(redrafted.Workflow!.Approvals.Single().Voided);

        Ok(await grain.Submit(Staff));
        Refused("out-of-order", await grain.Approve(2, Chief));
        Refused("draft-changed", await grain.Approve(1, Head));
        Assert.Equal(CaseStatus.PendingChiefOfOffice, Ok(await grain.Approve(2, Head)).Status);
        var approved = Ok(await grain.Approve(2, Chief));
        Assert.Equal(2, approved.Workflow!.Publication!.DraftNumber);
        Assert.Equal(2, approved.Workflow.Approvals.Count(a => !a.Voided && a.DraftNumber == 2));
    }

    [Fact]
    public async Task A_rejection_returns_the_draft_with_its_reason_and_only_the_step_owner_rejects()
    {
        var (_, grain) = await Routed(NewCase(), "SYT");
        Ok(await grain.SaveDraft(new DraftInput("Trả lời sơ bộ.", []), Staff));
        Ok(await grain.Submit(Staff));
        Refused("out-of-order", await grain.Reject("Chưa đủ", Chief));
        Refused("forbidden", await grain.Reject("Chưa đủ", Staff));

        // Whoever administers never approves, even when an account (or a forged call) claims both roles.
        var adminHead = new Actor("quantri.hung", "10.1.0.9", "xunit", [Roles.Admin, Roles.EditorialHead]);
        Refused("forbidden", await grain.Approve(1, adminHead));
        Refused("forbidden", await grain.Reject("Chưa đủ", adminHead));
        var rejected = Ok(await grain.Reject("Cần nêu rõ thời hạn giải quyết", Head));
        Assert.Equal(CaseStatus.Drafting, rejected.Status);
        Assert.Equal("Cần nêu rõ thời hạn giải quyết", rejected.Workflow!.Rejections.Single().Reason);
        Assert.Equal("truongban.hung", rejected.Workflow.Rejections.Single().By);
    }

    [Fact]
    public async Task Roles_outside_the_step_are_refused()
    {
        var (_, grain) = await Routed(NewCase(), "SXD");
        Refused("forbidden", await grain.Classify(new Classification(5, Authorities.Office, null), Leader));
        Refused("forbidden", await grain.SaveDraft(new DraftInput("Không phải đơn vị của tôi.", []), OfficerOf("STC")));
        Ok(await grain.SaveDraft(new DraftInput("Trả lời.", []), Staff));
        Ok(await grain.Submit(Staff));
        Refused("forbidden", await grain.Approve(null, Admin));
        Refused("forbidden", await grain.Approve(null, Staff));
        Refused("forbidden", await grain.Approve(null, OfficerOf("SXD")));
        Refused("forbidden", await grain.Close(new CloseRequest(DismissalReasons.Spam, null), OfficerOf("SXD")));
    }

    [Fact]
    public async Task Official_information_cannot_be_submitted_without_its_source()
    {
        var (_, grain) = await Routed(NewCase(), "STP", category: 3);
        Ok(await grain.SaveDraft(new DraftInput("Theo quy định mới, lệ phí được miễn.", []), Staff));
        Refused("source-required", await grain.Submit(Staff));
        Ok(await grain.SaveDraft(new DraftInput("Theo quy định mới, lệ phí được miễn.", ["https://vanban.laocai.gov.vn/qd-12-2026"]), Staff));
        Assert.Equal(CaseStatus.PendingEditorialHead, Ok(await grain.Submit(Staff)).Status);
    }

    [Fact]
    public async Task Transitions_out_of_order_are_refused_with_the_state_in_the_reason()
    {
        var (_, grain) = await NewCase();
        Refused("not-classified", await grain.Assign(new Assignment(["SXD"], CaseComplexity.Own), Staff));
        Refused("invalid-transition", await grain.SaveDraft(new DraftInput("Quá sớm.", []), Staff));
        Refused("not-pending", await grain.Approve(null, Head));
        Ok(await grain.Classify(new Classification(5, Authorities.Office, null), Staff));
        Ok(await grain.Assign(new Assignment(["SXD"], CaseComplexity.Own), Staff));
        Refused("invalid-transition", await grain.Submit(Staff));
        Refused("invalid-transition", await grain.Reopen("Không có gì để mở", Staff));
        Ok(await grain.SaveDraft(new DraftInput("Trả lời.", []), Staff));
        Ok(await grain.Submit(Staff));
        Refused("invalid-transition", await grain.Close(new CloseRequest(DismissalReasons.Spam, null), Staff));
        Refused("invalid-transition", await grain.Classify(new Classification(1, Authorities.Office, null), Staff));
        Refused("invalid-transition", await grain.Reassign(new Assignment(["STC"], CaseComplexity.Own), Staff));
    }

    [Fact]
    public async Task Spam_is_closed_as_not_actionable_with_its_clocks_stopped_and_can_be_reopened()
    {
        var (_, grain) = await NewCase();
        Refused("reason-required", await grain.Close(new CloseRequest(null, null), Staff));
        var closed = Ok(await grain.Close(new CloseRequest(DismissalReasons.Spam, "Quảng cáo bán hàng"), Staff));
        Assert.Equal(CaseStatus.NotActionable, closed.Status);
        Assert.Equal("spam: Quảng cáo bán hàng", closed.Workflow!.ClosedReason);
        Assert.All(closed.Clocks, c => Assert.NotNull(c.CompletedAt));
        Assert.Equal(CaseStatus.New, Ok(await grain.Reopen("Người dân hỏi lại thật", Staff)).Status);
    }

    [Fact]
    public async Task A_duplicate_is_merged_into_the_case_that_carries_the_answer()
    {
        var (keepId, keep) = await Routed(NewCase(), "SXD");
        var (dupId, duplicate) = await Routed(NewCase(), "SXD");
        Refused("merge-target", await duplicate.MergeInto(dupId, Staff));
        var merged = Ok(await duplicate.MergeInto(keepId, Staff));
        Assert.Equal(CaseStatus.Merged, merged.Status);
        Assert.Equal(keepId, merged.Workflow!.MergedInto);
        Assert.Equal(ClockStates.Cancelled, merged.Clocks.Single(c => c.Kind == ClockKinds.Answer).State);
        Assert.Contains(dupId, (await keep.GetCase())!.Workflow!.MergedFrom);

        var (_, third) = await NewCase();
        Refused("merge-target", await third.MergeInto(dupId, Staff));
    }

    [Fact]
    public async Task Each_unit_of_a_complex_case_writes_its_own_part_and_the_editorial_board_composes_the_answer()
    {
        var (_, grain) = await NewCase();
        Ok(await grain.Classify(new Classification(5, Authorities.Office, null), Staff));
        Ok(await grain.Assign(new Assignment(["SXD", "STC"], CaseComplexity.Complex), Staff));
        Refused("no-contribution", await grain.Submit(OfficerOf("SXD")));

        Ok(await grain.SaveDraft(new DraftInput("SXD: giấy phép cấp trong 15 ngày.", []), OfficerOf("SXD")));
        Ok(await grain.SaveDraft(new DraftInput("STC: lệ phí 75.000 đồng.", ["Thông tư 85/2019/TT-BTC"]), OfficerOf("STC")));
        var revised = Ok(await grain.SaveDraft(new DraftInput("SXD: giấy phép cấp trong 15 ngày làm việc.", []), OfficerOf("SXD")));
        Assert.Empty(revised.Workflow!.Drafts);
        Assert.Equal(CaseStatus.Drafting, revised.Status);
        Assert.Equal([("SXD", "SXD: giấy phép cấp trong 15 ngày làm việc."), ("STC", "STC: lệ phí 75.000 đồng.")],
            revised.Workflow.Contributions!.OrderByDescending(c => c.Unit).Select(c => (c.Unit, c.Text)));
        Assert.All(revised.Clocks.Where(c => c.Kind == ClockKinds.Answer), c => Assert.Equal(ClockStates.Running, c.State));

        // SXD submits its part: its clock stops; STC's runs on.
        var submitted = Ok(await grain.Submit(OfficerOf("SXD")));
        Assert.Equal(CaseStatus.Drafting, submitted.Status);
        Assert.Equal(ClockStates.Met, submitted.Clocks.Single(c => c.Kind == ClockKinds.Answer && c.Unit == "SXD").State);
        Assert.Equal(ClockStates.Running, submitted.Clocks.Single(c => c.Kind == ClockKinds.Answer && c.Unit == "STC").State);
        Assert.NotNull(submitted.Workflow!.Contributions!.Single(c => c.Unit == "SXD").SubmittedAt);
        Refused("invalid-transition", await grain.Submit(OfficerOf("SXD")));

        // The Board composes the one answer; submitting it measures the unit that has not submitted at that instant.
        Ok(await grain.SaveDraft(new DraftInput("Giấy phép cấp trong 15 ngày làm việc; lệ phí 75.000 đồng.", ["Thông tư 85/2019/TT-BTC"]), Staff));
        var composed = Ok(await grain.Submit(Staff));
        Assert.Equal(CaseStatus.PendingEditorialHead, composed.Status);
        Assert.Equal("Giấy phép cấp trong 15 ngày làm việc; lệ phí 75.000 đồng.", composed.Workflow!.Drafts.Single().Text);
        Assert.All(composed.Clocks.Where(c => c.Kind == ClockKinds.Answer), c => Assert.Equal(ClockStates.Met, c.State));
        Refused("invalid-transition", await grain.SaveDraft(new DraftInput("STC muộn", []), OfficerOf("STC")));

        // Sent back: the units' clocks start again and their parts wait to be submitted again.
        var rejected = Ok(await grain.Reject("Thiếu căn cứ về thời hạn", Head));
        Assert.All(rejected.Workflow!.Contributions!, c => Assert.Null(c.SubmittedAt));
        Assert.Equal(2, rejected.Clocks.Count(c => c.Kind == ClockKinds.Answer && c.State == ClockStates.Running));
    }

    [Fact]
    public async Task The_asked_unit_answers_a_coordination_request_and_its_clock_is_met()
    {
        var (_, grain) = await NewCase();
        Ok(await grain.Classify(new Classification(5, Authorities.Office, null), Staff));
        Ok(await grain.Assign(new Assignment(["SXD", "STC"], CaseComplexity.Complex), Staff));
        var asked = Ok(await grain.RequestCoordination(new CoordinationRequest("SXD", "SNNMT", "Cung cấp trích lục thửa đất"), OfficerOf("SXD")));
        var clock = asked.Clocks.Single(c => c.Kind == ClockKinds.Coordination);
        Refused("forbidden", await grain.AnswerCoordination(clock.Id, "Không phải tôi", OfficerOf("SXD")));
        var answered = Ok(await grain.AnswerCoordination(clock.Id, "Thửa đất số 12 thuộc quy hoạch đất ở", OfficerOf("SNNMT")));
        Assert.Equal(ClockStates.Met, answered.Clocks.Single(c => c.Id == clock.Id).State);
        Assert.Equal("Thửa đất số 12 thuộc quy hoạch đất ở", answered.Workflow!.CoordinationAnswers.Single().Text);
        Refused("clock-finished", await grain.AnswerCoordination(clock.Id, "Lần nữa", OfficerOf("SNNMT")));
    }

    [Fact]
    public async Task Reassigning_stops_the_old_units_clock_and_starts_the_new_ones()
    {
        var (_, grain) = await Routed(NewCase(), "STC");
        var moved = Ok(await grain.Reassign(new Assignment(["SXD"], CaseComplexity.Own), Staff));
        Assert.Equal(["SXD"], moved.Units);
        Assert.Equal(ClockStates.Cancelled, moved.Clocks.Single(c => c.Kind == ClockKinds.Answer && c.Unit == "STC").State);
        Assert.Equal(ClockStates.Running, moved.Clocks.Single(c => c.Kind == ClockKinds.Answer && c.Unit == "SXD").State);
        Refused("unchanged", await grain.Reassign(new Assignment(["SXD"], CaseComplexity.Own), Staff));
    }

    [Fact]
    public async Task A_messenger_answer_longer_than_meta_allows_is_refused()
    {
        var (_, grain) = await Routed(NewCase(MessageChannel.Messenger), "SXD");
        Refused("too-long", await grain.SaveDraft(new DraftInput(new string('a', 2001), []), Staff));
    }
}

/// <summary>The outbox sends only text whose SHA-256 is the approved one.</summary>
[Collection(ClusterCollection.Name)]
public class OutboxIntegrityTests(ClusterFixture fixture)
{
    [Fact]
    public async Task A_text_that_is_not_the_approved_text_is_refused_before_any_call_to_facebook()
    {
        var page = "2000" + Random.Shared.Next(100000, 999999);
        var outbox = fixture.Grains.GetGrain<IPagePublisherGrain>(page);
        var approved = ApprovalChain.Digest("Văn bản đã duyệt.");
        await outbox.Enqueue(new PublicationRequest("tampered#1", "no-such-case", page, PublicationKinds.CommentReply, page + "_1_2", "Văn bản đã bị sửa.", approved, null));

        PublisherStatus status = null!;
        for (var i = 0; i < 50 && (status = await outbox.GetStatus()).Items.Single().Status == PublicationStatus.Queued; i++)
        {
            await Task.Delay(100);
        }

        var item = status.Items.Single();
        Assert.Equal(PublicationStatus.Failed, item.Status);
        Assert.Equal(0, item.Attempts);
        Assert.Contains("SHA-256", item.LastError, StringComparison.Ordinal);

        // The check does not depend on the token: this silo has none, and the outbox did not even try (it would have halted).
        Assert.False(status.Halted);
    }
}
