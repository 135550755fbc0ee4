using LaoCaiFanpage.Contracts.Threads;
using LaoCaiFanpage.Grains.Threads;

namespace LaoCaiFanpage.UnitTests.Threads;

public sealed class CommentThreadStateTests
{
    private const string CaseId = "100000000000001_900001_1";
    private static readonly DateTimeOffset T0 = new(2026, 11, 29, 2, 0, 0, TimeSpan.Zero);
    private static readonly Author Citizen = new("61", "Nguyễn Văn An", false);
    private static readonly Author Page = new("100000000000001", "UBND tỉnh Lào Cai", true);
    private static int _key;

    private static ThreadEvent Change(ThreadEventKind kind, string? text, DateTimeOffset at, Author? author = null, string messageId = CaseId, string? key = null) =>
        new(key ?? $"k{Interlocked.Increment(ref _key)}", kind, MessageChannel.Comment, "100000000000001", messageId,
            "100000000000001_900001", "100000000000001_900001", author ?? Citizen, text, [], at, at.AddSeconds(5), null);

    [Fact]
    public void A_retried_change_is_applied_once()
    {
        var state = new CommentThreadState();
        var add = Change(ThreadEventKind.Add, "Xin hỏi", T0, key: "same");
        Assert.True(state.Apply(add));
        Assert.False(state.Apply(add));
        Assert.Single(state.Messages);
    }

    [Fact]
    public void The_same_add_under_another_digest_changes_nothing()
    {
        var state = new CommentThreadState();
        Assert.True(state.Apply(Change(ThreadEventKind.Add, "Xin hỏi", T0)));
        Assert.False(state.Apply(Change(ThreadEventKind.Add, "Xin hỏi", T0)));
    }

    [Fact]
    public void An_edit_before_its_add_is_kept_and_wins_over_the_original_text()
    {
        var state = new CommentThreadState();
        Assert.True(state.Apply(Change(ThreadEventKind.Edit, "Bản đã sửa", T0.AddMinutes(3))));
        Assert.True(state.Apply(Change(ThreadEventKind.Add, "Bản gốc", T0)));

        var message = Assert.Single(state.ToSnapshot(CaseId).Messages);
        Assert.Equal("Bản đã sửa", message.Text);
        Assert.Equal("Bản gốc", message.OriginalText);
        Assert.True(message.AddReceived);
        Assert.Equal(T0, message.CreatedAt);
    }

    [Fact]
    public void Edits_arriving_out_of_order_leave_the_latest_text()
    {
        var state = new CommentThreadState();
        state.Apply(Change(ThreadEventKind.Add, "v1", T0));
        state.Apply(Change(ThreadEventKind.Edit, "v3", T0.AddMinutes(2)));
        state.Apply(Change(ThreadEventKind.Edit, "v2", T0.AddMinutes(1)));
        var message = state.ToSnapshot(CaseId).Messages[0];
        Assert.Equal("v3", message.Text);
        Assert.Equal(["v2", "v3"], message.Edits.Select(e => e.Text));
    }

    [Fact]
    public void A_removal_keeps_the_text_and_a_removal_before_the_add_is_reconciled()
    {
        var state = new CommentThreadState();
        Assert.True(state.Apply(Change(ThreadEventKind.Remove, null, T0.AddMinutes(5))));
        Assert.True(state.Apply(Change(ThreadEventKind.Add, "Nội dung citizen", T0)));
        Assert.False(state.Apply(Change(ThreadEventKind.Remove, null, T0.AddMinutes(6))));
        var message = state.ToSnapshot(CaseId).Messages[0];
        Assert.Equal("Nội dung citizen", message.Text);
        Assert.Equal(T0.AddMinutes(5), message.RemovedAt);
    }

    [Fact]
    public void Hide_and_unhide_follow_the_latest_instant_whatever_the_arrival_order()
    {
        var state = new CommentThreadState();
        state.Apply(Change(ThreadEventKind.Add, "x", T0));
        Assert.True(state.Apply(Change(ThreadEventKind.Unhide, null, T0.AddMinutes(2))) is false);
        Assert.True(state.Apply(Change(ThreadEventKind.Hide, null, T0.AddMinutes(3))));
        Assert.False(state.Apply(Change(ThreadEventKind.Unhide, null, T0.AddMinutes(1))));
        Assert.True(state.ToSnapshot(CaseId).Messages[0].Hidden);
    }

    [Fact]
    public void The_pages_own_comment_alone_is_not_a_case_and_a_citizen_reply_makes_it_one()
    {
        var state = new CommentThreadState();
        state.Apply(Change(ThreadEventKind.Add, "Thông báo của Trang", T0, Page));
        Assert.False(state.IsCase);
        state.Apply(Change(ThreadEventKind.Add, "Cho tôi hỏi thêm", T0.AddMinutes(1), Citizen, messageId: CaseId + "_r"));
        Assert.True(state.IsCase);
    }

    [Fact]
    public void A_page_reply_is_recorded_on_the_case_as_the_pages()
    {
        var state = new CommentThreadState();
        state.Apply(Change(ThreadEventKind.Add, "Câu hỏi", T0));
        state.Apply(Change(ThreadEventKind.Add, "Trả lời của Trang", T0.AddMinutes(1), Page, messageId: CaseId + "_p"));
        var snapshot = state.ToSnapshot(CaseId);
        Assert.Equal(2, snapshot.Messages.Count);
        Assert.Equal(Citizen.Id, snapshot.Author!.Id);
        Assert.True(snapshot.Messages[1].Author.IsPage);
        Assert.Equal(T0, snapshot.CreatedAt);
    }
}
