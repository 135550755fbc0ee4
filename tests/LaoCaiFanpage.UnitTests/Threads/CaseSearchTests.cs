using LaoCaiFanpage.Contracts.Threads;
using LaoCaiFanpage.Grains.Threads;

namespace LaoCaiFanpage.UnitTests.Threads;

public sealed class CaseSearchTests
{
    [Theory]
    [InlineData("duong", new[] { "duong" })]
    [InlineData("ĐƯỜNG", new[] { "duong" })]
    [InlineData("Nguyễn  Văn Đức", new[] { "nguyen", "van", "duc" })]
    [InlineData("Nguye\u0302\u0303n", new[] { "nguyen" })]
    [InlineData("\" OR 1=1 -- NEAR(x) *: & | !", new[] { "or", "1", "near", "x" })]
    [InlineData("tổ 7, phường Cốc Lếu", new[] { "to", "7", "phuong", "coc", "leu" })]
    [InlineData("!!! ...", new string[0])]
    public void A_query_becomes_bare_folded_words_with_no_search_syntax(string query, string[] expected) =>
        Assert.Equal(expected, CaseSearch.Terms(query));

    [Fact]
    public void Each_profile_gets_the_same_words_as_prefixes()
    {
        var terms = CaseSearch.Terms("Học phí");
        Assert.Equal("\"hoc\"* \"phi\"*", CaseSearch.Fts5Match(terms));
        Assert.Equal("hoc:* & phi:*", CaseSearch.TsQuery(terms));
    }

    [Fact]
    public void The_indexed_text_is_what_citizens_wrote_as_it_now_reads_and_their_names_never_the_pages_replies()
    {
        var state = new CommentThreadState { IsCase = true };
        state.Messages["c1"] = new StoredMessage { Id = "c1", AuthorId = "61", AuthorName = "Trần Thị Bình", OriginalText = "Đường hỏng", ReceivedAt = DateTimeOffset.UnixEpoch };
        state.Messages["c1"].Edits.Add(new StoredRevision { Text = "Đường tổ 7 sạt lở", EditedAt = DateTimeOffset.UnixEpoch.AddMinutes(1) });
        state.Messages["r1"] = new StoredMessage { Id = "r1", AuthorId = "page", AuthorName = "UBND tỉnh Lào Cai", IsPage = true, OriginalText = "Cảm ơn bà đã phản ánh", ReceivedAt = DateTimeOffset.UnixEpoch.AddHours(1) };

        var text = CaseSearch.TextOf(state);

        Assert.Contains("tran thi binh", text, StringComparison.Ordinal);
        Assert.Contains("duong to 7 sat lo", text, StringComparison.Ordinal);
        Assert.DoesNotContain("hong", text, StringComparison.Ordinal);
        Assert.DoesNotContain("cam on", text, StringComparison.Ordinal);
        Assert.DoesNotContain("ubnd", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_very_long_conversation_is_indexed_up_to_the_limit()
    {
        var state = new CommentThreadState { IsCase = true, Channel = MessageChannel.Messenger };
        for (var i = 0; i < 100; i++)
        {
            state.Messages["m" + i] = new StoredMessage { Id = "m" + i, AuthorId = "61", OriginalText = new string('a', 500) + " " + i, ReceivedAt = DateTimeOffset.UnixEpoch.AddMinutes(i) };
        }

        Assert.True(CaseSearch.TextOf(state).Length <= CaseSearch.MaxIndexedLength);
    }
}
