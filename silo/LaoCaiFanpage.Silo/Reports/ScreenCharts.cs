using System.Collections.Concurrent;
using System.Security.Cryptography;
using LaoCaiFanpage.Contracts.Time;
using LaoCaiFanpage.Grains.Reports;

namespace LaoCaiFanpage.Silo.Reports;

/// <summary>One rendered chart: its PNG and the ETag screens revalidate it with.</summary>
public sealed record RenderedChart(byte[] Png, string ETag, DateTimeOffset RenderedAt);

/// <summary>
/// The wall's charts (R4, R15.1): comments per hour today against the 7-day average, the units' on-time rate over
/// 30 days, today's cases by Article 6 category, the overdue trend over 14 days. Rendered on the server with
/// ScottPlot, cached for <see cref="MaxAge"/> (every wall asks; the figures are computed once), served with ETags so
/// an unchanged chart costs a 304.
/// </summary>
public sealed class ScreenCharts(ReportComposer composer, TimeProvider time) : IDisposable
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);

    public static IReadOnlyList<string> Names { get; } = ["hourly", "units", "categories", "overdue"];

    // 1200 × 640 pixels, the shape of a chart's place on the wall (a quarter of the width, a fifth of the height), drawn
    // at 2.6× so that the text stays readable from across the room once the image is shrunk into that place at 1080p.
    private const int Width = 1200;
    private const int Height = 640;
    private const float Scale = 2.6f;

    private readonly ConcurrentDictionary<string, RenderedChart> _cache = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _render = new(1, 1);

    public void Dispose() => _render.Dispose();

    /// <summary>
    /// How long the charts are kept: <see cref="MaxAge"/>, or 20 times what the last round of figures took when that
    /// is longer. The figures are read from the day's, week's and month's records, so the work grows with the traffic;
    /// on a day of hundreds of thousands of comments the screens then spend at most a twentieth of one core on charts.
    /// </summary>
    public TimeSpan KeptFor { get; private set; } = MaxAge;

    public async Task<RenderedChart> Get(string name, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_cache.TryGetValue(name, out var cached) && now - cached.RenderedAt < KeptFor)
        {
            return cached;
        }

        await _render.WaitAsync(cancellationToken);
        try
        {
            if (_cache.TryGetValue(name, out cached) && now - cached.RenderedAt < KeptFor)
            {
                return cached;
            }

            var started = time.GetTimestamp();

            // One round of figures serves all four charts.
            var today = VietnamTime.DateOf(now);
            var day = await composer.Build(ActivityReport.Daily, today, today, now, cancellationToken);
            var week = await composer.Build(ActivityReport.Range, today.AddDays(-7), today.AddDays(-1), now, cancellationToken);
            var month = await composer.Build(ActivityReport.Range, today.AddDays(-29), today, now, cancellationToken);
            var average = week.Messages.ByHour.Select(n => n / 7.0).ToArray();
            foreach (var (chart, png) in new[]
            {
                ("hourly", ReportCharts.HourlyAgainstAverage(day, average, Width, Height, Scale)),
                ("units", ReportCharts.OnTimeByUnit(month, Width, Height, Scale)),
                ("categories", ReportCharts.ByCategory(day, Width, Height, Scale)),
                ("overdue", ReportCharts.OverdueTrend(month, 14, Width, Height, Scale)),
            })
            {
                var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(png))[..20] + "\"";
                _cache[chart] = _cache.TryGetValue(chart, out var old) && old.ETag == etag ? old with { RenderedAt = now } : new RenderedChart(png, etag, now);
            }

            var took = time.GetElapsedTime(started);
            KeptFor = took * 20 > MaxAge ? took * 20 : MaxAge;

            return _cache[name];
        }
        finally
        {
            _render.Release();
        }
    }
}
