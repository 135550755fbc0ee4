using System.Globalization;
using LaoCaiFanpage.Grains.Content;
using LaoCaiFanpage.Tests.Shared;
using Xunit.Abstractions;

namespace LaoCaiFanpage.UnitTests.Content;

/// <summary>
/// The filter on comments it was not written from (Evaluation/LABELLING.md). The held-out set is measured, never
/// looked into: this test prints its figures and nothing else, and holds the figures reached so that a change of the
/// lexicon cannot quietly lose them (the goal of 95 % precision and 85 % recall per clause is not reached yet:
/// docs/benchmarks.md). The development set's mistakes are for the accuracy command (--mistakes).
/// </summary>
public sealed class FilterEvaluationTests(ITestOutputHelper output)
{
    private static readonly ProhibitedContentFilter Filter = new(ProhibitedLexicon.Load());

    private static IReadOnlySet<string> Flag(string text) => Filter.Scan(text).Select(f => f.Clause).ToHashSet(StringComparer.Ordinal);

    private static IReadOnlyList<FilterEvaluation.Item> Set(string name) =>
        FilterEvaluation.Load(Path.Combine(AppContext.BaseDirectory, "Content", "Evaluation", name));

    [Fact]
    public void The_held_out_set_is_large_covers_every_clause_and_shares_no_comment_with_development()
    {
        var items = Set("heldout.tsv");
        Assert.True(items.Count >= 1500, $"{items.Count} comments");
        foreach (var clause in ProhibitedLexicon.Load().Clauses.Keys)
        {
            Assert.True(items.Count(i => i.Expected.Contains(clause)) >= 60, $"clause {clause}");
        }

        Assert.True(items.Count(i => i.Expected.Count == 0) >= 700, "clean comments");
        var heldOut = items.Select(i => i.Text).ToHashSet(StringComparer.Ordinal);
        Assert.DoesNotContain(Set("dev.tsv"), d => heldOut.Contains(d.Text));
        Assert.DoesNotContain(ProhibitedCorpusTests.Corpus(), c => heldOut.Contains(c.Text));
    }

    [Fact]
    public void Held_out_figures_do_not_fall_below_those_reached()
    {
        var result = FilterEvaluation.Run(Set("heldout.tsv"), Flag);
        Print(result);
        Assert.All(result.Clauses, c => Assert.True(c.Precision >= 0.84 && c.Recall >= 0.50,
            string.Create(CultureInfo.InvariantCulture, $"{c.Clause}: precision {c.Precision:P1}, recall {c.Recall:P1}")));
        Assert.True(result.Overall.Precision >= 0.90 && result.Overall.Recall >= 0.74,
            string.Create(CultureInfo.InvariantCulture, $"overall precision {result.Overall.Precision:P1}, recall {result.Overall.Recall:P1}"));
    }

    [Fact]
    public void The_development_set_is_mostly_learnt()
    {
        var result = FilterEvaluation.Run(Set("dev.tsv"), Flag);
        Print(result);
        Assert.True(result.Overall.Precision >= 0.95 && result.Overall.Recall >= 0.85,
            string.Create(CultureInfo.InvariantCulture, $"development precision {result.Overall.Precision:P1}, recall {result.Overall.Recall:P1}"));
    }

    private void Print(FilterEvaluation result)
    {
        foreach (var c in result.Clauses.Append(result.Overall))
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{c.Clause,-8} precision {c.Precision,7:P1} recall {c.Recall,7:P1} ({c.TruePositives}/{c.FalsePositives}/{c.FalseNegatives})"));
        }
    }
}
