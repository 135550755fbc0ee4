using System.Globalization;
using LaoCaiFanpage.Grains.Reports;
using ScottPlot;

namespace LaoCaiFanpage.Silo.Reports;

/// <summary>
/// The report's charts, drawn server-side with ScottPlot to PNG. ScottPlot draws no text at all where the machine
/// has no fonts, so the project ships DejaVu Sans (which has every Vietnamese letter) and sets it on every plot.
/// </summary>
public static class ReportCharts
{
    public const string FontName = "DejaVu Sans";

    private static readonly Lazy<bool> FontRegistered = new(() =>
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "Reports", "Fonts");
        Fonts.AddFontFile(FontName, Path.Combine(directory, "DejaVuSans.ttf"), bold: false, italic: false);
        Fonts.AddFontFile(FontName, Path.Combine(directory, "DejaVuSans-Bold.ttf"), bold: true, italic: false);
        return true;
    });

    /// <summary>Comments and messages by hour of the day (Vietnam time).</summary>
    public static byte[] ByHour(ActivityReport report, int width = 900, int height = 320) => Bars(
        "Bình luận và tin nhắn theo giờ", "Số lượng", [.. report.Messages.ByHour.Select(n => (double)n)],
        [.. Enumerable.Range(0, 24).Select(h => h.ToString(CultureInfo.InvariantCulture) + "h")], width, height, horizontal: false);

    /// <summary>Today's comments and messages by hour, beside the average of the same hour over the previous seven days.</summary>
    public static byte[] HourlyAgainstAverage(ActivityReport today, double[] average, int width, int height, float scale = 1)
    {
        _ = FontRegistered.Value;
        var plot = new Plot { ScaleFactor = scale };
        plot.Font.Set(FontName);
        var values = today.Messages.ByHour.Select(n => (double)n).ToArray();
        var bars = plot.Add.Bars(values);
        bars.Color = Colors.SteelBlue;
        bars.LegendText = "Hôm nay";
        var xs = Enumerable.Range(0, 24).Select(h => (double)h).ToArray();
        var line = plot.Add.Scatter(xs, average, Colors.Orange);
        line.LineWidth = 3;
        line.LegendText = "Trung bình 7 ngày trước";
        plot.Axes.Bottom.SetTicks([.. xs.Where(x => x % 3 == 0)], [.. Enumerable.Range(0, 24).Where(h => h % 3 == 0).Select(h => h.ToString(CultureInfo.InvariantCulture) + "h")]);
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.Axes.SetLimitsY(0, Math.Max(1, Math.Max(values.DefaultIfEmpty(0).Max(), average.DefaultIfEmpty(0).Max())) * 1.15);
        plot.Title("Bình luận và tin nhắn theo giờ hôm nay");
        plot.ShowLegend(Alignment.UpperLeft);
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }

    /// <summary>Cases overdue at the end of each of the last <paramref name="days"/> days.</summary>
    public static byte[] OverdueTrend(ActivityReport report, int days, int width, int height, float scale = 1)
    {
        var lines = report.Days.TakeLast(days).ToList();
        return Bars("Vụ việc quá hạn cuối mỗi ngày", "Số vụ việc", [.. lines.Select(d => (double)d.OverdueAtEnd)],
            [.. lines.Select((d, i) => (lines.Count - 1 - i) % 2 == 0 ? d.Date.ToString("dd/MM", CultureInfo.InvariantCulture) : string.Empty)], width, height, horizontal: false, color: Colors.IndianRed, scale: scale);
    }

    /// <summary>Each ranked unit's on-time rate (%).</summary>
    public static byte[] OnTimeByUnit(ActivityReport report, int width = 900, int height = 360, float scale = 1)
    {
        var units = report.Units.Where(u => u.OnTimeRate is not null).Take(12).Reverse().ToList();
        return Bars("Tỉ lệ trả lời đúng hạn theo đơn vị (%)", "%", [.. units.Select(u => Math.Round(u.OnTimeRate!.Value * 100, 1))],
            [.. units.Select(u => u.Code)], width, height, horizontal: true, scale: scale, top: 100);
    }

    /// <summary>What citizens wrote about, by Article 6 category.</summary>
    public static byte[] ByCategory(ActivityReport report, int width = 900, int height = 320, float scale = 1) => Bars(
        "Theo lĩnh vực (Điều 6)", "Số lượng", [.. report.Messages.ByCategory.Select(c => (double)c.Count)],
        [.. report.Messages.ByCategory.Select(c => c.Key == "0" ? "Chưa PL" : "Loại " + c.Key)], width, height, horizontal: false, scale: scale);

    /// <summary>Day by day over a period: received, opened, answered.</summary>
    public static byte[] Trend(ActivityReport report, int width = 900, int height = 320)
    {
        _ = FontRegistered.Value;
        var plot = new Plot();
        plot.Font.Set(FontName);
        var xs = report.Days.Select((_, i) => (double)i).ToArray();
        foreach (var (label, values, color) in new[]
        {
            ("Tiếp nhận", report.Days.Select(d => (double)(d.Comments + d.Messages)).ToArray(), Colors.SteelBlue),
            ("Vụ việc mới", report.Days.Select(d => (double)d.Opened).ToArray(), Colors.DarkOrange),
            ("Đã trả lời", report.Days.Select(d => (double)d.Answered).ToArray(), Colors.ForestGreen),
        })
        {
            var line = plot.Add.Scatter(xs, values, color);
            line.LegendText = label;
        }

        var step = Math.Max(1, report.Days.Count / 10);
        plot.Axes.Bottom.SetTicks([.. xs.Where((_, i) => i % step == 0)],
            [.. report.Days.Where((_, i) => i % step == 0).Select(d => d.Date.ToString("dd/MM", CultureInfo.InvariantCulture))]);
        plot.Title("Diễn biến theo ngày");
        plot.ShowLegend(Alignment.UpperLeft);
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.Axes.AutoScale();
        plot.Axes.SetLimitsY(0, Math.Max(1, report.Days.Select(d => d.Comments + d.Messages).DefaultIfEmpty(0).Max()) * 1.15);
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }

    /// <param name="scale">Draws everything this many times larger (text too) in the same pixel size: screens seen from across a room.</param>
    /// <param name="top">The axis' fixed end (100 for percentages); otherwise a little above the largest value.</param>
    private static byte[] Bars(string title, string axis, double[] values, string[] labels, int width, int height, bool horizontal, Color? color = null, float scale = 1, double? top = null)
    {
        _ = FontRegistered.Value;
        var plot = new Plot { ScaleFactor = scale };
        plot.Font.Set(FontName);
        var bars = plot.Add.Bars(values);
        bars.Horizontal = horizontal;
        bars.Color = color ?? Colors.SteelBlue;
        var positions = Enumerable.Range(0, values.Length).Select(i => (double)i).ToArray();

        // Counts start at zero and have whole-number ticks, also on a day with nothing to count.
        var end = top ?? Math.Max(1, values.DefaultIfEmpty(0).Max()) * 1.1;
        var integers = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        if (horizontal)
        {
            plot.Axes.Left.SetTicks(positions, labels);
            plot.Axes.Bottom.Label.Text = axis;
            plot.Axes.Bottom.TickGenerator = integers;
            plot.Axes.SetLimitsX(0, end);
        }
        else
        {
            plot.Axes.Bottom.SetTicks(positions, labels);
            plot.Axes.Left.Label.Text = axis;
            plot.Axes.Left.TickGenerator = integers;
            plot.Axes.SetLimitsY(0, end);
        }

        if (values.Length == 0)
        {
            // An empty frame reads as "broken" from across the room; say there is nothing to show yet.
            var nothing = plot.Add.Annotation("Chưa có số liệu", Alignment.MiddleCenter);
            nothing.LabelFontSize = 16;
        }

        plot.Title(title);
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }
}
