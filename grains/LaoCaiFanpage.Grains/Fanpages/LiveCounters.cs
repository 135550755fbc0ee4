using LaoCaiFanpage.Contracts.Fanpages;
using LaoCaiFanpage.Contracts.Threads;
using LaoCaiFanpage.Contracts.Time;

namespace LaoCaiFanpage.Grains.Fanpages;

/// <summary>
/// Today's and this hour's counts (Vietnam time) and per-post comment velocity over the last hour.
/// Counts are kept in hour buckets so that reading them costs the same at any volume; each message
/// is counted once however often it is reported.
/// </summary>
public sealed class LiveCounters
{
    private static readonly TimeSpan VelocityWindow = TimeSpan.FromHours(1);
    private const int BusiestPostCount = 5;

    private readonly Dictionary<DateTimeOffset, HourBucket> _hours = [];
    private readonly Dictionary<string, DateTimeOffset> _counted = new(StringComparer.Ordinal);
    /// <summary>Per post, comments per clock minute (minute start → count): exact under any arrival order.</summary>
    private readonly Dictionary<string, Dictionary<DateTimeOffset, int>> _postComments = new(StringComparer.Ordinal);

    private DateTimeOffset _prunedHour;

    public int OpenCases { get; private set; }

    public void SetOpenCases(int count) => OpenCases = count;

    public void CaseOpened() => OpenCases++;

    /// <summary>Counts a new message once; returns false when it was already counted.</summary>
    public bool Count(string messageId, MessageChannel channel, string? postId, bool isPage, DateTimeOffset createdAt)
    {
        if (!_counted.TryAdd(messageId, createdAt))
        {
            return false;
        }

        var hour = VietnamTime.StartOfHour(createdAt);
        if (!_hours.TryGetValue(hour, out var bucket))
        {
            bucket = new HourBucket();
            _hours.Add(hour, bucket);
        }

        if (isPage)
        {
            bucket.PageReplies++;
        }
        else if (channel == MessageChannel.Messenger)
        {
            bucket.Messages++;
        }
        else
        {
            bucket.Comments++;
            if (postId is not null)
            {
                if (!_postComments.TryGetValue(postId, out var minutes))
                {
                    minutes = [];
                    _postComments.Add(postId, minutes);
                }

                var minute = StartOfMinute(createdAt);
                minutes[minute] = minutes.GetValueOrDefault(minute) + 1;
            }
        }

        return true;
    }

    public FanpageCounters Read(DateTimeOffset now)
    {
        Prune(now);
        var today = VietnamTime.DateOf(now);
        var thisHour = VietnamTime.StartOfHour(now);
        int comments = 0, messages = 0, replies = 0, commentsHour = 0, messagesHour = 0;
        foreach (var (hour, bucket) in _hours)
        {
            if (VietnamTime.DateOf(hour) != today)
            {
                continue;
            }

            comments += bucket.Comments;
            messages += bucket.Messages;
            replies += bucket.PageReplies;
            if (hour == thisHour)
            {
                commentsHour += bucket.Comments;
                messagesHour += bucket.Messages;
            }
        }

        var busiest = _postComments
            .Select(p => new PostVelocity(p.Key, p.Value.Where(m => m.Key <= now).Sum(m => m.Value)))
            .Where(p => p.CommentsLastHour > 0)
            .OrderByDescending(p => p.CommentsLastHour)
            .ThenBy(p => p.PostId, StringComparer.Ordinal)
            .Take(BusiestPostCount)
            .ToArray();

        return new FanpageCounters(comments, commentsHour, messages, messagesHour, replies, OpenCases, busiest, now.ToVietnam());
    }

    /// <summary>Forgets what can no longer be shown: days before today, comments older than the velocity window.</summary>
    private void Prune(DateTimeOffset now)
    {
        // The window is the last 60 minutes to the minute: minute buckets starting at or after this one.
        var windowStart = StartOfMinute(now - VelocityWindow);
        foreach (var (post, minutes) in _postComments.ToList())
        {
            foreach (var old in minutes.Keys.Where(m => m < windowStart).ToList())
            {
                minutes.Remove(old);
            }

            if (minutes.Count == 0)
            {
                _postComments.Remove(post);
            }
        }

        // The per-message bookkeeping is pruned once per clock hour, not on every read.
        var hourNow = VietnamTime.StartOfHour(now);
        if (hourNow == _prunedHour)
        {
            return;
        }

        _prunedHour = hourNow;
        var startOfToday = VietnamTime.StartOf(VietnamTime.DateOf(now));
        var keepFrom = startOfToday < now - VelocityWindow ? startOfToday : now - VelocityWindow;
        foreach (var hour in _hours.Keys.Where(h => h.AddHours(1) <= keepFrom).ToList())
        {
            _hours.Remove(hour);
        }

        foreach (var id in _counted.Where(c => c.Value < keepFrom).Select(c => c.Key).ToList())
        {
            _counted.Remove(id);
        }
    }

    private static DateTimeOffset StartOfMinute(DateTimeOffset t) =>
        new(t.UtcTicks - (t.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero);

    private sealed class HourBucket
    {
        public int Comments { get; set; }

        public int Messages { get; set; }

        public int PageReplies { get; set; }
    }
}
