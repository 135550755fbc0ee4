using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using LaoCaiFanpage.Contracts.Security;

namespace LaoCaiFanpage.Simulator;

/// <summary>
/// Generates realistic traffic on the official page as signed Meta webhook deliveries: page posts of the
/// six Article 6 categories, citizens' comments (questions that belong to real units), replies, edits,
/// removals, the page's answers, Messenger conversations, citizens warning of an impostor page, and now and then a
/// crisis burst. Arrivals
/// follow a Poisson process whose rate follows the day in Vietnam time. Deterministic for a seed.
/// </summary>
public sealed class FanpageTrafficModel
{
    private static readonly TimeSpan Vn = TimeSpan.FromHours(7);

    /// <summary>Relative activity by hour of the day in Vietnam (0–23); peak 1.0.</summary>
    private static readonly double[] Rhythm =
    [
        0.05, 0.03, 0.02, 0.02, 0.03, 0.08, 0.20, 0.45, 0.80, 1.00, 0.95, 0.85,
        0.60, 0.55, 0.75, 0.85, 0.80, 0.65, 0.60, 0.80, 0.90, 0.70, 0.40, 0.15,
    ];

    private readonly SimulatorOptions _options;
    private readonly Random _random;
    private readonly List<string> _posts = [];
    private readonly List<(string Id, string PostId, string AuthorId, string AuthorName, string Text)> _comments = [];
    private readonly List<string> _messengerUsers = [];
    private readonly SimulatedPage[] _impostors;
    private readonly byte[] _secret;
    private long _sequence;

    public FanpageTrafficModel(SimulatorOptions options)
    {
        _options = options;
        _random = new Random(options.Seed);
        _secret = Encoding.UTF8.GetBytes(options.AppSecret);
        _impostors = [.. new ImpostorPageModel(options).Pages().Where(p => p.Impersonates)];
    }

    /// <summary>Rate multiplier (0–1] for an instant, following the day in Vietnam.</summary>
    public static double RhythmAt(DateTimeOffset instant) => Rhythm[instant.ToOffset(Vn).Hour];

    /// <summary>The deliveries from <paramref name="start"/> on, in time order, without end.</summary>
    public IEnumerable<SimulatedDelivery> From(DateTimeOffset start)
    {
        var peakPerSecond = _options.PeakPerMinute / 60;
        var t = start;
        yield return Post(t, category: 1);
        yield return Post(t, category: 5);

        var nextCrisisCheck = t.AddHours(1);
        while (true)
        {
            // Thinning: draw at the peak rate, keep each arrival with the rhythm's probability.
            t = t.AddSeconds(-Math.Log(1 - _random.NextDouble()) / peakPerSecond);
            if (t >= nextCrisisCheck)
            {
                nextCrisisCheck = nextCrisisCheck.AddHours(1);
                if (_random.NextDouble() < _options.CrisisBurstsPerHour)
                {
                    foreach (var burst in CrisisBurst(t))
                    {
                        yield return burst;
                    }
                }
            }

            if (_options.Diurnal && _random.NextDouble() > RhythmAt(t))
            {
                continue;
            }

            yield return Next(t);
        }
    }

    /// <summary>A burst of angry comments on one post within a few minutes, as a crisis detector must notice.</summary>
    public IEnumerable<SimulatedDelivery> CrisisBurst(DateTimeOffset start, int? size = null)
    {
        var post = Post(start, category: 6);
        yield return post;
        var postId = _posts[^1];
        var count = size ?? _random.Next(30, 80);
        var t = start;
        for (var i = 0; i < count; i++)
        {
            t = t.AddSeconds(_random.Next(1, 8));
            var (id, name) = Citizen();
            yield return Comment(t, postId, NewCommentId(postId), null, id, name, Pick(VietnameseText.AngryComments), "crisis-comment");
        }
    }

    private SimulatedDelivery Next(DateTimeOffset t)
    {
        var roll = _random.NextDouble();
        if (_posts.Count == 0 || roll < 0.04)
        {
            return Post(t, _random.Next(1, 7));
        }

        if (roll < 0.50 || _comments.Count == 0)
        {
            var postId = RecentPost();
            var (id, name) = Citizen();
            return Comment(t, postId, NewCommentId(postId), null, id, name, Question(), "comment");
        }

        if (roll < 0.62)
        {
            var parent = RecentComment();
            var (id, name) = _random.NextDouble() < 0.5 ? (parent.AuthorId, parent.AuthorName) : Citizen();
            return Comment(t, parent.PostId, NewCommentId(parent.PostId), parent.Id, id, name, Pick(VietnameseText.Replies), "reply");
        }

        if (roll < 0.70)
        {
            var parent = RecentComment();
            return Comment(t, parent.PostId, NewCommentId(parent.PostId), parent.Id, _options.PageId, _options.PageName, Pick(VietnameseText.PageReplies), "page-reply");
        }

        if (roll < 0.75)
        {
            var comment = RecentComment();
            return Change(t, comment, "edited", comment.Text + " (bổ sung: mong được trả lời sớm)", "edit");
        }

        if (roll < 0.77)
        {
            return Change(t, RecentComment(), "remove", null, "remove");
        }

        if (roll < 0.785)
        {
            var (id, name) = Citizen();
            var page = _impostors[_random.Next(_impostors.Length)];
            var postId = RecentPost();
            return Comment(t, postId, NewCommentId(postId), null, id, name, Pick(VietnameseText.ImpostorReports).Replace("{page}", page.Name, StringComparison.Ordinal), "impostor-report");
        }

        return Messenger(t);
    }

    private SimulatedDelivery Post(DateTimeOffset t, int category)
    {
        var postId = $"{_options.PageId}_{900000 + _posts.Count + 1}";
        _posts.Add(postId);
        var value = new JsonObject
        {
            ["item"] = "status",
            ["verb"] = "add",
            ["post_id"] = postId,
            ["from"] = new JsonObject { ["id"] = _options.PageId, ["name"] = _options.PageName },
            ["created_time"] = t.ToUnixTimeSeconds(),
            ["message"] = Pick(VietnameseText.PostsByCategory[category - 1]),
            ["published"] = 1,
        };
        return Feed(t, $"post-category-{category}", value, postId);
    }

    private SimulatedDelivery Comment(DateTimeOffset t, string postId, string commentId, string? parentId, string authorId, string authorName, string text, string kind)
    {
        if (parentId is null)
        {
            _comments.Add((commentId, postId, authorId, authorName, text));
        }

        var value = new JsonObject
        {
            ["item"] = "comment",
            ["verb"] = "add",
            ["comment_id"] = commentId,
            ["post_id"] = postId,
            ["parent_id"] = parentId ?? postId,
            ["from"] = new JsonObject { ["id"] = authorId, ["name"] = authorName },
            ["created_time"] = t.ToUnixTimeSeconds(),
            ["message"] = text,
            ["post"] = new JsonObject { ["status_type"] = "mobile_status_update", ["is_published"] = true, ["permalink_url"] = $"https://www.facebook.com/UBNDTLC/posts/{postId.Split('_')[^1]}" },
        };
        return Feed(t, kind, value, commentId);
    }

    private SimulatedDelivery Change(DateTimeOffset t, (string Id, string PostId, string AuthorId, string AuthorName, string Text) comment, string verb, string? text, string kind)
    {
        var value = new JsonObject
        {
            ["item"] = "comment",
            ["verb"] = verb,
            ["comment_id"] = comment.Id,
            ["post_id"] = comment.PostId,
            ["parent_id"] = comment.PostId,
            ["from"] = new JsonObject { ["id"] = comment.AuthorId, ["name"] = comment.AuthorName },
            ["created_time"] = t.ToUnixTimeSeconds(),
        };
        if (text is not null)
        {
            value["message"] = text;
            value["edited_time"] = t.ToUnixTimeSeconds();
        }

        return Feed(t, kind, value, comment.Id);
    }

    private SimulatedDelivery Messenger(DateTimeOffset t)
    {
        string psid;
        if (_messengerUsers.Count == 0 || _random.NextDouble() < 0.4)
        {
            psid = (7_200_000_000_000_000L + _random.Next(1, 1_000_000)).ToString(CultureInfo.InvariantCulture);
            _messengerUsers.Add(psid);
        }
        else
        {
            psid = _messengerUsers[_random.Next(_messengerUsers.Count)];
        }

        var mid = $"m_{_options.Seed}_{++_sequence}";
        var message = new JsonObject { ["mid"] = mid, ["text"] = Pick(VietnameseText.MessengerOpeners).Replace("{place}", Pick(VietnameseText.Places), StringComparison.Ordinal) };
        var body = new JsonObject
        {
            ["object"] = "page",
            ["entry"] = new JsonArray(new JsonObject
            {
                ["id"] = _options.PageId,
                ["time"] = t.ToUnixTimeMilliseconds(),
                ["messaging"] = new JsonArray(new JsonObject
                {
                    ["sender"] = new JsonObject { ["id"] = psid },
                    ["recipient"] = new JsonObject { ["id"] = _options.PageId },
                    ["timestamp"] = t.ToUnixTimeMilliseconds(),
                    ["message"] = message,
                }),
            }),
        };
        return Sign(t, "messenger", body, mid);
    }

    private SimulatedDelivery Feed(DateTimeOffset t, string kind, JsonObject value, string messageId)
    {
        var body = new JsonObject
        {
            ["object"] = "page",
            ["entry"] = new JsonArray(new JsonObject
            {
                ["id"] = _options.PageId,
                ["time"] = t.ToUnixTimeSeconds(),
                ["changes"] = new JsonArray(new JsonObject { ["field"] = "feed", ["value"] = value }),
            }),
        };
        return Sign(t, kind, body, messageId);
    }

    /// <summary>Serialises as Meta does (non-ASCII escaped as \uXXXX) and signs the exact bytes.</summary>
    private SimulatedDelivery Sign(DateTimeOffset t, string kind, JsonObject body, string messageId)
    {
        var bytes = Encoding.UTF8.GetBytes(body.ToJsonString());
        var signature = HmacSignature.Compute(_secret, bytes);
        return new SimulatedDelivery(t, kind, bytes, signature, [messageId]);
    }

    /// <summary>A citizen's question or report (each template belongs to a real unit of the province).</summary>
    private string Question() =>
        VietnameseText.Questions[_random.Next(VietnameseText.Questions.Length)].Template.Replace("{place}", Pick(VietnameseText.Places), StringComparison.Ordinal);

    private (string Id, string Name) Citizen()
    {
        var id = (6_100_000_000_000_000L + _random.Next(1, 5_000_000)).ToString(CultureInfo.InvariantCulture);
        return (id, $"{Pick(VietnameseText.FamilyNames)} {Pick(VietnameseText.MiddleNames)} {Pick(VietnameseText.GivenNames)}");
    }

    private string RecentPost() => _posts[Math.Max(0, _posts.Count - 1 - _random.Next(Math.Min(_posts.Count, 5)))];

    private (string Id, string PostId, string AuthorId, string AuthorName, string Text) RecentComment() =>
        _comments[Math.Max(0, _comments.Count - 1 - _random.Next(Math.Min(_comments.Count, 40)))];

    private string NewCommentId(string postId) => $"{postId}_{_options.Seed}{++_sequence:D7}";

    private string Pick(string[] items) => items[_random.Next(items.Length)];
}
