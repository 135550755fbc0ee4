using System.Globalization;
using System.Text.Json;
using LaoCaiFanpage.Contracts.Impostors;
using LaoCaiFanpage.Grains.Impostors;
using LaoCaiFanpage.Tests.Shared;
using Xunit.Abstractions;

namespace LaoCaiFanpage.UnitTests.Impostors;

/// <summary>
/// The scorer against a labelled set of candidate pages (impostor-candidates.json): impostors of every kind the issue
/// names, real pages of Lào Cai's departments, media and communities, unrelated pages, and the official page itself.
/// </summary>
public sealed class ImpostorCandidateSetTests(ITestOutputHelper output)
{
    public static ImpostorScorer Scorer { get; } = new(
        new OfficialPage("100000000000001", "UBNDTLC", PageName.Of("UBND tỉnh Lào Cai"), PerceptualHash.Of(TestPictures.Official(), 16_000_000), 95_000),
        threshold: 50);

    private sealed record LabelledCandidate(string Label, string Kind, string Name, string? Url, string? PageId, string? Username, string? About,
        string? Category, long? Followers, string? VerificationStatus, string? Picture);

    private static List<LabelledCandidate> Set() =>
        JsonSerializer.Deserialize<List<LabelledCandidate>>(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Impostors", "impostor-candidates.json")),
            new JsonSerializerOptions(JsonSerializerDefaults.Web))!;

    private static ImpostorAssessment Assess(LabelledCandidate c) =>
        Scorer.Assess(new PageCandidate(c.Url, c.PageId, c.Name, c.Username, c.About, c.Category, c.Followers, c.VerificationStatus, null,
            TestPictures.Named(c.Picture) is { } picture ? PerceptualHash.Of(picture, 16_000_000) : null, CandidateSources.Officer));

    [Fact]
    public void The_set_has_every_kind_of_page()
    {
        var set = Set();
        Assert.True(set.Count >= 40, $"only {set.Count} candidates");
        Assert.True(set.Count(c => c.Label == "impostor") >= 20);
        Assert.True(set.Count(c => c.Label == "legit") >= 12);
        Assert.Contains(set, c => c.Label == "official");
        Assert.Contains(set, c => c.Label == "unrelated");
    }

    [Fact]
    public void Every_impostor_scores_above_every_legitimate_page_and_the_official_page_is_never_flagged()
    {
        var results = Set().Select(c => (Candidate: c, Assessment: Assess(c))).ToList();
        foreach (var (c, a) in results.OrderByDescending(r => r.Assessment.Score))
        {
            output.WriteLine($"{a.Score,3} {a.Status,-10} {c.Label,-9} {c.Kind,-34} {c.Name}");
            foreach (var reason in a.Reasons)
            {
                output.WriteLine($"      {reason.Points,4:+0;-0;0} {reason.Code}: {reason.Text}");
            }
        }

        var impostors = results.Where(r => r.Candidate.Label == "impostor").ToList();
        var others = results.Where(r => r.Candidate.Label is "legit" or "unrelated").ToList();
        var flagged = results.Where(r => r.Assessment.Status == ImpostorStatuses.Suspected).ToList();
        var truePositives = flagged.Count(r => r.Candidate.Label == "impostor");
        var precision = flagged.Count == 0 ? 0 : (double)truePositives / flagged.Count;
        var recall = (double)truePositives / impostors.Count;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"impostors {impostors.Count}, legitimate/unrelated {others.Count}; flagged {flagged.Count}: precision {precision:P1}, recall {recall:P1}; lowest impostor {impostors.Min(r => r.Assessment.Score)}, highest legitimate {others.Max(r => r.Assessment.Score)}"));

        Assert.All(results.Where(r => r.Candidate.Label == "official"), r => Assert.Equal((0, ImpostorStatuses.Official), (r.Assessment.Score, r.Assessment.Status)));
        Assert.True(impostors.Min(r => r.Assessment.Score) > others.Max(r => r.Assessment.Score),
            $"{impostors.MinBy(r => r.Assessment.Score).Candidate.Kind} scores {impostors.Min(r => r.Assessment.Score)}, {others.MaxBy(r => r.Assessment.Score).Candidate.Kind} {others.Max(r => r.Assessment.Score)}");
        Assert.Equal(1.0, precision);
        Assert.Equal(1.0, recall);
    }

    [Fact]
    public void Every_point_of_a_score_has_a_reason_in_Vietnamese()
    {
        foreach (var c in Set())
        {
            var a = Assess(c);
            Assert.NotEmpty(a.Reasons);
            Assert.Equal(Math.Clamp(a.Reasons.Sum(r => r.Points), 0, 100), a.Score);
            Assert.All(a.Reasons, r => Assert.False(string.IsNullOrWhiteSpace(r.Text)));
        }
    }

    [Theory]
    [InlineData("UBND tỉnh Lào Caі", "look-alike-letters")]
    [InlineData("𝐔𝐁𝐍𝐃 𝐭𝐢̉𝐧𝐡 𝐋𝐚̀𝐨 𝐂𝐚𝐢", "decorated-letters")]
    [InlineData("UBND tỉnh Lào Cai ✅", "fake-badge")]
    [InlineData("Trang chính thức UBND tỉnh Lào Cai", "official-claim")]
    [InlineData("UBND thành phố Lào Cai", "other-body")]
    public void The_reasons_name_the_trick(string name, string code)
    {
        var a = Scorer.Assess(new PageCandidate("https://www.facebook.com/profile.php?id=61559999999999", null, name, null, null, null, null, null, null, null, CandidateSources.Officer));
        Assert.Contains(a.Reasons, r => r.Code == code);
    }

    [Fact]
    public void Meta_verification_and_a_large_audience_lower_the_score()
    {
        var plain = Scorer.Assess(new PageCandidate(null, "61559999999998", "UBND tỉnh Lào Cai - Tin tức", null, null, null, null, null, null, null, CandidateSources.Officer));
        var verified = Scorer.Assess(new PageCandidate(null, "61559999999998", "UBND tỉnh Lào Cai - Tin tức", null, null, null, 90_000, "blue_verified", null, null, CandidateSources.Officer));
        Assert.Equal(ImpostorStatuses.Suspected, plain.Status);
        Assert.True(verified.Score <= plain.Score - 40, $"{verified.Score} vs {plain.Score}");
        Assert.Contains(verified.Reasons, r => r.Code == "verified");
        Assert.Contains(verified.Reasons, r => r.Code == "large-audience");
    }
}
