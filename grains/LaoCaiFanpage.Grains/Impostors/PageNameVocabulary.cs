using LaoCaiFanpage.Grains.Content;

namespace LaoCaiFanpage.Grains.Impostors;

/// <summary>
/// The words page names are built from, folded (no diacritics, lower case): administrative abbreviations and what
/// they stand for, claims of being official, and the heads of names of other bodies (a different level of
/// government, a department, a newspaper…), which make a name that shares "tỉnh Lào Cai" someone else's.
/// </summary>
public static class PageNameVocabulary
{
    private static readonly Dictionary<string, string[]> Abbreviations = new(StringComparer.Ordinal)
    {
        ["ubnd"] = ["uy", "ban", "nhan", "dan"],
        ["ub"] = ["uy", "ban"],
        ["hdnd"] = ["hoi", "dong", "nhan", "dan"],
        ["tp"] = ["thanh", "pho"],
        ["tx"] = ["thi", "xa"],
        ["vp"] = ["van", "phong"],
        ["lc"] = ["lao", "cai"],
        ["laocai"] = ["lao", "cai"],
        ["stttt"] = ["so", "thong", "tin", "truyen", "thong"],
        ["tttt"] = ["thong", "tin", "truyen", "thong"],
        ["ttdt"] = ["thong", "tin", "dien", "tu"],
        ["ca"] = ["cong", "an"],
    };

    /// <summary>Word sequences that claim the page is the official one.</summary>
    public static IReadOnlyList<VocabularyPhrase> OfficialClaims { get; } = Phrases(
        "chính thức", "official", "duy nhất", "xác minh", "xác thực", "verified", "chính chủ");

    /// <summary>Other levels of government: anywhere in a name, they make it a city's, district's or ward's page.</summary>
    public static IReadOnlyList<VocabularyPhrase> OtherLevels { get; } = Phrases("thành phố", "huyện", "thị xã", "phường", "thị trấn");

    /// <summary>
    /// Heads of other bodies' names (a department, the police, a newspaper, a business…). Only at the start of a
    /// name: further in, the same folded words mean other things ("thông báo" is an announcement, not a newspaper).
    /// </summary>
    public static IReadOnlyList<VocabularyPhrase> OtherBodies { get; } = Phrases(
        "sở", "công an", "báo", "đài phát thanh", "truyền hình", "bệnh viện", "trường", "đoàn thanh niên", "tỉnh đoàn", "hội", "cục", "chi cục",
        "trung tâm", "bộ chỉ huy", "biên phòng", "viện kiểm sát", "tòa án", "mặt trận", "công ty", "hợp tác xã", "khách sạn", "du lịch", "ngân hàng",
        "tỉnh ủy", "bảo hiểm", "công đoàn", "ban", "kho bạc", "thuế", "hải quan", "điện lực", "nhà hàng", "chợ", "shop", "group", "cộng đồng",
        "review", "kênh", "xã");

    /// <summary>Categories Meta gives pages of public bodies.</summary>
    public static IReadOnlyList<string> GovernmentCategories { get; } =
    [
        "government organization", "government official", "government building", "co quan chinh phu", "to chuc chinh phu", "public service",
    ];

    /// <summary>The words with each abbreviation written out.</summary>
    public static IReadOnlyList<string> Expand(IReadOnlyList<string> words)
    {
        var expanded = new List<string>(words.Count + 4);
        foreach (var word in words)
        {
            if (Abbreviations.TryGetValue(word, out var full))
            {
                expanded.AddRange(full);
            }
            else
            {
                expanded.Add(word);
            }
        }

        return expanded;
    }

    /// <summary>The first of <paramref name="phrases"/> found as consecutive words (only at the start when <paramref name="atStart"/>), or null.</summary>
    public static VocabularyPhrase? FindPhrase(IReadOnlyList<string> words, IReadOnlyList<VocabularyPhrase> phrases, bool atStart = false)
    {
        foreach (var entry in phrases)
        {
            var phrase = entry.Words;
            for (var i = 0; i + phrase.Count <= words.Count && (!atStart || i == 0); i++)
            {
                var match = true;
                for (var j = 0; j < phrase.Count && match; j++)
                {
                    match = string.Equals(words[i + j], phrase[j], StringComparison.Ordinal);
                }

                if (match)
                {
                    return entry;
                }
            }
        }

        return null;
    }

    private static VocabularyPhrase[] Phrases(params string[] displays) => [.. displays.Select(d => new VocabularyPhrase(d))];
}

/// <summary>A phrase as officers read it ("thành phố"), and the folded words names are matched with.</summary>
public sealed record VocabularyPhrase(string Display)
{
    public IReadOnlyList<string> Words { get; } = PageName.SplitWords(VietnameseLetters.FoldText(Display));
}
