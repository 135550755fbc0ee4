using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using LaoCaiFanpage.Grains.Reports;

namespace LaoCaiFanpage.Silo.Reports;

/// <summary>
/// The report as a printable A4 page in the form of an official Vietnamese report: the issuing body's header, the
/// national motto, place and date, the title, numbered sections with tables and charts. Every text that came from
/// outside (case previews, crisis titles, page names) is HTML-encoded; the charts are embedded, so the file stands alone.
/// </summary>
public static class ReportHtml
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);
    private static readonly CultureInfo Vi = CultureInfo.GetCultureInfo("vi-VN");

    public static string Render(ActivityReport report)
    {
        var html = new StringBuilder(32 * 1024);
        var issued = report.GeneratedAt.ToOffset(TimeSpan.FromHours(7));
        var period = report.Kind == ActivityReport.Daily
            ? "ngày " + report.From.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)
            : $"từ ngày {report.From.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)} đến ngày {report.To.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)}";
        html.Append("""
            <!DOCTYPE html>
            <html lang="vi"><head><meta charset="utf-8"><title>
            """).Append(E("Báo cáo hoạt động Trang Facebook UBND tỉnh " + period)).Append("""
            </title><style>
            @page { size: A4; margin: 20mm 15mm 20mm 25mm; }
            body { font-family: "Times New Roman", "DejaVu Serif", serif; font-size: 13pt; color: #000; max-width: 180mm; margin: 0 auto; }
            .header { display: flex; justify-content: space-between; text-align: center; }
            .header div { width: 48%; } .header b { display: block; } .rule { width: 35%; margin: 2px auto 0; border-top: 1px solid #000; }
            .place { text-align: right; font-style: italic; margin: 10px 0; }
            h1 { text-align: center; font-size: 14pt; margin: 16px 0 4px; } .subtitle { text-align: center; font-weight: bold; margin-bottom: 14px; }
            h2 { font-size: 13pt; margin: 16px 0 6px; } table { border-collapse: collapse; width: 100%; margin: 4px 0 8px; font-size: 11.5pt; page-break-inside: auto; }
            th, td { border: 1px solid #000; padding: 3px 5px; vertical-align: top; } th { background: #eee; } td.n { text-align: right; white-space: nowrap; }
            img { width: 100%; page-break-inside: avoid; } .formula { font-style: italic; font-size: 11pt; } .empty { font-style: italic; }
            .signature { display: flex; justify-content: flex-end; margin-top: 24px; text-align: center; } .signature div { width: 50%; }
            </style></head><body>
            <div class="header"><div><b>ỦY BAN NHÂN DÂN TỈNH LÀO CAI</b><b>VĂN PHÒNG</b><div class="rule"></div></div>
            <div><b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b><b>Độc lập - Tự do - Hạnh phúc</b><div class="rule"></div></div></div>
            """);
        html.Append("<p class=\"place\">Lào Cai, ngày ").Append(issued.Day.ToString("00", CultureInfo.InvariantCulture)).Append(" tháng ")
            .Append(issued.Month.ToString("00", CultureInfo.InvariantCulture)).Append(" năm ").Append(issued.Year.ToString(CultureInfo.InvariantCulture)).Append("</p>");
        html.Append("<h1>BÁO CÁO</h1><p class=\"subtitle\">").Append(E("Tình hình hoạt động Trang Facebook của UBND tỉnh Lào Cai " + period)).Append("</p>");
        html.Append("<p>Số liệu tính đến ").Append(E(issued.ToString("HH:mm 'ngày' dd/MM/yyyy", CultureInfo.InvariantCulture)))
            .Append(" (giờ Việt Nam). Văn phòng UBND tỉnh báo cáo như sau:</p>");

        var m = report.Messages;
        html.Append("<h2>1. Tiếp nhận bình luận, tin nhắn</h2>");
        Table(html, ["Nội dung", "Số lượng"], [["Bình luận", N(m.Comments)], ["Tin nhắn Messenger", N(m.Messages)], ["Tổng cộng", N(m.Total)]]);
        Table(html, ["Lĩnh vực (Điều 6)", "Số lượng"], [.. m.ByCategory.Select(c => new[] { (c.Key == "0" ? string.Empty : c.Key + ". ") + c.Label, N(c.Count) })]);
        if (m.ByPost.Count > 0)
        {
            Table(html, ["Bài đăng / kênh", "Số lượng"], [.. m.ByPost.Select(p => new[] { p.Label, N(p.Count) })]);
        }

        Chart(html, ReportCharts.ByHour(report), "Biểu đồ bình luận và tin nhắn theo giờ");
        Chart(html, ReportCharts.ByCategory(report), "Biểu đồ theo lĩnh vực");
        if (report.PagePosts is { } own)
        {
            html.Append("<p>Bài đăng của Trang trong kỳ (Điều 6): ").Append(N(own.Sum(p => p.Count))).Append("</p>");
            Table(html, ["Lĩnh vực (Điều 6)", "Bài đăng của Trang"], [.. own.Select(p => new[] { p.Key + ". " + p.Label, N(p.Count) })]);
        }

        var c = report.Cases;
        html.Append("<h2>2. Xử lý vụ việc</h2>");
        Table(html, ["Nội dung", "Số lượng"], [["Vụ việc mới", N(c.Opened)], ["Đã trả lời (đã đăng)", N(c.Answered)], ["Đang mở cuối kỳ", N(c.OpenAtEnd)], ["Quá hạn cuối kỳ", N(c.OverdueAtEnd)]]);
        var office = report.OfficeIntake;
        html.Append("<p>Tiếp nhận, phân loại của Văn phòng (Ban Biên tập): ").Append(N(office.Started)).Append(" việc mới, ").Append(N(office.Finished))
            .Append(" đã chuyển xử lý, ").Append(N(office.OnTime)).Append(" đúng hạn (").Append(Rate(office.OnTimeRate)).Append("), ")
            .Append(N(office.OverdueAtEnd)).Append(" quá hạn.</p>");
        if (report.Wait is { } wait)
        {
            html.Append("<h3>Thời gian người dân chờ câu trả lời</h3>");
            if (wait.Answered == 0)
            {
                html.Append("<p class=\"empty\">Chưa có câu trả lời nào được đăng trong kỳ.</p>");
            }
            else
            {
                html.Append("<p>").Append(N(wait.Answered)).Append(" câu trả lời được đăng; từ khi người dân gửi đến khi câu trả lời lên Trang: trung vị ")
                    .Append(Hours(wait.MedianWorkingHours)).Append(" làm việc (").Append(Hours(wait.MedianHours)).Append(" theo lịch), 90% trong vòng ")
                    .Append(Hours(wait.P90WorkingHours)).Append(" làm việc (").Append(Hours(wait.P90Hours)).Append(" theo lịch).</p>");
                Table(html, ["Vụ việc", "Gửi lúc", "Đăng lúc", "Giờ làm việc", "Giờ theo lịch", "Nội dung"],
                    [.. wait.Longest.Select(w => new[] { w.CaseId, w.From.ToString("HH:mm dd/MM/yyyy", CultureInfo.InvariantCulture), w.PublishedAt.ToString("HH:mm dd/MM/yyyy", CultureInfo.InvariantCulture),
                        w.WorkingHours.ToString("0.#", Vi), w.Hours.ToString("0.#", Vi), w.Preview ?? string.Empty })], numericFrom: 3);
            }

            Table(html, ["Bước", "Số việc", "Trung vị", "90%", "Lâu nhất"],
                [.. wait.Steps.Where(x => x.Count > 0).Select(x => new[] { x.Label + (x.WorkingHours ? " (giờ làm việc)" : " (giờ theo lịch)"), N(x.Count), Hours(x.MedianHours), Hours(x.P90Hours), Hours(x.LongestHours) })]);
        }

        html.Append("<h2>3. Kết quả của các đơn vị</h2>");
        if (report.Units.Count == 0)
        {
            html.Append("<p class=\"empty\">Không có đơn vị nào được giao việc trong kỳ.</p>");
        }
        else
        {
            Table(html, ["Hạng", "Đơn vị", "Được giao", "Đã trả lời", "Đúng hạn", "Tỉ lệ đúng hạn", "Đang quá hạn", "Điểm"],
                [.. report.Units.Select(u => new[] { u.Rank?.ToString(CultureInfo.InvariantCulture) ?? "–", u.Name + " (" + u.Code + ")", N(u.Assigned), N(u.Finished), N(u.OnTime), Rate(u.OnTimeRate), N(u.OverdueAtEnd), u.Score?.ToString("0.0", Vi) ?? "–" })],
                numericFrom: 2);
            html.Append("<p class=\"formula\">Cách tính: ").Append(E(report.RankingFormula)).Append("</p>");
            Chart(html, ReportCharts.OnTimeByUnit(report), "Biểu đồ tỉ lệ đúng hạn theo đơn vị");
        }

        // R13 commends and R14 disciplines people, not only units: who answered, on time or late, and who holds overdue cases.
        if (report.Officers is { Count: > 0 } officers)
        {
            html.Append("<h3>Cán bộ trả lời</h3>");
            Table(html, ["Cán bộ", "Đơn vị", "Đã trả lời", "Đúng hạn", "Trễ hạn", "Tỉ lệ đúng hạn", "Đang giữ việc quá hạn"],
                [.. officers.Select(o => new[] { o.Username, o.UnitName, N(o.Answered), N(o.OnTime), N(o.Late), Rate(o.OnTimeRate), N(o.OverdueAtEnd) })],
                numericFrom: 2);
        }

        html.Append("<h2>4. Vụ việc quá hạn</h2>");
        if (report.Overdue.Count == 0)
        {
            html.Append("<p class=\"empty\">Không có vụ việc quá hạn.</p>");
        }
        else
        {
            Table(html, ["Vụ việc", "Đơn vị", "Hạn", "Trễ", "Nội dung"],
                [.. report.Overdue.Select(o => new[] { o.CaseId, o.UnitName, o.Deadline.ToString("HH:mm dd/MM/yyyy", CultureInfo.InvariantCulture), Late(o.HoursLate), o.Preview ?? string.Empty })], numericFrom: int.MaxValue);
        }

        html.Append("<h2>5. Khủng hoảng truyền thông</h2>");
        if (report.Crises.Count == 0)
        {
            html.Append("<p class=\"empty\">Không có khủng hoảng truyền thông.</p>");
        }
        else
        {
            Table(html, ["Mức", "Nội dung", "Trạng thái", "Phát hiện"],
                [.. report.Crises.Select(k => new[] { N(k.Severity), k.Title, k.StatusLabel, k.OpenedAt.ToString("HH:mm dd/MM/yyyy", CultureInfo.InvariantCulture) })], numericFrom: int.MaxValue);
        }

        html.Append("<h2>6. Trang mạo danh</h2>");
        if (report.Impostors.Count == 0)
        {
            html.Append("<p class=\"empty\">Không phát hiện trang mạo danh.</p>");
        }
        else
        {
            Table(html, ["Tên trang", "Địa chỉ", "Điểm", "Trạng thái"], [.. report.Impostors.Select(p => new[] { p.Name, p.Url ?? string.Empty, N(p.Score), p.StatusLabel })], numericFrom: int.MaxValue);
        }

        html.Append("<h2>7. Tính toàn vẹn của Trang (Điều 8.1)</h2>");
        if (report.Integrity is not { Count: > 0 } integrity)
        {
            html.Append("<p class=\"empty\">Mọi nội dung Trang đăng đều đã qua phê duyệt.</p>");
        }
        else
        {
            Table(html, ["Phát hiện", "Kênh", "Lúc", "Trạng thái"],
                [.. integrity.Select(f => new[] { f.KindLabel, f.Channel switch { "post" => "Bài đăng", "messenger" => "Tin nhắn", _ => "Trả lời bình luận" },
                    f.SeenAt.ToString("HH:mm dd/MM/yyyy", CultureInfo.InvariantCulture), f.Status == "acknowledged" ? "Đã ghi nhận: " + f.Note : "Chưa ghi nhận" })], numericFrom: int.MaxValue);
        }

        var mod = report.Moderation;
        html.Append("<h2>8. Nội dung vi phạm (Điều 12)</h2>");
        Table(html, ["Nội dung", "Số lượng"], [["Bị bộ lọc phát hiện", N(mod.Flagged)], ["Đã ẩn trên Facebook", N(mod.Hidden)], ["Chờ Ban Biên tập xem xét", N(mod.PendingReview)], ["Giữ lại sau xem xét", N(mod.Kept)]]);
        if (mod.ByClause.Count > 0)
        {
            Table(html, ["Khoản vi phạm", "Số lượng"], [.. mod.ByClause.Select(k => new[] { k.Label, N(k.Count) })]);
        }

        if (report.Kind == ActivityReport.Range)
        {
            html.Append("<h2>9. Diễn biến theo ngày</h2>");
            Chart(html, ReportCharts.Trend(report), "Biểu đồ diễn biến theo ngày");
            Table(html, ["Ngày", "Bình luận", "Tin nhắn", "Vụ việc mới", "Đã trả lời", "Quá hạn cuối ngày"],
                [.. report.Days.Select(d => new[] { d.Date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture), N(d.Comments), N(d.Messages), N(d.Opened), N(d.Answered), N(d.OverdueAtEnd) })],
                numericFrom: 1);
        }

        html.Append("<div class=\"signature\"><div><b>VĂN PHÒNG UBND TỈNH</b><br><i>(Báo cáo do hệ thống lập tự động)</i></div></div></body></html>");
        return html.ToString();
    }

    private static void Table(StringBuilder html, string[] headers, IEnumerable<string[]> rows, int numericFrom = 1)
    {
        html.Append("<table><thead><tr>");
        foreach (var header in headers)
        {
            html.Append("<th>").Append(E(header)).Append("</th>");
        }

        html.Append("</tr></thead><tbody>");
        foreach (var row in rows)
        {
            html.Append("<tr>");
            for (var i = 0; i < row.Length; i++)
            {
                html.Append(i >= numericFrom ? "<td class=\"n\">" : "<td>").Append(E(row[i])).Append("</td>");
            }

            html.Append("</tr>");
        }

        html.Append("</tbody></table>");
    }

    private static void Chart(StringBuilder html, byte[] png, string alt) =>
        html.Append("<img alt=\"").Append(E(alt)).Append("\" src=\"data:image/png;base64,").Append(Convert.ToBase64String(png)).Append("\">");

    private static string E(string text) => Encoder.Encode(text);

    private static string N(int value) => value.ToString("N0", Vi);

    private static string Hours(double? hours) => hours is { } h ? h.ToString("0.#", Vi) + " giờ" : "–";

    public static string Rate(double? rate) => rate is { } r ? (r * 100).ToString("0.#", Vi) + "%" : "–";

    public static string Late(double hours) => hours >= 24
        ? $"{Math.Floor(hours / 24).ToString("0", CultureInfo.InvariantCulture)} ngày {(hours % 24).ToString("0", CultureInfo.InvariantCulture)} giờ"
        : $"{hours.ToString("0.#", Vi)} giờ";
}
