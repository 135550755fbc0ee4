using LaoCaiFanpage.Contracts.Security;
using LaoCaiFanpage.Contracts.Threads;
using LaoCaiFanpage.Silo.Webhooks;
using LaoCaiFanpage.Simulator;

namespace LaoCaiFanpage.UnitTests.Simulator;

public sealed class FanpageTrafficModelTests
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 30, 0, 0, 0, TimeSpan.FromHours(7));

    private static SimulatorOptions Options(int seed = 7) => new() { AppSecret = "simulator_secret_123", Seed = seed, PeakPerMinute = 120 };

    [Fact]
    public void The_same_seed_gives_the_same_deliveries_and_another_seed_different_ones()
    {
        var a = new FanpageTrafficModel(Options()).From(Monday).Take(500).ToArray();
        var b = new FanpageTrafficModel(Options()).From(Monday).Take(500).ToArray();
        var c = new FanpageTrafficModel(Options(8)).From(Monday).Take(500).ToArray();
        Assert.Equal(a.Select(d => Convert.ToHexString(d.Body)), b.Select(d => Convert.ToHexString(d.Body)));
        Assert.Equal(a.Select(d => d.At), b.Select(d => d.At));
        Assert.NotEqual(a.Select(d => Convert.ToHexString(d.Body)), c.Select(d => Convert.ToHexString(d.Body)));
    }

    [Fact]
    public void Every_delivery_is_signed_like_meta_and_accepted_by_the_parser()
    {
        var kinds = new Dictionary<string, int>();
        var channels = new HashSet<MessageChannel>();
        var verbs = new HashSet<ThreadEventKind>();
        var impostorNames = new ImpostorPageModel(Options()).Pages().Where(p => p.Impersonates).Select(p => p.Name).ToArray();
        foreach (var delivery in new FanpageTrafficModel(Options()).From(Monday.AddHours(9)).Take(3000))
        {
            Assert.True(HmacSignature.IsValid("simulator_secret_123", delivery.Body, delivery.Signature));
            Assert.All(delivery.Body, b => Assert.True(b < 0x80, "Meta escapes non-ASCII as \\uXXXX"));
            var parsed = MetaWebhookParser.Parse(delivery.Body, "100000000000001", delivery.At);
            var routed = Assert.Single(parsed.Events);
            Assert.Empty(parsed.Ignored);
            Assert.Equal(delivery.MessageIds[0], routed.Event.MessageId);
            channels.Add(routed.Event.Channel);
            verbs.Add(routed.Event.Kind);
            kinds[delivery.Kind] = kinds.GetValueOrDefault(delivery.Kind) + 1;
            if (delivery.Kind == "impostor-report")
            {
                // A citizen names the page that contacted them: one of the simulated impostors.
                Assert.Contains(impostorNames, name => routed.Event.Text!.Contains(name, StringComparison.Ordinal));
            }

            Assert.False(string.IsNullOrWhiteSpace(routed.Event.Text) && routed.Event.Kind == ThreadEventKind.Add);
        }

        Assert.Equal([MessageChannel.Comment, MessageChannel.Post, MessageChannel.Messenger], channels.Order());
        Assert.Contains(ThreadEventKind.Edit, verbs);
        Assert.Contains(ThreadEventKind.Remove, verbs);
        Assert.All(new[] { "comment", "reply", "page-reply", "messenger", "edit", "remove", "impostor-report" }, k => Assert.True(kinds.GetValueOrDefault(k) > 10, k));
        Assert.True(kinds.Keys.Count(k => k.StartsWith("post-category-", StringComparison.Ordinal)) >= 5, "page posts of the Article 6 categories");
    }

    [Fact]
    public void Traffic_follows_the_day_in_vietnam_time()
    {
        var byHour = new int[24];
        foreach (var delivery in new FanpageTrafficModel(Options() with { CrisisBurstsPerHour = 0, PeakPerMinute = 20 }).From(Monday).TakeWhile(d => d.At < Monday.AddDays(7)))
        {
            byHour[delivery.At.ToOffset(TimeSpan.FromHours(7)).Hour]++;
        }

        var night = byHour[1] + byHour[2] + byHour[3];
        var morning = byHour[9] + byHour[10] + byHour[11];
        Assert.True(morning > 15 * night, $"morning {morning}, night {night}");
        // About 20 a minute at the peak hour, for 7 days.
        Assert.InRange(byHour[9], 0.9 * 20 * 60 * 7, 1.1 * 20 * 60 * 7);
    }

    [Fact]
    public void A_crisis_burst_is_a_flood_of_angry_comments_on_one_new_post_within_minutes()
    {
        var burst = new FanpageTrafficModel(Options()).CrisisBurst(Monday.AddHours(10), 50).ToArray();
        var post = MetaWebhookParser.Parse(burst[0].Body, "100000000000001", Monday).Events[0].Event;
        Assert.Equal(MessageChannel.Post, post.Channel);
        var comments = burst.Skip(1).Select(d => MetaWebhookParser.Parse(d.Body, "100000000000001", Monday).Events[0].Event).ToArray();
        Assert.Equal(50, comments.Length);
        Assert.All(comments, c => Assert.Equal(post.PostId, c.PostId));
        Assert.True(burst[^1].At - burst[0].At < TimeSpan.FromMinutes(8));
        string[] negative = ["bức xúc", "thất vọng", "không thể chấp nhận", "Tắc trách", "tồi tệ"];
        Assert.All(comments, c => Assert.True(negative.Any(w => c.Text!.Contains(w, StringComparison.Ordinal)), c.Text));
    }
}
