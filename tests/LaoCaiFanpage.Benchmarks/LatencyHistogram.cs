namespace LaoCaiFanpage.Benchmarks;

/// <summary>
/// Percentiles of an hour's latencies without keeping them: whole milliseconds counted per bucket
/// (anything over two minutes in the last bucket).
/// </summary>
public sealed class LatencyHistogram
{
    private readonly long[] _buckets = new long[120_001];

    public long Count { get; private set; }

    public void Add(IEnumerable<double> milliseconds)
    {
        foreach (var ms in milliseconds)
        {
            _buckets[Math.Clamp((int)Math.Ceiling(ms), 0, _buckets.Length - 1)]++;
            Count++;
        }
    }

    /// <summary>The smallest whole millisecond at or under which the share <paramref name="p"/> of the figures lie.</summary>
    public string Describe(double p)
    {
        if (Count == 0)
        {
            return "–";
        }

        var wanted = Math.Max(1, (long)Math.Ceiling(p * Count));
        long seen = 0;
        for (var ms = 0; ms < _buckets.Length; ms++)
        {
            seen += _buckets[ms];
            if (seen >= wanted)
            {
                return BenchmarkReport.N(ms) + (ms == _buckets.Length - 1 ? "+" : string.Empty);
            }
        }

        return "–";
    }
}
