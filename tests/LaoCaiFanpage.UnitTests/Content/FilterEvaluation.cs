using System.Globalization;

namespace LaoCaiFanpage.Tests.Shared;

/// <summary>
/// Precision and recall of the Article 12 filter per clause on a labelled set (seed, label, form, text), as built by
/// tests/LaoCaiFanpage.UnitTests/Content/Evaluation/build.py. A comment counts for a clause when the filter finds that
/// clause in it; a clause it finds but the label lacks is a false positive.
/// </summary>
public sealed class FilterEvaluation
{
    public sealed record Item(int Seed, IReadOnlySet<string> Expected, string Form, string Text);

    public sealed record ClauseFigures(string Clause, int TruePositives, int FalsePositives, int FalseNegatives)
    {
        public double Precision => TruePositives + FalsePositives == 0 ? 1 : (double)TruePositives / (TruePositives + FalsePositives);

        public double Recall => TruePositives + FalseNegatives == 0 ? 1 : (double)TruePositives / (TruePositives + FalseNegatives);
    }

    private FilterEvaluation(IReadOnlyList<Item> items, IReadOnlyList<ClauseFigures> clauses, IReadOnlyList<(Item Item, IReadOnlySet<string> Found)> mistakes)
    {
        Items = items;
        Clauses = clauses;
        Mistakes = mistakes;
    }

    public IReadOnlyList<Item> Items { get; }

    public IReadOnlyList<ClauseFigures> Clauses { get; }

    public IReadOnlyList<(Item Item, IReadOnlySet<string> Found)> Mistakes { get; }

    public ClauseFigures Overall => new("all", Clauses.Sum(c => c.TruePositives), Clauses.Sum(c => c.FalsePositives), Clauses.Sum(c => c.FalseNegatives));

    /// <summary>Clean comments the filter flagged, out of all clean ones.</summary>
    public (int Flagged, int Clean) CleanFlagged =>
        (Mistakes.Count(m => m.Item.Expected.Count == 0), Items.Count(i => i.Expected.Count == 0));

    public static string EvaluationDirectory => Path.Combine(RepositoryPaths.Root, "tests", "LaoCaiFanpage.UnitTests", "Content", "Evaluation");

    public static IReadOnlyList<Item> Load(string path) =>
        [.. File.ReadLines(path)
            .Where(line => line.Length > 0 && line[0] != '#')
            .Select(line => line.Split('\t', 4))
            .Select(f => new Item(int.Parse(f[0], CultureInfo.InvariantCulture),
                f[1] == "clean" ? new HashSet<string>() : f[1].Split('|').ToHashSet(StringComparer.Ordinal), f[2], f[3]))];

    public static FilterEvaluation Run(IReadOnlyList<Item> items, Func<string, IReadOnlySet<string>> flag)
    {
        var clauses = items.SelectMany(i => i.Expected).Distinct().Order(StringComparer.Ordinal).ToList();
        var tp = clauses.ToDictionary(c => c, _ => 0);
        var fp = clauses.ToDictionary(c => c, _ => 0);
        var fn = clauses.ToDictionary(c => c, _ => 0);
        var mistakes = new List<(Item, IReadOnlySet<string>)>();
        foreach (var item in items)
        {
            var found = flag(item.Text);
            var wrong = false;
            foreach (var clause in clauses)
            {
                var want = item.Expected.Contains(clause);
                var got = found.Contains(clause);
                if (want && got)
                {
                    tp[clause]++;
                }
                else if (got)
                {
                    fp[clause]++;
                    wrong = true;
                }
                else if (want)
                {
                    fn[clause]++;
                    wrong = true;
                }
            }

            if (wrong)
            {
                mistakes.Add((item, found));
            }
        }

        return new FilterEvaluation(items, [.. clauses.Select(c => new ClauseFigures(c, tp[c], fp[c], fn[c]))], mistakes);
    }

    /// <summary>Recall per form (as written, bare, teencode, evasion) over every labelled clause.</summary>
    public IReadOnlyList<(string Form, double Recall, double CleanFlaggedShare)> ByForm() =>
        [.. Items.Select(i => i.Form).Distinct().Select(form =>
        {
            var ofForm = Items.Where(i => i.Form == form).ToList();
            var missed = Mistakes.Where(m => m.Item.Form == form).ToList();
            var labelled = ofForm.Sum(i => i.Expected.Count);
            var misses = missed.Sum(m => m.Item.Expected.Count(c => !m.Found.Contains(c)));
            var clean = ofForm.Count(i => i.Expected.Count == 0);
            var flagged = missed.Count(m => m.Item.Expected.Count == 0);
            return (form, labelled == 0 ? 1 : 1 - (double)misses / labelled, clean == 0 ? 0 : (double)flagged / clean);
        })];
}
