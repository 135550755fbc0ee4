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
    public static IReadOnlyList<string[]> OfficialClaims { get; } =
    [
        ["chinh", "thuc"], ["official"], ["duy", "nhat"], ["xac", "minh"], ["xac", "thuc"], ["verified"], ["chinh", "chu"],
    ];

    /// <summary>Other levels of government: anywhere in a name, they make it a city's, district's or ward's page.</summary>
    public static IReadOnlyList<string[]> OtherLevels { get; } =
    [
        ["thanh", "pho"], ["huyen"], ["thi", "xa"], ["phuong"], ["thi", "tran"],
    ];

    /// <summary>
    /// Heads of other bodies' names (a department, the police, a newspaper, a business…). Only at the start of a
    /// name: further in, the same folded words mean other things ("thông báo" is an announcement, not a newspaper).
    /// </summary>
    public static IReadOnlyList<string[]> OtherBodies { get; } =
    [
        ["so"], ["cong", "an"], ["bao"], ["dai", "phat", "thanh"], ["truyen", "hinh"], ["benh", "vien"], ["truong"],
        ["doan", "thanh", "nien"], ["tinh", "doan"], ["hoi"], ["cuc"], ["chi", "cuc"], ["trung", "tam"], ["bo", "chi", "huy"],
        ["bien", "phong"], ["vien", "kiem", "sat"], ["toa", "an"], ["mat", "tran"], ["cong", "ty"], ["hop", "tac", "xa"],
        ["khach", "san"], ["du", "lich"], ["ngan", "hang"], ["tinh", "uy"], ["bao", "hiem"], ["cong", "doan"], ["ban"],
        ["kho", "bac"], ["thue"], ["hai", "quan"], ["dien", "luc"], ["nha", "hang"], ["cho"], ["shop"], ["group"],
        ["cong", "dong"], ["review"], ["kenh"], ["xa"],
    ];

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
    public static string[]? FindPhrase(IReadOnlyList<string> words, IReadOnlyList<string[]> phrases, bool atStart = false)
    {
        foreach (var phrase in phrases)
        {
            for (var i = 0; i + phrase.Length <= words.Count && (!atStart || i == 0); i++)
            {
                var match = true;
                for (var j = 0; j < phrase.Length && match; j++)
                {
                    match = string.Equals(words[i + j], phrase[j], StringComparison.Ordinal);
                }

                if (match)
                {
                    return phrase;
                }
            }
        }

        return null;
    }
}
