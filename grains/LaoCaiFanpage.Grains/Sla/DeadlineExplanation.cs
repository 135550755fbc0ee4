using System.Globalization;
using LaoCaiFanpage.Contracts.Time;

namespace LaoCaiFanpage.Grains.Sla;

/// <summary>One line of a deadline's explanation: a day and what it counted for.</summary>
public sealed record ExplanationLine(DateOnly Date, string Kind, bool Counted, string Text);

/// <summary>A deadline with the reasoning an auditor (or a unit disputing "overdue") can check.</summary>
public sealed record DeadlineExplanation(DateTimeOffset ReceivedAt, int WorkingDays, DeadlineRule Rule, DateTimeOffset Deadline, bool Provisional, IReadOnlyList<ExplanationLine> Lines);

/// <summary>Explains a deadline day by day, in Vietnamese. Only for display: clocks use <see cref="WorkingCalendar.Deadline"/>.</summary>
public static class DeadlineExplainer
{
    private static readonly CultureInfo Vi = CultureInfo.GetCultureInfo("vi-VN");

    public static DeadlineExplanation Explain(this WorkingCalendar calendar, DateTimeOffset receivedAt, int workingDays, DeadlineRule rule)
    {
        var deadline = calendar.Deadline(receivedAt, workingDays, rule);
        var local = receivedAt.ToVietnam();
        var receiptDay = DateOnly.FromDateTime(local.DateTime);
        var lastDay = rule == DeadlineRule.Civil
            ? DateOnly.FromDateTime(deadline.ToVietnam().DateTime).AddDays(-1)
            : DateOnly.FromDateTime(deadline.ToVietnam().DateTime);
        var lines = new List<ExplanationLine>();
        var provisional = false;

        var receipt = calendar.Describe(receiptDay);
        provisional |= receipt.Provisional;
        if (rule == DeadlineRule.Civil)
        {
            lines.Add(new ExplanationLine(receiptDay, "receipt", false,
                $"Tiếp nhận lúc {local:HH:mm} {DayName(receiptDay)}; ngày tiếp nhận không tính vào thời hạn (Bộ luật Dân sự 2015, Điều 147)."));
        }
        else
        {
            var remaining = receipt.IsWorkingDay ? calendar.OfficeHours.RemainingAfter(TimeOnly.FromDateTime(local.DateTime)) : TimeSpan.Zero;
            lines.Add(new ExplanationLine(receiptDay, "receipt", remaining > TimeSpan.Zero,
                remaining > TimeSpan.Zero
                    ? $"Tiếp nhận lúc {local:HH:mm} {DayName(receiptDay)}; tính {Hours(remaining)} giờ hành chính còn lại trong ngày."
                    : $"Tiếp nhận lúc {local:HH:mm} {DayName(receiptDay)}, ngoài giờ hành chính{Reason(receipt)}; thời hạn bắt đầu từ giờ làm việc kế tiếp."));
        }

        var counted = 0;
        for (var day = receiptDay.AddDays(1); day <= lastDay; day = day.AddDays(1))
        {
            var info = calendar.Describe(day);
            provisional |= info.Provisional;
            if (info.IsWorkingDay)
            {
                counted++;
                var makeUp = info.Kind == DayKind.MakeUpWorkingDay ? $" (ngày làm bù: {info.Name})" : string.Empty;
                lines.Add(new ExplanationLine(day, info.Kind == DayKind.MakeUpWorkingDay ? "make-up-working-day" : "working-day", true,
                    $"{DayName(day)}: ngày làm việc{makeUp} — tính ngày thứ {counted}."));
            }
            else
            {
                lines.Add(new ExplanationLine(day, info.Kind == DayKind.Weekend ? "weekend" : "holiday", false,
                    $"{DayName(day)}: không tính —{Reason(info)}."));
            }
        }

        var end = deadline.ToVietnam();
        lines.Add(new ExplanationLine(lastDay, "deadline", false, rule == DeadlineRule.Civil
            ? $"Hạn: 24:00 {DayName(lastDay)} (hết ngày làm việc thứ {workingDays} sau ngày tiếp nhận, Bộ luật Dân sự 2015, Điều 148)."
            : $"Hạn: {end:HH:mm} {DayName(lastDay)} (đủ {workingDays} × {Hours(calendar.OfficeHours.PerDay)} giờ hành chính)."));
        if (provisional)
        {
            lines.Add(new ExplanationLine(lastDay, "provisional", false,
                "Lịch nghỉ của năm này chưa được Chính phủ công bố: tạm tính theo Bộ luật Lao động 2019 (Điều 111–112)."));
        }

        return new DeadlineExplanation(receivedAt, workingDays, rule, deadline, provisional, lines);
    }

    public static string DayName(DateOnly date)
    {
        var weekday = date.DayOfWeek == DayOfWeek.Sunday ? "Chủ nhật" : Vi.DateTimeFormat.GetDayName(date.DayOfWeek);
        weekday = char.ToUpper(weekday[0], Vi) + weekday[1..];
        return $"{weekday} {date:dd/MM/yyyy}";
    }

    private static string Reason(DayInfo info) => info.Kind switch
    {
        DayKind.Weekend => " nghỉ cuối tuần",
        DayKind.Holiday => $" {info.Name}{(info.Provisional ? " (tạm tính)" : string.Empty)}",
        _ => string.Empty,
    };

    private static string Hours(TimeSpan span) => span.TotalHours.ToString("0.##", Vi);
}
