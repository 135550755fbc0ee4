using LaoCaiFanpage.Contracts.Sla;
using Microsoft.Extensions.Options;

namespace LaoCaiFanpage.Grains.Sla;

/// <summary>Starts clocks with their deadlines from the calendar and the configured rules (R9).</summary>
public sealed class SlaClockFactory(WorkingCalendar calendar, IOptions<SlaOptions> options, SlaLimitsSource limits)
{
    /// <summary>The unit whose Editorial Board runs intake: the Committee's Office.</summary>
    public const string OfficeUnit = "VP";

    public WorkingCalendar Calendar => calendar;

    public SlaClock Intake(DateTimeOffset receivedAt)
    {
        var hours = TimeSpan.FromHours(limits.Current.IntakeWorkingHours);
        var deadline = calendar.AddWorkingTime(receivedAt, hours);
        return SlaClock.Start(ClockKinds.Intake, ClockKinds.Intake, OfficeUnit, receivedAt, hours / calendar.OfficeHours.PerDay,
            SlaOptions.RuleName(DeadlineRule.OfficeHours), deadline, DueSoon(deadline, hours));
    }

    /// <summary>An approval step's clock: the Office's (its approvers are the Office's leaders), naming the role whose turn it is.</summary>
    public SlaClock Approval(string role, DateTimeOffset submittedAt)
    {
        var hours = TimeSpan.FromHours(limits.Current.ApprovalWorkingHours);
        var deadline = calendar.AddWorkingTime(submittedAt, hours);
        var clock = SlaClock.Start($"{ClockKinds.Approval}:{role}", ClockKinds.Approval, OfficeUnit, submittedAt, hours / calendar.OfficeHours.PerDay,
            SlaOptions.RuleName(DeadlineRule.OfficeHours), deadline, DueSoon(deadline, hours));
        clock.Role = role;
        return clock;
    }

    public SlaClock Answer(string unit, string complexity, DateTimeOffset assignedAt)
    {
        var days = complexity == Contracts.Threads.CaseComplexity.Complex ? limits.Current.Complex : limits.Current.Own;
        return Days($"{ClockKinds.Answer}:{unit}", ClockKinds.Answer, unit, assignedAt, days);
    }

    public SlaClock Coordination(int number, string fromUnit, string toUnit, string question, DateTimeOffset askedAt)
    {
        var clock = Days($"{ClockKinds.Coordination}:{number}:{toUnit}", ClockKinds.Coordination, toUnit, askedAt, limits.Current.Coordination);
        clock.FromUnit = fromUnit;
        clock.Question = question;
        return clock;
    }

    private SlaClock Days(string id, string kind, string unit, DateTimeOffset startedAt, int days)
    {
        var rule = options.Value.Rule;
        var deadline = calendar.Deadline(startedAt, days, rule);
        return SlaClock.Start(id, kind, unit, startedAt, days, SlaOptions.RuleName(rule), deadline,
            DueSoon(deadline, calendar.OfficeHours.PerDay * days));
    }

    /// <summary>The due-soon mark: the configured working time before the deadline, never more than half the clock.</summary>
    private DateTimeOffset DueSoon(DateTimeOffset deadline, TimeSpan clockLength)
    {
        var before = TimeSpan.FromHours(options.Value.DueSoonWorkingHours);
        if (before > clockLength / 2)
        {
            before = clockLength / 2;
        }

        return calendar.SubtractWorkingTime(deadline, before);
    }
}
