using System.Globalization;
using LaoCaiFanpage.Grains.Content;
using Xunit.Abstractions;

namespace LaoCaiFanpage.UnitTests.Content;

/// <summary>
/// The filter against a labelled corpus of 220+ Vietnamese sentences (prohibited-corpus.tsv): every clause,
/// the usual disguises, and the traps of a provincial page. Prints precision and recall per clause.
/// </summary>
public sealed class ProhibitedCorpusTests(ITestOutputHelper output)
{
    private static readonly ProhibitedContentFilter Filter = new(ProhibitedLexicon.Load());

    [Fact]
    public void The_corpus_is_large_and_covers_every_clause()
    {
        var corpus = Corpus();
        Assert.True(corpus.Count >= 200, $"only {corpus.Count} sentences");
        foreach (var clause in ProhibitedLexicon.Load().Clauses.Keys)
        {
            Assert.True(corpus.Count(c => c.Expected.Contains(clause)) >= 5, $"clause {clause} has fewer than 5 examples");
        }

        Assert.True(corpus.Count(c => c.Expected.Count == 0) >= 100, "fewer than 100 clean sentences");
    }

    [Fact]
    public void Precision_and_recall_per_clause()
    {
        var corpus = Corpus();
        var clauses = corpus.SelectMany(c => c.Expected).Distinct().Order(StringComparer.Ordinal).ToList();
        var truePositives = clauses.ToDictionary(c => c, _ => 0);
        var falsePositives = clauses.ToDictionary(c => c, _ => 0);
        var falseNegatives = clauses.ToDictionary(c => c, _ => 0);
        var mistakes = new List<string>();
        foreach (var (expected, text) in corpus)
        {
            var found = Filter.Scan(text).Select(f => f.Clause).ToHashSet();
            foreach (var clause in clauses)
            {
                var want = expected.Contains(clause);
                var got = found.Contains(clause);
                if (want && got)
                {
                    truePositives[clause]++;
                }
                else if (got)
                {
                    falsePositives[clause]++;
                    mistakes.Add($"false positive {clause}: {text}");
                }
                else if (want)
                {
                    falseNegatives[clause]++;
                    mistakes.Add($"missed {clause}: {text}");
                }
            }
        }

        output.WriteLine($"{"clause",-8} {"precision",10} {"recall",8}  (tp/fp/fn)");
        foreach (var clause in clauses)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{clause,-8} {Ratio(truePositives[clause], falsePositives[clause]),10:P1} {Ratio(truePositives[clause], falseNegatives[clause]),8:P1}  ({truePositives[clause]}/{falsePositives[clause]}/{falseNegatives[clause]})"));
        }

        var tp = truePositives.Values.Sum();
        var fp = falsePositives.Values.Sum();
        var fn = falseNegatives.Values.Sum();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"all",-8} {Ratio(tp, fp),10:P1} {Ratio(tp, fn),8:P1}  ({tp}/{fp}/{fn})"));
        foreach (var mistake in mistakes)
        {
            output.WriteLine(mistake);
        }

        var cleanFlagged = corpus.Count(c => c.Expected.Count == 0 && Filter.Scan(c.Text).Count > 0);
        output.WriteLine($"clean sentences flagged: {cleanFlagged} of {corpus.Count(c => c.Expected.Count == 0)}");

        Assert.True(Ratio(tp, fp) >= 0.95, $"overall precision {Ratio(tp, fp):P1}");
        Assert.True(Ratio(tp, fn) >= 0.90, $"overall recall {Ratio(tp, fn):P1}");
        Assert.All(clauses, clause => Assert.True(Ratio(truePositives[clause], falseNegatives[clause]) >= 0.75, $"recall of {clause}"));
    }

    private static double Ratio(int hits, int misses) => hits + misses == 0 ? 1 : (double)hits / (hits + misses);

    public static List<(HashSet<string> Expected, string Text)> Corpus() =>
        [.. File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Content", "prohibited-corpus.tsv"))
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split('\t', 2))
            .Select(parts => (parts[0] == "clean" ? new HashSet<string>() : parts[0].Split('|').ToHashSet(), parts[1]))];
}
