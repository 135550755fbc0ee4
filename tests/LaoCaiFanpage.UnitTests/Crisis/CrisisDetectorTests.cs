using LaoCaiFanpage.Grains.Content;
using LaoCaiFanpage.Grains.Crisis;
using Xunit.Abstractions;

namespace LaoCaiFanpage.UnitTests.Crisis;

/// <summary>The crisis detectors on simulated traffic: a burst is caught in seconds, an ordinary week is quiet.</summary>
public sealed class CrisisDetectorTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 23, 0, 0, 0, TimeSpan.FromHours(7));

    private static readonly CommentSignals Signals = new(
        new VietnameseSentiment(VietnameseSentiment.Load(), new ProhibitedContentFilter(ProhibitedLexicon.Load()).Teencode),
        new CrisisDetectionOptions().SensitiveKeywords,
        new ProhibitedContentFilter(ProhibitedLexicon.Load()).Teencode);

    private static readonly string[] Ordinary =
    [
        "Xin hỏi thủ tục cấp phép xây dựng nhà ở?", "Cảm ơn cán bộ phường rất tận tình", "Lịch tiếp công dân tháng này là ngày nào ạ?",
        "Đường thôn em bị hỏng, mong tỉnh quan tâm", "Chúc mừng các em học sinh đạt giải", "Cho hỏi giờ làm việc của bộ phận một cửa",
        "Thông tin rất hữu ích, cảm ơn Ban biên tập", "Bao giờ có kết quả thi công chức ạ?", "Dịch vụ công trực tuyến còn chậm trễ quá",
        "Ủng hộ chủ trương của tỉnh",
    ];

    private static readonly string[] Angry =
    [
        "Chính quyền quá vô trách nhiệm, dân bức xúc lắm rồi", "Thật thất vọng, hứa suông mãi", "chinh quyen tac trach, dan kho qua",
        "Quan liêu, hách dịch, ai chịu trách nhiệm đây 😡", "Phẫn nộ! Đề nghị cách chức ngay", "lam an nhu the nay ko tot chut nao",
    ];

    [Fact]
    public void A_burst_of_angry_comments_on_one_post_is_caught_within_ten_seconds_and_raised_once()
    {
        var detector = new CrisisDetector(new CrisisDetectionOptions());
        var now = Monday.AddHours(20);
        var random = new Random(3);

        // An ordinary evening first.
        for (var i = 0; i < 60; i++)
        {
            now = now.AddSeconds(60);
            Assert.Empty(detector.Observe(Signals.Read("post-" + random.Next(5), now, Ordinary[random.Next(Ordinary.Length)])));
        }

        // Then a post goes viral in anger: four comments a second for two minutes.
        var onset = now;
        var bursts = new List<DetectedBurst>();
        for (var i = 0; i < 480; i++)
        {
            now = now.AddMilliseconds(250);
            bursts.AddRange(detector.Observe(Signals.Read("post-viral", now, Angry[i % Angry.Length])));
        }

        foreach (var found in bursts)
        {
            output.WriteLine($"detected {(found.At - onset).TotalSeconds:0.0} s after onset: {found.Title} · severity {found.Severity} · {string.Join(" | ", found.Evidence)}");
        }

        var burst = Assert.Single(bursts);
        Assert.True(burst.At - onset <= TimeSpan.FromSeconds(10), $"after {burst.At - onset}");
        Assert.Equal(["post-viral"], burst.PostIds);
        Assert.Contains("negative-sentiment", burst.Detectors);
        Assert.Contains("post-viral", burst.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void Sensitive_topics_raise_a_crisis_even_on_a_quiet_page()
    {
        var detector = new CrisisDetector(new CrisisDetectionOptions());
        var now = Monday.AddHours(9);
        var bursts = new List<DetectedBurst>();
        foreach (var text in new[] { "Sạt lở ở Bảo Yên có người mất tích", "Nghe nói sạt lở nghiêm trọng lắm", "Xin thông tin về vụ sạt lở ạ" })
        {
            now = now.AddMinutes(2);
            bursts.AddRange(detector.Observe(Signals.Read("post-1", now, text)));
        }

        var burst = Assert.Single(bursts);
        Assert.Equal(["sensitive-topic"], burst.Detectors);
        Assert.Equal(["sạt lở"], burst.Keywords);
    }

    [Fact]
    public void A_week_of_ordinary_diurnal_traffic_raises_at_most_one_false_alert()
    {
        var detector = new CrisisDetector(new CrisisDetectionOptions());
        var random = new Random(11);
        var alerts = new List<DetectedBurst>();
        var comments = 0;
        for (var hour = 0; hour < 8 * 24; hour++)
        {
            // The page's day: quiet at night, busy at lunch and in the evening (up to ~150 comments an hour).
            var h = hour % 24;
            var perHour = h switch { < 6 => 4, < 11 => 40, < 14 => 110, < 18 => 60, < 23 => 150, _ => 20 };
            var at = Monday.AddHours(hour);
            for (var i = 0; i < perHour; i++)
            {
                at = at.AddSeconds(-Math.Log(1 - random.NextDouble()) * 3600.0 / perHour);
                if (at >= Monday.AddHours(hour + 1))
                {
                    break;
                }

                // Ordinary traffic has its share of complaints (one in six).
                var text = random.Next(6) == 0 ? Angry[random.Next(Angry.Length)] : Ordinary[random.Next(Ordinary.Length)];
                alerts.AddRange(detector.Observe(Signals.Read("post-" + random.Next(8), at, text)));
                comments++;
            }
        }

        output.WriteLine($"{comments} comments over 8 days, {alerts.Count} false alert(s)" + string.Concat(alerts.Select(a => $"\n  {a.At:dd/MM HH:mm} {a.Title} ({string.Join(", ", a.Detectors)})")));
        Assert.True(alerts.Count <= 1, $"{alerts.Count} false alerts");
    }

    [Fact]
    public void After_a_burst_calms_down_a_new_burst_raises_a_new_alert()
    {
        var detector = new CrisisDetector(new CrisisDetectionOptions { CooldownMinutes = 30 });
        var now = Monday.AddHours(10);
        var first = Burst(detector, ref now, "post-a");
        Assert.Single(first);
        now = now.AddMinutes(45);
        var second = Burst(detector, ref now, "post-a");
        Assert.Single(second);
    }

    private static List<DetectedBurst> Burst(CrisisDetector detector, ref DateTimeOffset now, string post)
    {
        var found = new List<DetectedBurst>();
        for (var i = 0; i < 60; i++)
        {
            now = now.AddSeconds(1);
            found.AddRange(detector.Observe(Signals.Read(post, now, Angry[i % Angry.Length])));
        }

        return found;
    }
}
