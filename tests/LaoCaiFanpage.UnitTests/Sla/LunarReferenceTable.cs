using System.Globalization;

namespace LaoCaiFanpage.UnitTests.Sla;

/// <summary>The reference table of lunar months in LunarReference/months.tsv (how it was made: LunarReference/README.md).</summary>
internal static class LunarReferenceTable
{
    public sealed record LunarMonth(DateOnly Start, int Year, int Month, bool Leap);

    public static IReadOnlyList<LunarMonth> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Sla", "LunarReference", "months.tsv");
        return File.ReadLines(path)
            .Where(line => line.Length > 0 && line[0] != '#')
            .Select(line => line.Split('\t'))
            .Select(f => new LunarMonth(
                DateOnly.ParseExact(f[0], "yyyy-MM-dd", CultureInfo.InvariantCulture),
                int.Parse(f[1], CultureInfo.InvariantCulture),
                int.Parse(f[2], CultureInfo.InvariantCulture),
                f.Length > 3 && f[3] == "L"))
            .ToList();
    }
}
