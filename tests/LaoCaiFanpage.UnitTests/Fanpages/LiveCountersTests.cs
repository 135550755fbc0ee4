using LaoCaiFanpage.Contracts.Threads;
using LaoCaiFanpage.Grains.Fanpages;

namespace LaoCaiFanpage.UnitTests.Fanpages;

public sealed class LiveCountersTests
{
    private static readonly TimeSpan Vn = TimeSpan.FromHours(7);

    [Fact]
    public void Counts_today_and_this_hour_in_vietnam_time()
    {
        var counters = new LiveCounters();
        var now = new DateTimeOffset(2026, 11, 29, 10, 30, 0, Vn);
        counters.Count("a", MessageChannel.Comment, "p1", false, new DateTimeOffset(2026, 11, 29, 0, 10, 0, Vn));
        counters.Count("b", MessageChannel.Comment, "p1", false, new DateTimeOffset(2026, 11, 29, 10, 5, 0, Vn));
        counters.Count("c", MessageChannel.Messenger, null, false, new DateTimeOffset(2026, 11, 29, 10, 6, 0, Vn));
        counters.Count("d", MessageChannel.Comment, "p1", true, new DateTimeOffset(2026, 11, 29, 10, 7, 0, Vn));
        // 23:59 on the 28th in Vietnam is still the 28th, although it is the 28th at 16:59 UTC too.
        counters.Count("e", MessageChannel.Comment, "p1", false, new DateTimeOffset(2026, 11, 28, 23, 59, 0, Vn));

        var read = counters.Read(now);
        Assert.Equal(2, read.CommentsToday);
        Assert.Equal(1, read.CommentsThisHour);
        Assert.Equal(1, read.MessagesToday);
        Assert.Equal(1, read.MessagesThisHour);
        Assert.Equal(1, read.PageRepliesToday);
        Assert.Equal(Vn, read.AsOf.Offset);
    }

    [Fact]
    public void A_message_reported_twice_is_counted_once()
    {
        var counters = new LiveCounters();
        var at = new DateTimeOffset(2026, 11, 29, 9, 0, 0, Vn);
        Assert.True(counters.Count("a", MessageChannel.Comment, "p", false, at));
        Assert.False(counters.Count("a", MessageChannel.Comment, "p", false, at));
        Assert.Equal(1, counters.Read(at.AddMinutes(1)).CommentsToday);
    }

    [Fact]
    public void Counters_start_again_at_midnight_vietnam_time()
    {
        var counters = new LiveCounters();
        counters.Count("a", MessageChannel.Comment, "p", false, new DateTimeOffset(2026, 11, 29, 23, 50, 0, Vn));
        Assert.Equal(1, counters.Read(new DateTimeOffset(2026, 11, 29, 23, 59, 0, Vn)).CommentsToday);
        var after = counters.Read(new DateTimeOffset(2026, 11, 30, 0, 1, 0, Vn));
        Assert.Equal(0, after.CommentsToday);
        Assert.Equal(0, after.CommentsThisHour);
        // The comment is still inside the velocity window across midnight.
        Assert.Equal(1, Assert.Single(after.BusiestPosts).CommentsLastHour);
    }

    [Fact]
    public void Post_velocity_covers_the_last_hour_and_ranks_posts()
    {
        var counters = new LiveCounters();
        var now = new DateTimeOffset(2026, 11, 29, 15, 0, 0, Vn);
        for (var i = 0; i < 5; i++)
        {
            counters.Count($"hot{i}", MessageChannel.Comment, "hot", false, now.AddMinutes(-10 - i));
        }

        counters.Count("cold1", MessageChannel.Comment, "cold", false, now.AddMinutes(-5));
        counters.Count("old", MessageChannel.Comment, "cold", false, now.AddMinutes(-61));

        var busiest = counters.Read(now).BusiestPosts;
        Assert.Equal(["hot", "cold"], busiest.Select(p => p.PostId));
        Assert.Equal([5, 1], busiest.Select(p => p.CommentsLastHour));
    }

    [Fact]
    public void Open_cases_follow_the_seed_and_new_cases()
    {
        var counters = new LiveCounters();
        counters.SetOpenCases(7);
        counters.CaseOpened();
        Assert.Equal(8, counters.Read(DateTimeOffset.UtcNow).OpenCases);
    }
}
