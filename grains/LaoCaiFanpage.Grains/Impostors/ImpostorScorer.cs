using System.Globalization;
using LaoCaiFanpage.Contracts.Impostors;

namespace LaoCaiFanpage.Grains.Impostors;

/// <summary>
/// Scores a candidate page 0–100 for impersonating the official page, with a reason for every point (R15.2): the name
/// as a reader sees it, the username, the profile picture, claims of being official, the category, Meta's
/// verification and the audience. The official page itself is recognised and never flagged.
/// </summary>
public sealed class ImpostorScorer(OfficialPage official, int threshold)
{
    private const int NamePoints = 55;
    private const int UsernamePoints = 40;
    private const int NameAsUsernamePoints = 20;
    private const int PicturePoints = 25;

    private static readonly CultureInfo Vietnamese = CultureInfo.GetCultureInfo("vi-VN");

    public OfficialPage Official => official;

    /// <summary>Worth recording when found by a search: at least half the score that makes a page suspected.</summary>
    public bool WorthRecording(ImpostorAssessment assessment) => assessment.Status != ImpostorStatuses.Official && assessment.Score * 2 >= threshold;

    public ImpostorAssessment Assess(PageCandidate candidate)
    {
        var address = FacebookPageAddress.Parse(candidate.Url);
        var username = candidate.Username ?? address?.Username;
        var pageId = candidate.PageId ?? address?.PageId;
        if (official.IsSamePage(pageId, username, candidate.Url))
        {
            return new ImpostorAssessment(0, ImpostorStatuses.Official, [new("official", 0, "Đây là Trang chính thức của UBND tỉnh (cùng mã trang hoặc tên người dùng).")]);
        }

        var reasons = new List<ImpostorReason>();
        var name = PageName.Of(candidate.Name);
        var nameSimilarity = NameSimilarity.Of(name, official.Name);

        // Unrelated names still share letters; only the part above 0.4 says the name was copied.
        var copied = Math.Clamp((nameSimilarity - 0.4) / 0.55, 0, 1);
        var namePoints = (int)Math.Round(NamePoints * copied);
        var otherBody = OtherBody(name);
        if (namePoints > 0)
        {
            reasons.Add(new("name", namePoints, $"Tên giống tên Trang chính thức «{official.Name.Original}» {Percent(nameSimilarity)} (đã bỏ dấu, đổi chữ trông giống nhau, viết đầy đủ chữ tắt)."));
            if (otherBody is not null)
            {
                var back = -(int)Math.Round(namePoints * 0.65);
                reasons.Add(new("other-body", back, otherBody.Length == 0
                    ? "Tên nói đến một tỉnh khác, không phải tỉnh của Trang chính thức."
                    : $"Tên là của một cơ quan, đơn vị khác («{otherBody}»), không phải UBND tỉnh."));
            }
        }

        if (copied > 0.5)
        {
            if (name.LookAlikeLetters)
            {
                reasons.Add(new("look-alike-letters", 10, "Tên trộn chữ cái của bảng chữ khác (Kirin, Hy Lạp…) trông giống chữ Latinh."));
            }

            if (name.Decorated)
            {
                reasons.Add(new("decorated-letters", 8, "Tên dùng chữ trang trí (chữ đậm, nghiêng kiểu toán học, toàn khổ…) để né tìm kiếm."));
            }

            if (name.Badge)
            {
                reasons.Add(new("fake-badge", 8, "Tên có ký hiệu giả dấu xác minh (✔, ✅…)."));
            }
            else if (name.Emoji)
            {
                reasons.Add(new("emoji", 3, "Tên chèn biểu tượng cảm xúc."));
            }
        }

        // A copy of the official handle is impersonation; a handle that spells the name glued together is a weaker
        // sign (it is the natural handle of a name the name score already weighs).
        var handleSimilarity = UsernameSimilarity(username, OfficialHandleKeys());
        var gluedSimilarity = UsernameSimilarity(username, [official.Name.Compact, official.Name.CompactExpanded]);
        var handlePoints = (int)Math.Round(UsernamePoints * Math.Clamp((handleSimilarity - 0.5) / 0.4, 0, 1));
        var gluedPoints = (int)Math.Round(NameAsUsernamePoints * Math.Clamp((gluedSimilarity - 0.6) / 0.35, 0, 1));
        if (handlePoints > 0 && handlePoints >= gluedPoints)
        {
            reasons.Add(new("username", handlePoints, $"Tên người dùng «{username}» giống «{official.Username}» của Trang chính thức {Percent(handleSimilarity)} (kể cả l/I/1, 0/O)."));
        }
        else if (gluedPoints > 0)
        {
            reasons.Add(new("username", gluedPoints, $"Tên người dùng «{username}» là tên Trang chính thức viết liền {Percent(gluedSimilarity)}."));
        }

        if (candidate.PictureHash is { } picture && official.AvatarHash is { } avatar)
        {
            var pictureSimilarity = PerceptualHash.Similarity(picture, avatar);
            if (pictureSimilarity > 0)
            {
                reasons.Add(new("picture", (int)Math.Round(PicturePoints * pictureSimilarity),
                    $"Ảnh đại diện giống ảnh của Trang chính thức (khác {PerceptualHash.Distance(picture, avatar)}/64 bit băm cảm nhận)."));
            }
        }

        var about = PageName.Of(candidate.About);
        if ((PageNameVocabulary.FindPhrase(name.Words, PageNameVocabulary.OfficialClaims) ?? PageNameVocabulary.FindPhrase(about.Words, PageNameVocabulary.OfficialClaims)) is { } claim)
        {
            reasons.Add(new("official-claim", 10, $"Tự nhận là trang chính thức («{claim.Display}»)."));
        }

        var resembles = namePoints > 0 || handlePoints > 0 || gluedPoints > 0;
        if (resembles && candidate.Category is { Length: > 0 } category
            && PageNameVocabulary.GovernmentCategories.Contains(string.Join(' ', PageName.Of(category).Words), StringComparer.Ordinal))
        {
            reasons.Add(new("government-category", 5, $"Đăng ký hạng mục cơ quan nhà nước («{category}»)."));
        }

        if (candidate.VerificationStatus is { } verification && verification.Contains("verified", StringComparison.OrdinalIgnoreCase)
            && !verification.StartsWith("not", StringComparison.OrdinalIgnoreCase))
        {
            reasons.Add(new("verified", -30, $"Meta đã xác minh trang này ({verification}): một tổ chức có thật."));
        }

        if (candidate.Followers is { } followers && official.Followers is { } officialFollowers)
        {
            if (resembles && followers * 20 < officialFollowers)
            {
                reasons.Add(new("small-audience", 5, $"Ít người theo dõi ({followers.ToString("N0", Vietnamese)}) so với Trang chính thức ({officialFollowers.ToString("N0", Vietnamese)})."));
            }
            else if (followers * 2 >= officialFollowers)
            {
                reasons.Add(new("large-audience", -10, $"Nhiều người theo dõi ({followers.ToString("N0", Vietnamese)}), cỡ Trang chính thức: thường là trang có thật."));
            }
        }

        var score = Math.Clamp(reasons.Sum(r => r.Points), 0, 100);
        if (reasons.Count == 0)
        {
            reasons.Add(new("unrelated", 0, "Không giống Trang chính thức ở tên, tên người dùng hay ảnh đại diện."));
        }

        return new ImpostorAssessment(score, score >= threshold ? ImpostorStatuses.Suspected : ImpostorStatuses.LowRisk, reasons);
    }

    /// <summary>How alike a username is to any of <paramref name="references"/>, with look-alike letters mapped; containing one counts 0.9 at least.</summary>
    private static double UsernameSimilarity(string? username, IEnumerable<string> references)
    {
        if (string.IsNullOrEmpty(username))
        {
            return 0;
        }

        var best = 0.0;
        var keys = UsernameKeys(username).ToList();
        foreach (var reference in references.Where(r => r.Length > 0))
        {
            foreach (var key in keys)
            {
                var similarity = NameSimilarity.Ratio(key, reference);
                best = Math.Max(best, key.Contains(reference, StringComparison.Ordinal) ? Math.Max(0.9, similarity) : similarity);
            }
        }

        return best;
    }

    private IEnumerable<string> OfficialHandleKeys() => UsernameKeys(official.Username);

    /// <summary>
    /// The username as typed and in lower case, each through the skeleton: "UBNDTIC" as typed maps "I" to "l"
    /// (they look alike), in lower case it stays "i"; the candidate matches if either reading does.
    /// </summary>
    private static IEnumerable<string> UsernameKeys(string username)
    {
        foreach (var variant in new[] { username, username.ToLowerInvariant() })
        {
            yield return new string([.. ConfusableSkeleton.Of(variant).ToLowerInvariant().Where(c => c is >= 'a' and <= 'z' or >= '0' and <= '9')]);
        }
    }

    /// <summary>A different level of government or another body's name ("UBND thành phố Lào Cai", "Báo Lào Cai").</summary>
    private string? OtherBody(PageName name)
    {
        var level = PageNameVocabulary.FindPhrase(name.Expanded, PageNameVocabulary.OtherLevels);
        if (level is not null && PageNameVocabulary.FindPhrase(official.Name.Expanded, [level]) is null)
        {
            return level.Display;
        }

        var body = PageNameVocabulary.FindPhrase(name.Expanded, PageNameVocabulary.OtherBodies, atStart: true);
        if (body is not null && PageNameVocabulary.FindPhrase(official.Name.Expanded, [body], atStart: true) is null)
        {
            return body.Display;
        }

        return OtherPlace(name.Expanded, official.Name.Expanded);
    }

    /// <summary>"tỉnh Yên Bái" where the official name says "tỉnh Lào Cai": the same kind of body in another province (an empty text), or null.</summary>
    private static string? OtherPlace(IReadOnlyList<string> words, IReadOnlyList<string> reference)
    {
        var ours = IndexOf(reference, "tinh");
        var theirs = IndexOf(words, "tinh");
        if (ours < 0 || theirs < 0 || ours + 1 >= reference.Count || theirs + 1 >= words.Count)
        {
            return null;
        }

        var place = string.Concat(reference.Skip(ours + 1).Take(2));
        var length = Math.Min(2, reference.Count - ours - 1);
        var other = string.Concat(words.Skip(theirs + 1).Take(length));
        return NameSimilarity.Ratio(place, other) >= 0.7 ? null : string.Empty;
    }

    private static int IndexOf(IReadOnlyList<string> words, string word)
    {
        for (var i = 0; i < words.Count; i++)
        {
            if (string.Equals(words[i], word, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private static string Percent(double value) => (value * 100).ToString("0", CultureInfo.InvariantCulture) + "%";
}
