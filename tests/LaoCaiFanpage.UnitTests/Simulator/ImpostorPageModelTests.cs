using LaoCaiFanpage.Contracts.Impostors;
using LaoCaiFanpage.Simulator;
using LaoCaiFanpage.UnitTests.Impostors;
using Xunit.Abstractions;

namespace LaoCaiFanpage.UnitTests.Simulator;

public sealed class ImpostorPageModelTests(ITestOutputHelper output)
{
    private static SimulatorOptions Options(int seed = 7) => new() { AppSecret = "simulator_secret_123", Seed = seed };

    private static PageCandidate Candidate(SimulatedPage page) =>
        new(page.Url, page.PageId, page.Name, page.Username, page.About, page.Category, page.Followers, page.VerificationStatus, null, null, CandidateSources.Simulator);

    [Fact]
    public void The_same_seed_gives_the_same_pages_and_another_seed_other_ids_and_order()
    {
        var a = new ImpostorPageModel(Options()).Pages();
        var b = new ImpostorPageModel(Options()).Pages();
        var c = new ImpostorPageModel(Options(8)).Pages();
        Assert.Equal(a, b);
        Assert.NotEqual(a.Select(p => p.PageId), c.Select(p => p.PageId));
        Assert.Equal(a.Select(p => p.Name).Order(), c.Select(p => p.Name).Order());
        Assert.Equal(a.Count, a.Select(p => p.PageId).Distinct().Count());
        Assert.Equal(a.Count, a.Select(p => p.Username).Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void The_scorer_suspects_every_impersonating_page_and_none_of_the_namesakes()
    {
        var pages = new ImpostorPageModel(Options()).Pages();
        Assert.True(pages.Count(p => p.Impersonates) >= 5);
        Assert.True(pages.Count(p => !p.Impersonates) >= 3);
        foreach (var page in pages)
        {
            var assessment = ImpostorCandidateSetTests.Scorer.Assess(Candidate(page));
            output.WriteLine($"{assessment.Score,3} {assessment.Status,-10} {(page.Impersonates ? "impostor" : "namesake"),-9} {page.Name} ({page.Username})");
            if (page.Impersonates)
            {
                Assert.Equal(ImpostorStatuses.Suspected, assessment.Status);
                Assert.True(ImpostorCandidateSetTests.Scorer.WorthRecording(assessment));
                Assert.NotEmpty(assessment.Reasons);
            }
            else
            {
                Assert.NotEqual(ImpostorStatuses.Suspected, assessment.Status);
            }
        }
    }

    [Fact]
    public void The_csv_has_the_import_columns_and_quotes_fields_that_need_it()
    {
        var pages = new ImpostorPageModel(Options()).Pages();
        var lines = ImpostorPageModel.Csv(pages).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("url,pageId,name,username,about,category,followers,verificationStatus", lines[0]);
        Assert.Equal(pages.Count + 1, lines.Length);

        var quoted = ImpostorPageModel.Csv([pages[0] with { Name = "Trang \"chính thức\", Lào Cai", About = "dòng 1\r\ndòng 2" }]);
        Assert.Contains(",\"Trang \"\"chính thức\"\", Lào Cai\",", quoted, StringComparison.Ordinal);
        Assert.Contains(",\"dòng 1\r\ndòng 2\",", quoted, StringComparison.Ordinal);
    }
}
