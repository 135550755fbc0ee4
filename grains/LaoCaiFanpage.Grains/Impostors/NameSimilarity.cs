namespace LaoCaiFanpage.Grains.Impostors;

/// <summary>How alike two page names or usernames are, from 0 (nothing in common) to 1 (the same to a reader).</summary>
public static class NameSimilarity
{
    /// <summary>
    /// The best of: the glued letters compared by edit distance (as written and with abbreviations written out), and
    /// how much of the official name's words the candidate has in order (extra words like "Hỗ trợ người dân" cost nothing).
    /// </summary>
    public static double Of(PageName candidate, PageName official)
    {
        if (candidate.Words.Count == 0 || official.Words.Count == 0)
        {
            return 0;
        }

        return Max(
            Ratio(candidate.Compact, official.Compact),
            Ratio(candidate.CompactExpanded, official.CompactExpanded),
            Ratio(candidate.Compact, official.CompactExpanded),
            Ratio(candidate.CompactExpanded, official.Compact),
            Coverage(candidate.Expanded, official.Expanded));
    }

    /// <summary>1 − edit distance ÷ the longer length.</summary>
    public static double Ratio(string a, string b)
    {
        var longer = Math.Max(a.Length, b.Length);
        return longer == 0 ? 0 : 1.0 - (double)Distance(a, b) / longer;
    }

    /// <summary>The share of <paramref name="reference"/>'s words found in <paramref name="words"/> in the same order (a word one letter off counts).</summary>
    public static double Coverage(IReadOnlyList<string> words, IReadOnlyList<string> reference)
    {
        if (reference.Count == 0)
        {
            return 0;
        }

        // Longest common subsequence of words.
        var table = new int[words.Count + 1, reference.Count + 1];
        for (var i = 1; i <= words.Count; i++)
        {
            for (var j = 1; j <= reference.Count; j++)
            {
                table[i, j] = SameWord(words[i - 1], reference[j - 1])
                    ? table[i - 1, j - 1] + 1
                    : Math.Max(table[i - 1, j], table[i, j - 1]);
            }
        }

        return (double)table[words.Count, reference.Count] / reference.Count;
    }

    /// <summary>Levenshtein distance (insert, delete, substitute).</summary>
    public static int Distance(string a, string b)
    {
        if (a.Length == 0 || b.Length == 0)
        {
            return Math.Max(a.Length, b.Length);
        }

        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    private static bool SameWord(string a, string b) =>
        string.Equals(a, b, StringComparison.Ordinal) || (a.Length >= 4 && b.Length >= 4 && Distance(a, b) <= 1);

    private static double Max(params ReadOnlySpan<double> values)
    {
        var max = 0.0;
        foreach (var v in values)
        {
            max = Math.Max(max, v);
        }

        return max;
    }
}
