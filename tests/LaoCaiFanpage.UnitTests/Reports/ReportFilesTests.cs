using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using LaoCaiFanpage.Grains.Reports;
using LaoCaiFanpage.Silo.Reports;
using SkiaSharp;

namespace LaoCaiFanpage.UnitTests.Reports;

/// <summary>The report's forms: the XLSX read back, the CSV's figures and its formula guard, the HTML's official form and escaping, charts with their text.</summary>
public sealed class ReportFilesTests
{
    private static readonly ActivityReport Report =
        ActivityReportBuilder.Build(ActivityReport.Daily, ReportFixture.Day, ReportFixture.Day, ReportFixture.Data(), ReportFixture.NextMorning, ReportFixture.Units);

    private static string CellText(Cell cell) => cell.InlineString?.Text?.Text ?? cell.CellValue?.Text ?? string.Empty;

    [Fact]
    public void The_xlsx_reopens_with_every_table_and_its_figures()
    {
        using var stream = new MemoryStream(ReportFiles.Xlsx(Report));
        using var document = SpreadsheetDocument.Open(stream, false);
        var workbook = document.WorkbookPart!;
        var sheets = workbook.Workbook.Sheets!.Elements<Sheet>().ToList();
        Assert.Equal(["Tổng hợp", "Lĩnh vực", "Bài đăng của Trang", "Theo giờ", "Bài đăng", "Đơn vị", "Cách xếp hạng", "Cán bộ", "Quá hạn", "Khủng hoảng", "Trang mạo danh", "Vi phạm Điều 12", "Toàn vẹn", "Thời gian chờ", "Các bước"], sheets.Select(s => s.Name!.Value));

        List<List<string>> Rows(string name)
        {
            var part = (WorksheetPart)workbook.GetPartById(sheets.Single(s => s.Name == name).Id!);
            return [.. part.Worksheet.GetFirstChild<SheetData>()!.Elements<Row>().Select(r => r.Elements<Cell>().Select(CellText).ToList())];
        }

        var summary = Rows("Tổng hợp").ToDictionary(r => r[0], r => r[1]);
        Assert.Equal(("4", "1", "5", "4", "1", "2"), (summary["Bình luận"], summary["Tin nhắn Messenger"], summary["Tổng tiếp nhận"], summary["Vụ việc mới"], summary["Đã trả lời (đã đăng)"], summary["Quá hạn cuối kỳ"]));
        var units = Rows("Đơn vị");
        Assert.Equal(["Hạng", "Mã", "Đơn vị", "Được giao", "Đã trả lời", "Đúng hạn", "Tỉ lệ đúng hạn", "Đang quá hạn", "Điểm"], units[0]);
        Assert.Equal(["1", "SXD", "Sở Xây dựng", "2", "1", "1", "1", "1", "95"], units[1]);
        // Case A waited from 08:15 to 16:00 on a working Friday: 7.75 hours, 6.25 of them office hours.
        Assert.Equal(["Trung vị", "6.25", "7.75"], Rows("Thời gian chờ")[2]);
        var overdue = Rows("Quá hạn");
        Assert.Equal("=HYPERLINK(\"http://evil\") <script>alert(1)</script>", overdue[2][6]); // stored as text, never as a formula
        Assert.Null(((WorksheetPart)workbook.GetPartById(sheets.Single(s => s.Name == "Quá hạn").Id!)).Worksheet.Descendants<CellFormula>().FirstOrDefault());
    }

    [Fact]
    public void The_csv_has_the_figures_and_neutralises_formulas()
    {
        var bytes = ReportFiles.Csv(Report);
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes[3..]);
        var lines = text.Split("\r\n");
        Assert.Contains("Bình luận,4", lines);
        Assert.Contains("Tổng tiếp nhận,5", lines);
        Assert.Contains("1,SXD,Sở Xây dựng,2,1,1,1,1,95", lines);
        Assert.Contains(lines, l => l.StartsWith("C,VP,Văn phòng UBND tỉnh,intake,", StringComparison.Ordinal) && l.EndsWith(",7.5,\"'=HYPERLINK(\"\"http://evil\"\") <script>alert(1)</script>\"", StringComparison.Ordinal));
    }

    [Fact]
    public void The_html_is_an_official_report_with_user_text_escaped()
    {
        var html = ReportHtml.Render(Report);
        Assert.Contains("ỦY BAN NHÂN DÂN TỈNH LÀO CAI", html, StringComparison.Ordinal);
        Assert.Contains("VĂN PHÒNG", html, StringComparison.Ordinal);
        Assert.Contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", html, StringComparison.Ordinal);
        Assert.Contains("Lào Cai, ngày 28 tháng 11 năm 2026", html, StringComparison.Ordinal);
        Assert.Contains("ngày 27/11/2026", html, StringComparison.Ordinal);
        Assert.Contains("@page { size: A4", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert(1)</script>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.Equal(3, html.Split("data:image/png;base64,").Length - 1); // by hour, by category, on-time by unit
        Assert.Contains("12 giờ", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Charts_draw_their_vietnamese_text()
    {
        // ScottPlot draws no text without a font: the title band of a chart with a title has dark pixels, a blank title band has none.
        using var chart = SKBitmap.Decode(ReportCharts.ByHour(Report));
        Assert.Equal((900, 320), (chart.Width, chart.Height));
        var dark = 0;
        for (var y = 0; y < 30; y++)
        {
            for (var x = 0; x < chart.Width; x++)
            {
                var p = chart.GetPixel(x, y);
                dark += p.Red + p.Green + p.Blue < 200 ? 1 : 0;
            }
        }

        Assert.True(dark > 300, $"{dark} dark pixels in the title band");
        Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artifacts"));
        File.WriteAllBytes(Path.Combine(AppContext.BaseDirectory, "artifacts", "report-chart-by-hour.png"), ReportCharts.ByHour(Report));
    }
}
