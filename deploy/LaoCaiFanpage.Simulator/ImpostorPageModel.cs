using System.Globalization;
using System.Text;

namespace LaoCaiFanpage.Simulator;

/// <summary>
/// A page a search of Facebook for the official page's name turns up, as Graph API page search describes one: an
/// impostor that copies the official page (<see cref="Impersonates"/>) or an honest page that merely shares the
/// province's name.
/// </summary>
public sealed record SimulatedPage(
    string PageId,
    string Name,
    string Username,
    string About,
    string Category,
    long Followers,
    string VerificationStatus,
    bool Impersonates)
{
    public string Url => "https://www.facebook.com/" + Username;
}

/// <summary>
/// The pages around the official one: impostors made with the tricks the Department of Information and
/// Communications reports (diacritics dropped, the abbreviation spelled out, look-alike letters from other
/// alphabets, l/1 and O/0 in the username, "official" and "support" claims, a page asking for fees), and namesakes
/// that are no impostors (travel, news, community, a market). Deterministic for a seed.
/// </summary>
public sealed class ImpostorPageModel(SimulatorOptions options)
{
    private sealed record Template(string Name, string Username, string About, string Category, long MinFollowers, long MaxFollowers, string Verification, bool Impersonates);

    // U+0412 CYRILLIC CAPITAL LETTER VE and U+0430 CYRILLIC SMALL LETTER A look like Latin B and a.
    private const string CyrillicVe = "\u0412";
    private const string CyrillicA = "\u0430";

    private static readonly Template[] Templates =
    [
        new("UBND tinh Lao Cai", "ubndtinhlaocai.hotro",
            "Trang hỗ trợ trực tuyến của UBND tỉnh Lào Cai: tiếp nhận hồ sơ, hướng dẫn nhận tiền hỗ trợ qua tài khoản ngân hàng.",
            "Government organization", 300, 4_000, "not_verified", true),
        new("Ủy ban nhân dân tỉnh Lào Cai", "UBNDTLC.official",
            "Trang chính thức của Ủy ban nhân dân tỉnh Lào Cai. Liên hệ nộp phí hồ sơ qua Messenger.",
            "Government organization", 1_000, 9_000, "not_verified", true),
        new("UBND Tỉnh Lào Cai - Trang Tin Chính Thức", "ubndt1c",
            "Kênh thông tin chính thức UBND tỉnh Lào Cai. Nhận hỗ trợ vay vốn, cấp đổi giấy tờ nhanh.",
            "Government organization", 200, 3_000, "not_verified", true),
        new($"U{CyrillicVe}ND tỉnh Lào C{CyrillicA}i", "UBNDTLC0",
            "Fanpage UBND tỉnh Lào Cai. Giải đáp thắc mắc, hỗ trợ thủ tục hành chính.",
            "Government organization", 100, 2_000, "not_verified", true),
        new("UBND Lào Cai - Hỗ trợ người dân", "ubnd.laocai.hotro",
            "Hỗ trợ người dân tỉnh Lào Cai nhận trợ cấp, đăng ký hồ sơ trực tuyến. Trang chính thức.",
            "Government organization", 500, 6_000, "not_verified", true),
        new("Du lịch Sa Pa - Lào Cai", "dulichsapa.laocai",
            "Cẩm nang du lịch Sa Pa, Bắc Hà, Y Tý: homestay, ẩm thực, lịch trình.",
            "Travel company", 50_000, 300_000, "not_verified", false),
        new("Báo Lào Cai", "baolaocai",
            "Cơ quan ngôn luận của Đảng bộ tỉnh Lào Cai.",
            "Media/news company", 100_000, 400_000, "blue_verified", false),
        new("Hội đồng hương Lào Cai tại Hà Nội", "donghuonglaocai.hn",
            "Nơi kết nối người con quê hương Lào Cai đang sống và làm việc tại Hà Nội.",
            "Community", 2_000, 20_000, "not_verified", false),
        new("Chợ Cốc Lếu Lào Cai online", "chococleu",
            "Mua bán, trao đổi hàng hóa ở thành phố Lào Cai.",
            "Shopping & retail", 5_000, 60_000, "not_verified", false),
    ];

    /// <summary>Every simulated page around the official one, in a seeded order, each with its own page id and audience.</summary>
    public IReadOnlyList<SimulatedPage> Pages()
    {
        // A stream of its own, so the deliveries of a seed stay the same whatever is asked of the pages.
        var random = new Random(unchecked(options.Seed * 31 + 17));
        return [.. Templates
            .Select(t => new SimulatedPage(
                (61_000_000_000_000L + random.NextInt64(1, 999_999_999)).ToString(CultureInfo.InvariantCulture),
                t.Name,
                t.Username,
                t.About,
                t.Category,
                random.NextInt64(t.MinFollowers, t.MaxFollowers + 1),
                t.Verification,
                t.Impersonates))
            .OrderBy(_ => random.Next())];
    }

    /// <summary>
    /// The pages as the CSV file officers import (<c>POST /api/impostors/candidates/import</c>): a header row with
    /// the import's column names, fields quoted where they hold a comma or a quote.
    /// </summary>
    public static string Csv(IEnumerable<SimulatedPage> pages)
    {
        var csv = new StringBuilder("url,pageId,name,username,about,category,followers,verificationStatus\n");
        foreach (var p in pages)
        {
            csv.AppendJoin(',', new[] { p.Url, p.PageId, p.Name, p.Username, p.About, p.Category, p.Followers.ToString(CultureInfo.InvariantCulture), p.VerificationStatus }.Select(Field)).Append('\n');
        }

        return csv.ToString();
    }

    private static string Field(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
