using System.Globalization;
using LaoCaiFanpage.Grains.Reports;

namespace LaoCaiFanpage.Silo.Reports;

/// <summary>One table of a report: a name, column headers, and rows of texts and numbers.</summary>
public sealed record ReportTable(string Name, IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<object?>> Rows);

/// <summary>The report as tables — what the CSV and the XLSX are written from (numbers stay numbers).</summary>
public static class ReportTables
{
    public static IReadOnlyList<ReportTable> Of(ActivityReport report)
    {
        var m = report.Messages;
        var c = report.Cases;
        var o = report.OfficeIntake;
        var d = report.Moderation;
        var tables = new List<ReportTable>
        {
            new("Tổng hợp", ["Chỉ tiêu", "Giá trị"],
            [
                ["Kỳ báo cáo", report.From == report.To ? Date(report.From) : Date(report.From) + " – " + Date(report.To)],
                ["Số liệu tính đến", report.AsOf.ToOffset(TimeSpan.FromHours(7)).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)],
                ["Bình luận", m.Comments], ["Tin nhắn Messenger", m.Messages], ["Tổng tiếp nhận", m.Total],
                ["Vụ việc mới", c.Opened], ["Đã trả lời (đã đăng)", c.Answered], ["Đang mở cuối kỳ", c.OpenAtEnd], ["Quá hạn cuối kỳ", c.OverdueAtEnd],
                ["VP tiếp nhận: việc mới", o.Started], ["VP tiếp nhận: đã chuyển", o.Finished], ["VP tiếp nhận: đúng hạn", o.OnTime], ["VP tiếp nhận: tỉ lệ đúng hạn", o.OnTimeRate],
                ["VP tiếp nhận: quá hạn", o.OverdueAtEnd],
                ["Nội dung bị bộ lọc phát hiện", d.Flagged], ["Đã ẩn trên Facebook", d.Hidden], ["Chờ xem xét", d.PendingReview], ["Giữ lại", d.Kept],
                ["Khủng hoảng truyền thông", report.Crises.Count], ["Trang mạo danh", report.Impostors.Count],
                ["Nội dung Trang đăng chưa qua phê duyệt", (report.Integrity ?? []).Count],
                ["Bài đăng của Trang", (report.PagePosts ?? []).Sum(p => p.Count)],
            ]),
            new("Lĩnh vực", ["Mã", "Lĩnh vực (Điều 6)", "Số lượng"], [.. m.ByCategory.Select(x => Row(x.Key, x.Label, x.Count))]),
            new("Bài đăng của Trang", ["Mã", "Lĩnh vực (Điều 6)", "Số bài"], [.. (report.PagePosts ?? []).Select(x => Row(x.Key, x.Label, x.Count))]),
            new("Theo giờ", ["Giờ", "Số lượng"], [.. m.ByHour.Select((n, h) => Row(h, n))]),
            new("Bài đăng", ["Mã", "Bài đăng / kênh", "Số lượng"], [.. m.ByPost.Select(x => Row(x.Key, x.Label, x.Count))]),
            new("Đơn vị", ["Hạng", "Mã", "Đơn vị", "Được giao", "Đã trả lời", "Đúng hạn", "Tỉ lệ đúng hạn", "Đang quá hạn", "Điểm"],
                [.. report.Units.Select(u => Row(u.Rank, u.Code, u.Name, u.Assigned, u.Finished, u.OnTime, u.OnTimeRate, u.OverdueAtEnd, u.Score))]),
            new("Cách xếp hạng", ["Công thức"], [Row(report.RankingFormula)]),
            new("Cán bộ", ["Cán bộ", "Mã đơn vị", "Đơn vị", "Đã trả lời", "Đúng hạn", "Trễ hạn", "Tỉ lệ đúng hạn", "Đang giữ việc quá hạn"],
                [.. (report.Officers ?? []).Select(o => Row(o.Username, o.Unit, o.UnitName, o.Answered, o.OnTime, o.Late, o.OnTimeRate, o.OverdueAtEnd))]),
            new("Quá hạn", ["Vụ việc", "Mã đơn vị", "Đơn vị", "Loại", "Hạn", "Số giờ trễ", "Nội dung"],
                [.. report.Overdue.Select(x => Row(x.CaseId, x.Unit, x.UnitName, x.Kind, x.Deadline.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), x.HoursLate, x.Preview))]),
            new("Khủng hoảng", ["Mã", "Mức", "Nội dung", "Trạng thái", "Phát hiện"],
                [.. report.Crises.Select(x => Row(x.Id, x.Severity, x.Title, x.StatusLabel, x.OpenedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)))]),
            new("Trang mạo danh", ["Mã", "Tên trang", "Địa chỉ", "Điểm", "Trạng thái"],
                [.. report.Impostors.Select(x => Row(x.Id, x.Name, x.Url, x.Score, x.StatusLabel))]),
            new("Vi phạm Điều 12", ["Khoản", "Số lượng"], [.. d.ByClause.Select(x => Row(x.Label, x.Count))]),
            new("Toàn vẹn", ["Mã", "Phát hiện", "Kênh", "Lúc", "Trạng thái", "Ghi nhận"],
                [.. (report.Integrity ?? []).Select(x => Row(x.Id, x.KindLabel, x.Channel, x.SeenAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), x.Status, x.Note))]),
        };
        if (report.Wait is { } wait)
        {
            tables.Add(new("Thời gian chờ", ["Chỉ tiêu", "Giờ làm việc", "Giờ theo lịch"],
            [
                Row("Số câu trả lời đã đăng", wait.Answered, wait.Answered),
                Row("Trung vị", wait.MedianWorkingHours, wait.MedianHours),
                Row("90% trong vòng", wait.P90WorkingHours, wait.P90Hours),
                .. wait.Longest.Select(w => Row("Chờ lâu: " + w.CaseId, w.WorkingHours, w.Hours)),
            ]));
            tables.Add(new("Các bước", ["Bước", "Đơn vị đo", "Số việc", "Trung vị (giờ)", "90% (giờ)", "Lâu nhất (giờ)"],
                [.. wait.Steps.Select(x => Row(x.Label, x.WorkingHours ? "giờ làm việc" : "giờ theo lịch", x.Count, x.MedianHours, x.P90Hours, x.LongestHours))]));
        }

        if (report.Kind == ActivityReport.Range)
        {
            tables.Add(new("Theo ngày", ["Ngày", "Bình luận", "Tin nhắn", "Vụ việc mới", "Đã trả lời", "Quá hạn cuối ngày"],
                [.. report.Days.Select(x => Row(Date(x.Date), x.Comments, x.Messages, x.Opened, x.Answered, x.OverdueAtEnd))]));
        }

        return tables;
    }

    private static object?[] Row(params object?[] cells) => cells;

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
