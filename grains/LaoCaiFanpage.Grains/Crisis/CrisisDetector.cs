namespace LaoCaiFanpage.Grains.Crisis;

/// <summary>One citizen comment as the detectors see it.</summary>
public sealed record CommentObservation(string? PostId, DateTimeOffset At, bool Negative, IReadOnlyList<string> SensitiveKeywords);

/// <summary>A burst the detectors found, with the evidence a crisis officer reads.</summary>
public sealed record DetectedBurst(
    string Scope,
    IReadOnlyList<string> Detectors,
    int Severity,
    string Title,
    IReadOnlyList<string> Evidence,
    IReadOnlyList<string> PostIds,
    IReadOnlyList<string> Keywords,
    DateTimeOffset At);

/// <summary>
/// Watches the page's comments for media crises (R8.4d): comment velocity per post and page-wide against a
/// baseline (the recent hours and the same hour on previous days, never below an absolute floor), the share of
/// negative comments, and sensitive topics. Hysteresis: a scope that burst raises nothing new until it has been
/// calm for the cool-down, so one burst is one alert. Pure: time is the comments' own.
/// </summary>
public sealed class CrisisDetector(CrisisDetectionOptions options)
{
    private const string PageScope = "page";
    private const int BaselineDays = 7;

    private readonly Dictionary<string, ScopeState> _scopes = new(StringComparer.Ordinal);

    /// <summary>Feeds one comment; returns the bursts it completes (usually none).</summary>
    public IReadOnlyList<DetectedBurst> Observe(CommentObservation comment)
    {
        var bursts = new List<DetectedBurst>();
        var page = Scope(PageScope);
        page.Add(comment);
        ScopeState? post = null;
        if (comment.PostId is { } postId)
        {
            post = Scope("post:" + postId);
            post.Add(comment);
            if (Evaluate(post, options.PostFloor, comment.At, [postId]) is { } burst)
            {
                bursts.Add(burst);
            }

            if (!post.Armed)
            {
                // The page-wide count rises with this post's: one burst, one alert.
                page.Disarm(comment.At);
            }
        }

        if (bursts.Count == 0 && Evaluate(page, options.PageFloor, comment.At, []) is { } pageBurst)
        {
            bursts.Add(pageBurst);

            // The posts that made the page burst are part of it: no second alert from them.
            foreach (var busy in page.RecentPosts(comment.At, Window))
            {
                Scope("post:" + busy).Disarm(comment.At);
            }
        }

        Prune(comment.At);
        return bursts;
    }

    private TimeSpan Window => TimeSpan.FromMinutes(options.WindowMinutes);

    private ScopeState Scope(string key)
    {
        if (!_scopes.TryGetValue(key, out var scope))
        {
            _scopes[key] = scope = new ScopeState(key);
        }

        return scope;
    }

    private DetectedBurst? Evaluate(ScopeState scope, int floor, DateTimeOffset now, List<string> postIds)
    {
        var (count, negative, keywords) = scope.Window(now, Window);
        var expected = scope.Expected(now, Window);
        var threshold = Math.Max(floor, options.VelocityFactor * expected);
        var calm = count < threshold / 2 && (count < options.NegativeSample || negative < options.NegativeShare * 0.6 * count);
        if (!scope.Armed)
        {
            scope.Rearm(now, calm, TimeSpan.FromMinutes(options.CooldownMinutes));
            return null;
        }

        var detectors = new List<string>();
        var evidence = new List<string>();
        var velocity = count >= threshold;
        if (velocity)
        {
            detectors.Add("velocity");
            evidence.Add($"{count} bình luận trong {options.WindowMinutes} phút, gấp {(expected > 0 ? count / expected : count):0.#} lần mức thường ({expected:0.#}); ngưỡng {threshold:0.#}");
        }

        // Anger is many negative comments, a large share of the window, and far more than this scope's usual
        // complaints could produce by chance (a binomial z-score against the usual share).
        var usual = Math.Clamp(scope.UsualNegativeShare(now), 0.05, 0.9);
        var z = count == 0 ? 0 : (negative - count * usual) / Math.Sqrt(count * usual * (1 - usual));
        var angry = negative >= options.NegativeSample && negative >= options.NegativeShare * count && z >= options.NegativeZScore;
        if (angry)
        {
            detectors.Add("negative-sentiment");
            evidence.Add($"{negative}/{count} bình luận mang sắc thái tiêu cực ({100.0 * negative / count:0}%; thường ngày {100 * usual:0}%, z = {z:0.0})");
        }

        var sensitive = keywords.Where(k => k.Value >= options.KeywordComments).Select(k => k.Key).ToList();
        if (sensitive.Count > 0)
        {
            detectors.Add("sensitive-topic");
            evidence.Add("Chủ đề nhạy cảm: " + string.Join(", ", keywords.Where(k => k.Value >= options.KeywordComments).Select(k => $"\"{k.Key}\" ({k.Value} bình luận)")));
        }

        // Speed alone is attention, anger or a sensitive topic is a crisis, together they are serious.
        var severity = (velocity ? 1 : 0) + (angry ? 1 : 0) + (sensitive.Count > 0 ? 1 : 0) + (velocity && count >= 2 * threshold ? 1 : 0);
        if (severity == 0 || (velocity && !angry && sensitive.Count == 0 && count < 2 * threshold))
        {
            return null;
        }

        scope.Disarm(now);

        // A page-wide burst is about the posts that carry it: the angriest when it is anger, else the busiest.
        var posts = scope.Key == PageScope ? [.. scope.BusiestPosts(now, Window, angry)] : postIds;
        var where = posts.Count == 1 ? "ở bài đăng " + posts[0] : "trên toàn Trang";
        var title = (angry, sensitive.Count > 0) switch
        {
            (true, true) => $"Phản ứng tiêu cực về chủ đề nhạy cảm ({string.Join(", ", sensitive)}) {where}",
            (true, false) => $"Bình luận tiêu cực tăng đột biến {where}",
            (false, true) => $"Chủ đề nhạy cảm ({string.Join(", ", sensitive)}) {where}",
            _ => $"Lượng bình luận tăng đột biến {where}",
        };
        return new DetectedBurst(scope.Key, detectors, Math.Min(4, severity), title, evidence, posts, sensitive, now);
    }

    private void Prune(DateTimeOffset now)
    {
        if (_scopes.Count < 512)
        {
            return;
        }

        foreach (var key in _scopes.Where(s => s.Key != PageScope && s.Value.LastAt < now - TimeSpan.FromDays(2)).Select(s => s.Key).ToList())
        {
            _scopes.Remove(key);
        }
    }

    /// <summary>One scope's recent comments (minute buckets) and its hourly history for the baseline.</summary>
    private sealed class ScopeState(string key)
    {
        private readonly Queue<CommentObservation> _recent = new();
        private readonly Dictionary<long, int> _hourly = [];
        private readonly Dictionary<long, int> _hourlyNegative = [];
        private readonly Dictionary<string, int> _keywords = new(StringComparer.Ordinal);
        private int _negative;
        private (long Hour, double Share, double PerHour)? _baseline;
        private DateTimeOffset? _disarmedAt;
        private DateTimeOffset _lastBusy;

        public string Key { get; } = key;

        public bool Armed => _disarmedAt is null;

        public DateTimeOffset LastAt { get; private set; }

        public void Add(CommentObservation comment)
        {
            _recent.Enqueue(comment);
            _negative += comment.Negative ? 1 : 0;
            foreach (var keyword in comment.SensitiveKeywords)
            {
                _keywords[keyword] = _keywords.GetValueOrDefault(keyword) + 1;
            }

            var hour = HourOf(comment.At);
            _hourly[hour] = _hourly.GetValueOrDefault(hour) + 1;
            if (comment.Negative)
            {
                _hourlyNegative[hour] = _hourlyNegative.GetValueOrDefault(hour) + 1;
            }

            LastAt = comment.At > LastAt ? comment.At : LastAt;
            var keepFrom = HourOf(comment.At) - BaselineDays * 24 - 1;
            if (_hourly.Count > BaselineDays * 24 + 48)
            {
                foreach (var old in _hourly.Keys.Where(h => h < keepFrom).ToList())
                {
                    _hourly.Remove(old);
                    _hourlyNegative.Remove(old);
                }
            }
        }

        /// <summary>The window's figures, kept as running counts: each comment is added once and removed once.</summary>
        public (int Count, int Negative, Dictionary<string, int> Keywords) Window(DateTimeOffset now, TimeSpan window)
        {
            while (_recent.Count > 0 && _recent.Peek().At <= now - window)
            {
                var expired = _recent.Dequeue();
                _negative -= expired.Negative ? 1 : 0;
                foreach (var keyword in expired.SensitiveKeywords)
                {
                    if (--_keywords[keyword] == 0)
                    {
                        _keywords.Remove(keyword);
                    }
                }
            }

            return (_recent.Count, _negative, _keywords);
        }

        public IEnumerable<string> RecentPosts(DateTimeOffset now, TimeSpan window) =>
            _recent.Where(c => c.At > now - window && c.PostId is not null).Select(c => c.PostId!).Distinct();

        /// <summary>The posts with at least a third of the window's comments (negative ones when <paramref name="negative"/>).</summary>
        public IEnumerable<string> BusiestPosts(DateTimeOffset now, TimeSpan window, bool negative)
        {
            var recent = _recent.Where(c => c.At > now - window && c.PostId is not null && (!negative || c.Negative)).ToList();
            return recent.GroupBy(c => c.PostId!).Where(g => g.Count() * 3 >= recent.Count).OrderByDescending(g => g.Count()).Select(g => g.Key);
        }

        /// <summary>Comments expected in a window: the busier of the last three hours and the same hour on previous days.</summary>
        public double Expected(DateTimeOffset now, TimeSpan window) => Baseline(now).PerHour * window.TotalMinutes / 60;

        /// <summary>The share of negative comments before this hour (a fifth until there are 50 comments to judge by).</summary>
        public double UsualNegativeShare(DateTimeOffset now) => Baseline(now).Share;

        /// <summary>The baseline changes only with the hour: computed once per hour.</summary>
        private (long Hour, double Share, double PerHour) Baseline(DateTimeOffset now)
        {
            var hour = HourOf(now);
            if (_baseline is { } cached && cached.Hour == hour)
            {
                return cached;
            }

            var total = 0;
            var negative = 0;
            foreach (var (h, count) in _hourly)
            {
                if (h < hour)
                {
                    total += count;
                    negative += _hourlyNegative.GetValueOrDefault(h);
                }
            }

            _baseline = (hour, total < 50 ? 0.2 : (double)negative / total, ExpectedPerHour(hour));
            return _baseline.Value;
        }

        private double ExpectedPerHour(long hour)
        {
            var recent = (_hourly.GetValueOrDefault(hour - 1) + _hourly.GetValueOrDefault(hour - 2) + _hourly.GetValueOrDefault(hour - 3)) / 3.0;
            var sameHour = Enumerable.Range(1, BaselineDays).Select(d => hour - d * 24).Where(_hourly.ContainsKey).Select(h => (double)_hourly[h]).DefaultIfEmpty(0).Average();
            return Math.Max(recent, sameHour);
        }

        public void Disarm(DateTimeOffset now)
        {
            _disarmedAt ??= now;
            _lastBusy = now;
        }

        /// <summary>Armed again once nothing has been busy for the cool-down (a quiet gap counts as calm).</summary>
        public void Rearm(DateTimeOffset now, bool calm, TimeSpan cooldown)
        {
            if (!calm)
            {
                _lastBusy = now;
            }
            else if (now - _lastBusy >= cooldown)
            {
                _disarmedAt = null;
            }
        }

        private static long HourOf(DateTimeOffset at) => at.ToUnixTimeSeconds() / 3600;
    }
}
