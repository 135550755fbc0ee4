using LaoCaiFanpage.Contracts.Crisis;
using LaoCaiFanpage.Contracts.Impostors;
using LaoCaiFanpage.Contracts.Sla;
using LaoCaiFanpage.Grains.Reports;
using LaoCaiFanpage.Grains.Units;

namespace LaoCaiFanpage.UnitTests.Reports;

/// <summary>
/// A known day (Friday 27/11/2026) of the page: seven messages (two outside the day), seven cases, ten clocks, four
/// flagged comments, three crises, four candidate pages. The tests state every figure the report must show.
/// </summary>
public static class ReportFixture
{
    public static readonly DateOnly Day = new(2026, 11, 27);

    /// <summary>The next morning, 08:00 Vietnam time: the report of the day is complete.</summary>
    public static readonly DateTimeOffset NextMorning = At(1, 8, 0);

    public static readonly UnitDirectory Units = new([
        new UnitInfo("VP", "Văn phòng UBND tỉnh", "office", "province"),
        new UnitInfo("SXD", "Sở Xây dựng", "department", "province"),
        new UnitInfo("STC", "Sở Tài chính", "department", "province"),
        new UnitInfo("SYT", "Sở Y tế", "department", "province"),
    ]);

    /// <summary>A time on the day (offset in days from it), Vietnam time.</summary>
    public static DateTimeOffset At(int day, int hour, int minute, int second = 0) =>
        new DateTimeOffset(Day.ToDateTime(new TimeOnly(hour, minute, second)), TimeSpan.FromHours(7)).AddDays(day);

    public static ReportData Data() => new(
        [
            new("m1", "A", "comment", "100_1", At(0, 8, 15)),
            new("m2", "A", "comment", "100_1", At(0, 8, 40)),
            new("m3", "B", "comment", "100_2", At(0, 9, 5)),
            new("m4", "C", "messenger", null, At(0, 14, 30)),
            new("m5", "D", "comment", "100_1", At(0, 23, 59, 59)),
            new("m6", "E", "comment", "100_1", At(-1, 23, 50)),
            new("m7", "F", "comment", "100_2", At(1, 0, 0)),
        ],
        [
            new("A", At(0, 8, 15), 5, ["SXD"], "published", At(0, 16, 0), "Hỏi thủ tục cấp phép xây dựng"),
            new("B", At(0, 9, 5), 2, ["STC"], "drafting", null, "Hỏi về ngân sách xã"),
            new("C", At(0, 14, 30), null, [], "new", null, "=HYPERLINK(\"http://evil\") <script>alert(1)</script>"),
            new("D", At(0, 23, 59, 59), 5, [], "new", null, "Đường hỏng"),
            new("E", At(-1, 23, 50), 1, ["SXD"], "assigned", null, "Hỏi quy hoạch", "can-bo-sxd"),
            new("F", At(1, 0, 0), 5, [], "new", null, "Ngày hôm sau"),
            new("G", At(-5, 10, 0), 3, ["SYT"], "assigned", null, "Phản ánh trạm y tế"),
        ],
        [
            new("A", "intake", ClockKinds.Intake, "VP", ClockStates.Met, At(0, 8, 15), At(0, 10, 15), At(0, 9, 0)),
            new("A", "answer-SXD", ClockKinds.Answer, "SXD", ClockStates.Met, At(0, 9, 0), At(1, 17, 0), At(0, 15, 0), "can-bo-sxd"),
            new("B", "intake", ClockKinds.Intake, "VP", ClockStates.Missed, At(0, 9, 5), At(0, 11, 5), At(0, 11, 30), "bien-tap"),
            new("B", "answer-STC", ClockKinds.Answer, "STC", ClockStates.Running, At(0, 11, 30), At(1, 17, 0), null),
            new("C", "intake", ClockKinds.Intake, "VP", ClockStates.Missed, At(0, 14, 30), At(0, 16, 30), null),
            new("D", "intake", ClockKinds.Intake, "VP", ClockStates.Running, At(0, 23, 59, 59), At(1, 10, 0), null),
            new("E", "intake", ClockKinds.Intake, "VP", ClockStates.Met, At(-1, 23, 50), At(0, 10, 0), At(0, 8, 0)),
            new("E", "answer-SXD", ClockKinds.Answer, "SXD", ClockStates.Missed, At(0, 8, 0), At(0, 12, 0), null),
            new("G", "answer-SYT", ClockKinds.Answer, "SYT", ClockStates.Missed, At(-5, 10, 0), At(-3, 17, 0), At(0, 11, 0), "can-bo-syt"),
            new("G", "coordination-STC", ClockKinds.Coordination, "STC", ClockStates.Cancelled, At(-4, 9, 0), At(-2, 17, 0), At(0, 9, 0)),
        ],
        [
            new("A", "m1", "hidden", ["12.2.d"], At(0, 10, 0)),
            new("B", "m3", "pending-review", ["12.2.a", "12.2.d"], At(0, 11, 0)),
            new("A", "m2", "kept", ["12.2.b"], At(0, 12, 0)),
            new("E", "m6", "hidden", ["12.2.d"], At(-1, 23, 55)),
        ],
        [
            Crisis("c1", "Tin đồn sạt lở", 3, CrisisStatuses.Open, At(0, 10, 0), null),
            Crisis("c2", "Chuyện cũ", 2, CrisisStatuses.Resolved, At(-3, 9, 0), At(-2, 9, 0)),
            Crisis("c3", "Giá vé cáp treo", 2, CrisisStatuses.Resolved, At(-2, 9, 0), At(0, 9, 0)),
        ],
        [
            Impostor("p1", "UBND Tinh Lao Cai", 77, ImpostorStatuses.Suspected, At(-10, 9, 0)),
            Impostor("p2", "Tin tức Lào Cai", 12, ImpostorStatuses.Dismissed, At(0, 9, 0)),
            Impostor("p3", "Cũ", 60, ImpostorStatuses.Dismissed, At(-5, 9, 0)),
            Impostor("p4", "UBND tỉnh Lào Cai", 0, ImpostorStatuses.Official, At(0, 9, 0)),
        ]);

    private static CrisisView Crisis(string id, string title, int severity, string status, DateTimeOffset opened, DateTimeOffset? resolved) =>
        new(id, title, severity, CrisisSources.Department, status, [], [], [], opened, null, null, null, resolved, []);

    private static ImpostorView Impostor(string id, string name, int score, string status, DateTimeOffset firstSeen) =>
        new(id, new PageCandidate("https://www.facebook.com/" + id, null, name, null, null, null, null, null, null, null, CandidateSources.Officer),
            score, status, [], firstSeen, firstSeen, null, []);
}
