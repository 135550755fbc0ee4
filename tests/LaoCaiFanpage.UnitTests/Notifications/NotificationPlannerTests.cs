using LaoCaiFanpage.Contracts.Accounts;
using LaoCaiFanpage.Grains.Notifications;
using LaoCaiFanpage.Grains.Sla;
using LaoCaiFanpage.Silo.Notifications;

namespace LaoCaiFanpage.UnitTests.Notifications;

/// <summary>Who receives a notice and on which channels: named people who may read it, their choices, crisis alerts locked, quiet hours.</summary>
public sealed class NotificationPlannerTests
{
    private static readonly NotifiableAccount SxdOfficer = new(1, "canbo.sxd", "Nguyễn Văn An", [Roles.UnitOfficer], "SXD", "an@sxd.laocai.gov.vn");
    private static readonly NotifiableAccount SxdHead = new(2, "giamdoc.sxd", null, [Roles.UnitHead], "SXD", "gd@sxd.laocai.gov.vn");
    private static readonly NotifiableAccount StcOfficer = new(3, "canbo.stc", null, [Roles.UnitOfficer], "STC", "cb@stc.laocai.gov.vn");
    private static readonly NotifiableAccount Head = new(4, "truongban", null, [Roles.EditorialHead], null, "tb@laocai.gov.vn");
    private static readonly NotifiableAccount Crisis = new(5, "ungcuu", null, [Roles.CrisisOfficer], null, "uc@stttt.laocai.gov.vn");
    private static readonly NotifiableAccount NoEmail = new(6, "canbo2.sxd", null, [Roles.UnitOfficer], "SXD", null);
    private static readonly NotifiableAccount[] Everyone = [SxdOfficer, SxdHead, StcOfficer, Head, Crisis, NoEmail];

    // Monday 7 December 2026, 10:00 in Vietnam (a working morning); 20:00 the same day (after office hours).
    private static readonly DateTimeOffset MondayMorning = new(2026, 12, 7, 10, 0, 0, TimeSpan.FromHours(7));
    private static readonly DateTimeOffset MondayEvening = new(2026, 12, 7, 20, 0, 0, TimeSpan.FromHours(7));

    private static NotificationPlanner Planner(bool quietHours = true) =>
        new(WorkingCalendar.Default, new NotificationOptions { QuietHours = quietHours }, emailConfigured: true, pushConfigured: true);

    private static PendingNotice Notice(string kind, NoticeAudience audience) =>
        new(1, 0, kind, "case/x", "x", "Tiêu đề", "Nội dung", "/cases/x", null, audience.Readers, audience.Officers ?? [], audience.Heads ?? [], audience.Roles ?? [], audience.Users ?? []);

    private static IReadOnlyList<PlannedNotification> Plan(PendingNotice notice, DateTimeOffset now, Func<long, string, ChannelChoice>? choices = null,
        IReadOnlyList<PushTarget>? pushes = null, bool quietHours = true) =>
        Planner(quietHours).Plan(notice, Everyone, choices ?? ((_, _) => ChannelChoice.Every), pushes ?? [], now);

    [Fact]
    public void An_assignment_reaches_the_units_officers_and_head_and_nobody_of_another_unit()
    {
        var planned = Plan(Notice(NoticeKinds.CaseAssigned, new NoticeAudience(Readers: ["SXD"], Officers: ["SXD"], Heads: ["SXD"])), MondayMorning);
        Assert.Equal(["canbo.sxd", "giamdoc.sxd", "canbo2.sxd"], planned.Select(p => p.Account.Username));
        Assert.Equal([NotificationChannels.Email], planned[0].Deliveries.Select(d => d.Channel));
        Assert.Equal("an@sxd.laocai.gov.vn", planned[0].Deliveries[0].Target);

        // Without an address, the in-app list still has it.
        Assert.Empty(planned[2].Deliveries);
    }

    [Fact]
    public void A_due_soon_clock_reaches_officers_only_and_a_missed_one_the_head_too()
    {
        Assert.Equal(["canbo.sxd", "canbo2.sxd"],
            Plan(Notice(NoticeKinds.ClockDueSoon, new NoticeAudience(Readers: ["SXD"], Officers: ["SXD"])), MondayMorning).Select(p => p.Account.Username));
        Assert.Equal(["canbo.sxd", "giamdoc.sxd", "canbo2.sxd"],
            Plan(Notice(NoticeKinds.ClockMissed, new NoticeAudience(Readers: ["SXD"], Officers: ["SXD"], Heads: ["SXD"])), MondayMorning).Select(p => p.Account.Username));
    }

    [Fact]
    public void A_unit_bound_account_never_hears_of_a_case_of_a_unit_it_may_not_read_even_when_named()
    {
        // A rejection names the draft's author; were that author moved to another unit since, the case is no longer theirs to read.
        var named = Notice(NoticeKinds.DraftRejected, new NoticeAudience(Readers: ["SXD"], Users: ["canbo.stc", "truongban"]));
        Assert.Equal(["truongban"], Plan(named, MondayMorning).Select(p => p.Account.Username));

        // A crisis officer reads every case; a crisis alert (no case) reaches whoever it names.
        Assert.Equal(["ungcuu"], Plan(Notice(NoticeKinds.CrisisRaised, new NoticeAudience(Roles: [Roles.CrisisOfficer])), MondayMorning).Select(p => p.Account.Username));
    }

    [Fact]
    public void Each_person_chooses_channels_per_kind_but_a_crisis_officer_cannot_switch_crisis_alerts_off()
    {
        var nothing = (Func<long, string, ChannelChoice>)((_, _) => new ChannelChoice(false, false));
        PushTarget[] phones = [new(10, Crisis.Id, "https://fcm.googleapis.com/fcm/send/abc", "k", "a"), new(11, SxdOfficer.Id, "https://fcm.googleapis.com/fcm/send/def", "k", "a")];
        var assigned = Plan(Notice(NoticeKinds.CaseAssigned, new NoticeAudience(Readers: ["SXD"], Officers: ["SXD"])), MondayMorning, nothing, phones);
        Assert.All(assigned, p => Assert.Empty(p.Deliveries));

        var alert = Assert.Single(Plan(Notice(NoticeKinds.CrisisReminder, new NoticeAudience(Roles: [Roles.CrisisOfficer])), MondayEvening, nothing, phones));
        Assert.Equal([(NotificationChannels.Email, (long?)null), (NotificationChannels.Push, 10)], alert.Deliveries.Select(d => (d.Channel, d.SubscriptionId)));
        Assert.All(alert.Deliveries, d => Assert.Equal(MondayEvening, d.NotBefore));
    }

    [Fact]
    public void Quiet_hours_hold_non_urgent_mail_and_push_until_the_next_working_session_and_never_crisis_alerts()
    {
        var assigned = Notice(NoticeKinds.CaseAssigned, new NoticeAudience(Readers: ["SXD"], Officers: ["SXD"]));
        Assert.Equal(MondayMorning, Plan(assigned, MondayMorning)[0].Deliveries[0].NotBefore);
        Assert.Equal(new DateTimeOffset(2026, 12, 8, 7, 30, 0, TimeSpan.FromHours(7)), Plan(assigned, MondayEvening)[0].Deliveries[0].NotBefore);
        Assert.Equal(MondayEvening, Plan(assigned, MondayEvening, quietHours: false)[0].Deliveries[0].NotBefore);

        // Saturday evening waits for Monday's opening.
        var saturday = new DateTimeOffset(2026, 12, 12, 19, 0, 0, TimeSpan.FromHours(7));
        Assert.Equal(new DateTimeOffset(2026, 12, 14, 7, 30, 0, TimeSpan.FromHours(7)), Plan(assigned, saturday)[0].Deliveries[0].NotBefore);
    }

    [Fact]
    public void Nothing_is_planned_on_a_channel_the_service_has_not_configured()
    {
        var planner = new NotificationPlanner(WorkingCalendar.Default, new NotificationOptions(), emailConfigured: false, pushConfigured: false);
        var planned = planner.Plan(Notice(NoticeKinds.CrisisRaised, new NoticeAudience(Roles: [Roles.CrisisOfficer])), Everyone, (_, _) => ChannelChoice.Every,
            [new PushTarget(10, Crisis.Id, "https://fcm.googleapis.com/x", "k", "a")], MondayMorning);
        Assert.Empty(Assert.Single(planned).Deliveries);
    }
}
