using LaoCaiFanpage.Contracts.Accounts;
using LaoCaiFanpage.Contracts.PagePosts;
using LaoCaiFanpage.Contracts.Publishing;
using LaoCaiFanpage.Contracts.Threads;
using LaoCaiFanpage.Contracts.Workflow;

namespace LaoCaiFanpage.GrainTests;

/// <summary>The Office's own posts go through the same chain as answers.</summary>
[Collection(ClusterCollection.Name)]
public sealed class PagePostGrainTests(ClusterFixture fixture)
{
    private static readonly Actor Staff = new("bientap.mai", null, null, [Roles.EditorialStaff]);
    private static readonly Actor Head = new("truongban.hung", null, null, [Roles.EditorialHead]);
    private static readonly Actor Chief = new("chanhvp.minh", null, null, [Roles.ChiefOfOffice]);
    private static readonly Actor Standing = new("thuongtruc.an", null, null, [Roles.StandingCommittee]);

    private IPagePostGrain NewPost() => fixture.Grains.GetGrain<IPagePostGrain>("post-" + Guid.NewGuid().ToString("N"));

    private static PagePostView Ok(PagePostResult result)
    {
        Assert.Null(result.Refusal);
        return result.Post!;
    }

    private static void Refused(string code, PagePostResult result) => Assert.Equal(code, result.Refusal?.Code);

    [Fact]
    public async Task A_post_beyond_the_office_goes_through_the_head_and_the_chief_to_the_standing_committee_and_then_to_the_outbox()
    {
        var post = NewPost();
        Ok(await post.Create(new PagePostInput("20001", new Classification(4, Authorities.StandingCommittee, "Hội nghị xúc tiến đầu tư"), new DraftInput("Chủ tịch UBND tỉnh tiếp đoàn doanh nghiệp.", [])), Staff));
        Refused("exists", await post.Create(new PagePostInput("20001", new Classification(4, Authorities.Office, null), new DraftInput("Lần nữa", [])), Staff));
        Refused("source-required", await post.Submit(Staff));
        Ok(await post.SaveDraft(new DraftInput("Chủ tịch UBND tỉnh tiếp đoàn doanh nghiệp.", ["Thông cáo báo chí số 15/TCBC-UBND"]), Staff));
        Ok(await post.Submit(Staff));
        Assert.Equal(CaseStatus.PendingChiefOfOffice, Ok(await post.Approve(2, Head)).Status);
        Refused("out-of-order", await post.Approve(2, Standing));
        Assert.Equal(CaseStatus.PendingStandingCommittee, Ok(await post.Approve(2, Chief)).Status);
        Refused("out-of-order", await post.Approve(2, Chief));
        var approved = Ok(await post.Approve(2, Standing));
        Assert.Equal(CaseStatus.Approved, approved.Status);
        Assert.Equal(PublicationStatus.Queued, approved.Publication!.Status);

        var outbox = fixture.Grains.GetGrain<IPagePublisherGrain>("20001");
        PublisherStatus status = null!;
        for (var i = 0; i < 50 && !(status = await outbox.GetStatus()).Items.Any(); i++)
        {
            await Task.Delay(100);
        }

        var item = Assert.Single(status.Items);
        Assert.Equal(PublicationKinds.PagePost, item.Kind);
        Assert.Equal(approved.Id, item.CaseId);
    }

    [Fact]
    public async Task Only_the_editorial_board_writes_and_withdraws_and_a_rejection_returns_the_post()
    {
        var post = NewPost();
        var officer = new Actor("canbo.sxd", null, null, [Roles.UnitOfficer], "SXD");
        Refused("forbidden", await post.Create(new PagePostInput("20002", new Classification(5, Authorities.Office, null), new DraftInput("Bài của đơn vị", [])), officer));
        Ok(await post.Create(new PagePostInput("20002", new Classification(5, Authorities.Office, null), new DraftInput("Lịch tiếp công dân tháng 12.", [])), Staff));
        Refused("forbidden", await post.SaveDraft(new DraftInput("Sửa", []), officer));
        Ok(await post.Submit(Staff));
        Refused("invalid-transition", await post.Withdraw("Không đăng nữa", Staff));
        var rejected = Ok(await post.Reject("Thiếu địa điểm tiếp", Head));
        Assert.Equal(CaseStatus.Drafting, rejected.Status);
        var withdrawn = Ok(await post.Withdraw("Đã đăng trên Cổng thông tin", Staff));
        Assert.Equal(CaseStatus.Closed, withdrawn.Status);
        Assert.Equal(["post.created", "post.submitted", "post.rejected", "post.withdrawn"], withdrawn.History.Select(h => h.Action));
    }
}
