using LaoCaiFanpage.Contracts.Dashboard;
using LaoCaiFanpage.Contracts.Threads;

namespace LaoCaiFanpage.Contracts.Integrity;

/// <summary>How a finding is shown on the wall's alert strip: an alert of kind "integrity", active until the Chief acknowledges it.</summary>
public static class IntegrityAlerts
{
    public const string Kind = "integrity";

    public static OperatorAlert For(IntegrityFinding finding, DateTimeOffset at) => new(
        Kind,
        finding.Id,
        Text(finding),
        at,
        finding.Status == IntegrityStatuses.Open,
        2,
        finding.SeenAt);

    /// <summary>What the wall shows: never the words of a private message (anyone in the room sees a screen).</summary>
    public static string Text(IntegrityFinding finding) =>
        $"{finding.KindLabel} ({ChannelLabel(finding.Channel)})"
        + (finding.Channel == MessageChannel.Messenger ? string.Empty : $": «{Excerpt(finding.Text)}»");

    public static string ChannelLabel(MessageChannel channel) => channel switch
    {
        MessageChannel.Post => "bài đăng",
        MessageChannel.Messenger => "tin nhắn",
        _ => "trả lời bình luận",
    };

    private static string Excerpt(string? text)
    {
        var words = string.Join(' ', (text ?? string.Empty).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return words.Length <= 120 ? words : words[..120] + "…";
    }
}
