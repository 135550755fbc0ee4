using System.Security.Cryptography;
using System.Text;
using LaoCaiFanpage.Contracts.Fanpages;
using LaoCaiFanpage.Contracts.Sla;
using LaoCaiFanpage.Contracts.Threads;
using Microsoft.Extensions.Configuration;

namespace LaoCaiFanpage.Dashboard;

/// <summary>
/// What a screen in a room full of people may carry. A Messenger conversation is private: a screen shows that one
/// arrived ("tin nhắn riêng"), never its words, its sender or their page-scoped id; words the content filter flagged
/// or that are hidden on Facebook show as "[đã ẩn]". A case id that holds a page-scoped id
/// (<c>messenger:{page}:{psid}</c>) reaches a screen only as a keyed digest of it, the same on every host.
/// </summary>
public sealed class ScreenPrivacy
{
    public const string PrivateMessage = "tin nhắn riêng";
    public const string Withheld = "[đã ẩn]";
    private const string MessengerPrefix = "messenger:";

    private readonly byte[] _key;

    public ScreenPrivacy(IConfiguration configuration)
    {
        // Every host of a deployment has the app secret; a digest keyed by it cannot be reversed by trying page-scoped ids.
        var secret = configuration["Facebook:AppSecret"];
        _key = SHA256.HashData(Encoding.UTF8.GetBytes("lcf-screen-case-id:" + (string.IsNullOrEmpty(secret) ? "unset" : secret)));
    }

    public FeedItem ForScreen(FeedItem item)
    {
        if (item.Channel == MessageChannel.Messenger)
        {
            return item with
            {
                CaseId = CaseId(item.CaseId),
                Author = new Author(string.Empty, item.Author.IsPage ? item.Author.Name : null, item.Author.IsPage),
                Text = PrivateMessage,
                Pictures = 0,
                PostId = null,
                Permalink = null,
            };
        }

        return item.Withheld || item.Change == ThreadEventKind.Hide ? item with { Text = Withheld } : item;
    }

    public ClockEvent ForScreen(ClockEvent clock) =>
        clock.CaseId.StartsWith(MessengerPrefix, StringComparison.Ordinal) ? clock with { CaseId = CaseId(clock.CaseId) } : clock;

    /// <summary>The case id a screen may show: unchanged unless it carries a person's page-scoped id.</summary>
    public string CaseId(string caseId) =>
        caseId.StartsWith(MessengerPrefix, StringComparison.Ordinal)
            ? MessengerPrefix + Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(caseId)))[..20]
            : caseId;
}
