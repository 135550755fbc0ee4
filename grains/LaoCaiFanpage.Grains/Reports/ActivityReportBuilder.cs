using System.Globalization;
using LaoCaiFanpage.Contracts.Accounts;
using LaoCaiFanpage.Contracts.Content;
using LaoCaiFanpage.Contracts.Impostors;
using LaoCaiFanpage.Contracts.Integrity;
using LaoCaiFanpage.Contracts.Sla;
using LaoCaiFanpage.Contracts.Threads;
using LaoCaiFanpage.Contracts.Time;
using LaoCaiFanpage.Contracts.Workflow;
using LaoCaiFanpage.Grains.Sla;
using LaoCaiFanpage.Grains.Units;

namespace LaoCaiFanpage.Grains.Reports;

/// <summary>
/// Computes a report from its rows: pure code, so every figure can be checked against a known set of cases. A
/// clock counts as finished when it was answered (a cancelled clock counts neither way), on time when it was met,
/// overdue at the end of the period when its deadline had passed and no answer had come.
/// </summary>
public static class ActivityReportBuilder
{
    /// <summary>The commendation formula (R13), shown with the ranking.</summary>
    public const string RankingFormula =
        "Điểm = 70 × tỉ lệ trả lời đúng hạn + 30 × (số việc đã trả lời ÷ số việc của đơn vị trả lời nhiều nhất) − 5 × số việc đang quá hạn; " +
        "chỉ xếp hạng đơn vị đã trả lời ít nhất một việc trong kỳ.";

    private const string Unclassified = "0";
    private const int TopPosts = 10;

    private static readonly HashSet<string> Finished = [CaseStatus.Published, CaseStatus.Closed, CaseStatus.NotActionable, CaseStatus.Merged];

    /// <summary>How many of the longest waits a report names.</summary>
    public const int LongestWaits = 5;

    public static ActivityReport Build(string kind, DateOnly from, DateOnly to, ReportData data, DateTimeOffset now, UnitDirectory units, WorkingCalendar? calendar = null)
    {
        var start = VietnamTime.StartOf(from);
        var end = VietnamTime.StartOf(to.AddDays(1));
        var asOf = now < end ? now : end;
        var categoryOf = data.Cases.ToDictionary(c => c.CaseId, c => c.Category, StringComparer.Ordinal);
        var messages = data.Messages.Where(m => m.ReceivedAt >= start && m.ReceivedAt < end).ToList();
        var overdue = Overdue(data.Clocks, asOf);

        var answerClocks = data.Clocks.Where(c => c.Kind != ClockKinds.Intake).ToList();
        var unitFigures = answerClocks.Select(c => c.Unit).Distinct(StringComparer.Ordinal)
            .Select(code => Figures(answerClocks.Where(c => c.Unit == code), start, end, asOf) is var f
                ? (Code: code, f.Started, f.Finished, f.OnTime, f.OverdueAtEnd, f.OnTimeRate)
                : default)
            .ToList();
        var most = unitFigures.Select(u => u.Finished).DefaultIfEmpty(0).Max();
        var scored = unitFigures
            .Select(u => (u, Score: u.Finished > 0 ? Math.Round((70 * u.OnTimeRate!.Value) + (30.0 * u.Finished / most) - (5 * u.OverdueAtEnd), 1) : (double?)null))
            .ToList();
        var ranked = scored.Where(s => s.Score is not null).OrderByDescending(s => s.Score).ThenBy(s => s.u.Code, StringComparer.Ordinal)
            .Select((s, i) => new UnitFigures(s.u.Code, UnitName(units, s.u.Code), s.u.Started, s.u.Finished, s.u.OnTime, s.u.OverdueAtEnd, s.u.OnTimeRate, s.Score, i + 1));
        var unranked = scored.Where(s => s.Score is null).OrderByDescending(s => s.u.OverdueAtEnd).ThenBy(s => s.u.Code, StringComparer.Ordinal)
            .Select(s => new UnitFigures(s.u.Code, UnitName(units, s.u.Code), s.u.Started, s.u.Finished, s.u.OnTime, s.u.OverdueAtEnd, null, null, null));

        var intake = Figures(data.Clocks.Where(c => c.Kind == ClockKinds.Intake), start, end, asOf);
        var previews = data.Cases.ToDictionary(c => c.CaseId, c => c.Preview, StringComparer.Ordinal);
        var flagged = data.Moderation.Where(m => m.DetectedAt >= start && m.DetectedAt < end).ToList();

        return new ActivityReport(
            kind, from, to, asOf, now,
            new MessageFigures(
                messages.Count(m => m.Channel != "messenger"),
                messages.Count(m => m.Channel == "messenger"),
                messages.Count,
                ByCategory(messages, categoryOf),
                [.. messages.GroupBy(m => m.Channel == "messenger" ? "messenger" : m.PostId ?? "?")
                    .Select(g => new CountLine(g.Key, g.Key == "messenger" ? "Tin nhắn Messenger" : "Bài đăng " + g.Key, g.Count()))
                    .OrderByDescending(l => l.Count).ThenBy(l => l.Key, StringComparer.Ordinal).Take(TopPosts)],
                [.. Enumerable.Range(0, 24).Select(h => messages.Count(m => m.ReceivedAt.ToVietnam().Hour == h))]),
            new CaseFigures(
                data.Cases.Count(c => c.CreatedAt >= start && c.CreatedAt < end),
                data.Cases.Count(c => c.AnsweredAt >= start && c.AnsweredAt < end),
                data.Cases.Count(c => c.CreatedAt < asOf && !(c.AnsweredAt <= asOf) && !Finished.Contains(c.Status)),
                overdue.Select(c => c.CaseId).Distinct(StringComparer.Ordinal).Count()),
            [.. ranked, .. unranked],
            RankingFormula,
            [.. overdue.OrderBy(c => c.Deadline).Select(c => new OverdueLine(c.CaseId, c.Unit, UnitName(units, c.Unit), c.Kind, c.Deadline.ToVietnam(),
                Math.Round((asOf - c.Deadline).TotalHours, 1), previews.GetValueOrDefault(c.CaseId)))],
            new ClockFigures(intake.Started, intake.Finished, intake.OnTime, intake.OverdueAtEnd, intake.OnTimeRate),
            new ModerationFigures(
                flagged.Count,
                flagged.Count(m => m.Status is ModerationStatuses.Hidden or ModerationStatuses.HideQueued),
                flagged.Count(m => m.Status is ModerationStatuses.PendingReview or ModerationStatuses.HideFailed),
                flagged.Count(m => m.Status == ModerationStatuses.Kept),
                [.. flagged.SelectMany(m => m.Clauses.Distinct(StringComparer.Ordinal)).GroupBy(c => c, StringComparer.Ordinal)
                    .Select(g => new CountLine(g.Key, "Khoản " + g.Key + " Điều 12", g.Count())).OrderByDescending(l => l.Count).ThenBy(l => l.Key, StringComparer.Ordinal)]),
            [.. data.Crises.Where(c => c.OpenedAt < end && (c.ResolvedAt is null || c.ResolvedAt >= start))
                .OrderByDescending(c => c.Severity).ThenBy(c => c.OpenedAt)
                .Select(c => new CrisisLine(c.Id, c.Title, c.Severity, c.Status, c.StatusLabel, c.OpenedAt.ToVietnam(), c.ResolvedAt?.ToVietnam()))],
            [.. data.Impostors.Where(p => p.Status != ImpostorStatuses.Official && p.FirstSeenAt < end && (ImpostorStatuses.IsFlagged(p.Status) || p.FirstSeenAt >= start))
                .OrderByDescending(p => ImpostorStatuses.IsFlagged(p.Status)).ThenByDescending(p => p.Score)
                .Select(p => new ImpostorLine(p.Id, p.Page.Name, p.Page.Url, p.Score, p.Status, p.StatusLabel, p.FirstSeenAt.ToVietnam()))],
            [.. Days(from, to).Select(day => Day(day, data, now))],
            Wait(data, start, end, calendar ?? WorkingCalendar.Default, previews),
            Officers(data, overdue, start, end, units),
            [.. (data.Integrity ?? []).Where(f => f.SeenAt < end && (f.SeenAt >= start || (f.Status == IntegrityStatuses.Open)))
                .OrderBy(f => f.SeenAt)
                .Select(f => new IntegrityLine(f.Id, f.Kind, f.KindLabel, f.Channel.ToString().ToLowerInvariant(), f.SeenAt.ToVietnam(), f.Status, f.Note))],
            PagePostsByCategory([.. (data.PagePosts ?? []).Where(p => p.PublishedAt >= start && p.PublishedAt < end)]));
    }

    /// <summary>Per person and unit: who answered (the clock's finisher) and who held the cases still overdue at the end.</summary>
    private static List<OfficerLine> Officers(ReportData data, List<ReportClock> overdue, DateTimeOffset start, DateTimeOffset end, UnitDirectory units)
    {
        var answers = data.Clocks
            .Where(c => c.Kind is ClockKinds.Answer or ClockKinds.Coordination && c.CompletedBy is not null
                && c.CompletedAt >= start && c.CompletedAt < end && c.State != ClockStates.Cancelled)
            .GroupBy(c => (Person: c.CompletedBy!, c.Unit))
            .ToDictionary(g => g.Key, g => (OnTime: g.Count(c => c.State == ClockStates.Met), Late: g.Count(c => c.State != ClockStates.Met)));
        var holders = data.Cases.Where(c => c.Assignee is not null).ToDictionary(c => c.CaseId, c => c.Assignee!, StringComparer.Ordinal);
        var late = overdue.Where(c => c.Kind == ClockKinds.Answer && holders.ContainsKey(c.CaseId))
            .GroupBy(c => (Person: holders[c.CaseId], c.Unit))
            .ToDictionary(g => g.Key, g => g.Select(c => c.CaseId).Distinct(StringComparer.Ordinal).Count());
        return [.. answers.Keys.Union(late.Keys)
            .Select(k => (k, a: answers.GetValueOrDefault(k), o: late.GetValueOrDefault(k)))
            .Select(x => new OfficerLine(x.k.Person, x.k.Unit, UnitName(units, x.k.Unit), x.a.OnTime + x.a.Late, x.a.OnTime, x.a.Late, x.o,
                x.a.OnTime + x.a.Late == 0 ? null : Math.Round((double)x.a.OnTime / (x.a.OnTime + x.a.Late), 4)))
            .OrderBy(l => l.Unit, StringComparer.Ordinal).ThenByDescending(l => l.Answered).ThenBy(l => l.Username, StringComparer.Ordinal)];
    }

    /// <summary>The citizens' wait for the answers published in [start, end), and each step's time.</summary>
    private static WaitFigures Wait(ReportData data, DateTimeOffset start, DateTimeOffset end, WorkingCalendar calendar, Dictionary<string, string?> previews)
    {
        var answered = data.Cases.Where(c => c.AnsweredAt >= start && c.AnsweredAt < end)
            .Select(c => new WaitLine(c.CaseId, c.CreatedAt.ToVietnam(), c.AnsweredAt!.Value.ToVietnam(), Hours(c.AnsweredAt.Value - c.CreatedAt),
                Hours(calendar.WorkingTimeBetween(c.CreatedAt, c.AnsweredAt.Value)), previews.GetValueOrDefault(c.CaseId)))
            .ToList();
        var calendarHours = answered.Select(w => w.Hours).Order().ToList();
        var workingHours = answered.Select(w => w.WorkingHours).Order().ToList();

        var finished = data.Clocks.Where(c => c.CompletedAt >= start && c.CompletedAt < end && c.State != ClockStates.Cancelled).ToList();
        StepLine Step(string step, string label, IEnumerable<ReportClock> clocks)
        {
            var took = clocks.Select(c => Hours(calendar.WorkingTimeBetween(c.StartedAt, c.CompletedAt!.Value))).Order().ToList();
            return new StepLine(step, label, took.Count, Percentile(took, 0.5), Percentile(took, 0.9), took.Count == 0 ? null : took[^1], WorkingHours: true);
        }

        var approvalsByCase = data.Clocks.Where(c => c.Kind == ClockKinds.Approval && c.CompletedAt is not null && c.State != ClockStates.Cancelled)
            .GroupBy(c => c.CaseId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Max(c => c.CompletedAt!.Value), StringComparer.Ordinal);
        var publishing = data.Cases.Where(c => c.AnsweredAt >= start && c.AnsweredAt < end && approvalsByCase.ContainsKey(c.CaseId))
            .Select(c => Hours(c.AnsweredAt!.Value - approvalsByCase[c.CaseId])).Order().ToList();
        string[] approvers = [Roles.EditorialHead, Roles.ChiefOfOffice, Roles.StandingCommittee];
        return new WaitFigures(
            answered.Count, Percentile(calendarHours, 0.5), Percentile(calendarHours, 0.9), Percentile(workingHours, 0.5), Percentile(workingHours, 0.9),
            [.. answered.OrderByDescending(w => w.WorkingHours).ThenByDescending(w => w.Hours).Take(LongestWaits)],
            [
                Step("intake", "Văn phòng tiếp nhận, phân loại, chuyển đơn vị", finished.Where(c => c.Kind == ClockKinds.Intake)),
                Step("answer", "Đơn vị soạn và trình câu trả lời", finished.Where(c => c.Kind == ClockKinds.Answer)),
                Step("coordination", "Đơn vị phối hợp trả lời", finished.Where(c => c.Kind == ClockKinds.Coordination)),
                .. approvers.Select(role => Step("approval:" + role, Workflow.ApprovalChain.VietnameseNameOfRole(role) + " duyệt",
                    finished.Where(c => c.Kind == ClockKinds.Approval && ApprovalRole(c.ClockId) == role))),
                new StepLine("publishing", "Đăng lên Facebook sau phê duyệt cuối", publishing.Count, Percentile(publishing, 0.5), Percentile(publishing, 0.9),
                    publishing.Count == 0 ? null : publishing[^1], WorkingHours: false),
            ]);
    }

    /// <summary>An approval clock's id names its role: <c>approval:{role}</c> (<c>:{n}</c> for a later round).</summary>
    private static string? ApprovalRole(string clockId) => clockId.Split(':') is [_, var role, ..] ? role : null;

    private static double Hours(TimeSpan span) => Math.Round(span.TotalHours, 2);

    /// <summary>The p-quantile of sorted values, interpolated between neighbours; null for none.</summary>
    public static double? Percentile(IReadOnlyList<double> sorted, double p)
    {
        if (sorted.Count == 0)
        {
            return null;
        }

        var rank = p * (sorted.Count - 1);
        var low = (int)Math.Floor(rank);
        var high = (int)Math.Ceiling(rank);
        return Math.Round(sorted[low] + ((sorted[high] - sorted[low]) * (rank - low)), 2);
    }

    /// <summary>Open answers past their deadline at <paramref name="asOf"/> (cancelled ones are owed no longer).</summary>
    private static List<ReportClock> Overdue(IEnumerable<ReportClock> clocks, DateTimeOffset asOf) =>
        [.. clocks.Where(c => c.State != ClockStates.Cancelled && c.StartedAt < asOf && c.Deadline <= asOf && !(c.CompletedAt <= asOf))];

    private static (int Started, int Finished, int OnTime, int OverdueAtEnd, double? OnTimeRate) Figures(IEnumerable<ReportClock> clocks, DateTimeOffset start, DateTimeOffset end, DateTimeOffset asOf)
    {
        var list = clocks.ToList();
        var finished = list.Where(c => c.CompletedAt >= start && c.CompletedAt < end && c.State != ClockStates.Cancelled).ToList();
        var onTime = finished.Count(c => c.State == ClockStates.Met);
        return (list.Count(c => c.StartedAt >= start && c.StartedAt < end), finished.Count, onTime, Overdue(list, asOf).Count,
            finished.Count == 0 ? null : Math.Round((double)onTime / finished.Count, 4));
    }

    /// <summary>The page's own posts published in the period, by Article 6 category (every category listed, zero or not).</summary>
    private static List<CountLine> PagePostsByCategory(List<ReportPagePost> posts) =>
        [.. ContentCategories.Names.OrderBy(n => n.Key).Select(n => new CountLine(n.Key.ToString(CultureInfo.InvariantCulture), n.Value,
            posts.Count(p => p.Category == n.Key)))];

    private static List<CountLine> ByCategory(List<ReportMessage> messages, Dictionary<string, int?> categoryOf)
    {
        var counts = messages.GroupBy(m => categoryOf.GetValueOrDefault(m.CaseId) is { } c ? c.ToString(CultureInfo.InvariantCulture) : Unclassified)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var lines = ContentCategories.Names.OrderBy(n => n.Key)
            .Select(n => new CountLine(n.Key.ToString(CultureInfo.InvariantCulture), n.Value, counts.GetValueOrDefault(n.Key.ToString(CultureInfo.InvariantCulture))))
            .ToList();
        lines.Add(new CountLine(Unclassified, "Chưa phân loại", counts.GetValueOrDefault(Unclassified)));
        return lines;
    }

    private static DayLine Day(DateOnly day, ReportData data, DateTimeOffset now)
    {
        var start = VietnamTime.StartOf(day);
        var end = VietnamTime.StartOf(day.AddDays(1));
        var asOf = now < end ? now : end;
        var messages = data.Messages.Where(m => m.ReceivedAt >= start && m.ReceivedAt < end).ToList();
        return new DayLine(day, messages.Count(m => m.Channel != "messenger"), messages.Count(m => m.Channel == "messenger"),
            data.Cases.Count(c => c.CreatedAt >= start && c.CreatedAt < end), data.Cases.Count(c => c.AnsweredAt >= start && c.AnsweredAt < end),
            Overdue(data.Clocks, asOf).Select(c => c.CaseId).Distinct(StringComparer.Ordinal).Count());
    }

    private static IEnumerable<DateOnly> Days(DateOnly from, DateOnly to)
    {
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            yield return day;
        }
    }

    private static string UnitName(UnitDirectory units, string code) => units.Find(code)?.Name ?? code;
}
