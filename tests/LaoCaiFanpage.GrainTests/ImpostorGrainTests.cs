using System.Globalization;
using LaoCaiFanpage.Contracts.Accounts;
using LaoCaiFanpage.Contracts.Impostors;
using LaoCaiFanpage.Grains.Impostors;
using LaoCaiFanpage.Grains.Notifications;

namespace LaoCaiFanpage.GrainTests;

/// <summary>Impostor pages on the grains: scoring on sight, the lifecycle and its refusals, re-sightings, the official page, the audit trail.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ImpostorGrainTests(ClusterFixture fixture)
{
    private static readonly Actor Officer = new("sotttt.hung", "10.3.0.2", "xunit", [Roles.CrisisOfficer]);
    private static readonly Actor Chief = new("chanhvp.minh", "10.1.0.3", "xunit", [Roles.ChiefOfOffice]);
    private static readonly Actor Staff = new("bientap.lan", "10.1.0.1", "xunit", [Roles.EditorialStaff]);

    private static PageCandidate Candidate(string name, string? pageId = null, string? url = null) =>
        new(url, pageId ?? "6155" + Random.Shared.NextInt64(1_000_000_000, 9_999_999_999), name, null, null, null, null, null, null, null, CandidateSources.Officer);

    private async Task<ImpostorView> Observe(PageCandidate candidate, Actor? actor = null) =>
        await fixture.Grains.GetGrain<IImpostorPageGrain>(ImpostorPageKey.For(candidate)).Observe(candidate, actor ?? Staff);

    private Task<List<string>> AuditActions(string id) => fixture.AuditActions("impostor/" + id);

    [Fact]
    public async Task A_suspected_page_goes_through_confirmed_reported_removed_with_every_step_audited()
    {
        var seen = await Observe(Candidate("UBND Tinh Lao Cai - Ho tro nguoi dan"));
        Assert.Equal(ImpostorStatuses.Suspected, seen.Status);
        Assert.True(seen.Score >= 50, $"score {seen.Score}");
        Assert.Contains(seen.Reasons, r => r.Code == "name");
        Assert.Matches("^page-[0-9a-f]{32}$", seen.Id);

        var page = fixture.Grains.GetGrain<IImpostorPageGrain>(seen.Id);
        Assert.Equal("forbidden", (await page.Act(ImpostorActions.Confirm, null, null, Staff)).Refusal?.Code);
        Assert.Equal("invalid-transition", (await page.Act(ImpostorActions.Remove, null, null, Officer)).Refusal?.Code);
        Assert.Equal(ImpostorStatuses.Confirmed, (await page.Act(ImpostorActions.Confirm, null, "Đã đối chiếu", Officer)).Page!.Status);
        Assert.Equal("reference-required", (await page.Act(ImpostorActions.Report, "  ", null, Officer)).Refusal?.Code);
        var reported = (await page.Act(ImpostorActions.Report, "META-IMP-2026-0042", null, Chief)).Page!;
        Assert.Equal((ImpostorStatuses.Reported, "META-IMP-2026-0042"), (reported.Status, reported.ReportReference));
        var removed = (await page.Act(ImpostorActions.Remove, null, null, Officer)).Page!;
        Assert.Equal(ImpostorStatuses.Removed, removed.Status);
        Assert.Equal("invalid-transition", (await page.Act(ImpostorActions.Confirm, null, null, Officer)).Refusal?.Code);

        Assert.Equal(["impostor.observed", "impostor.confirm", "impostor.report", "impostor.remove"], removed.History.Select(h => h.Action));
        Assert.Equal([Staff.Name, Officer.Name, Chief.Name, Officer.Name], removed.History.Select(h => h.Actor));
        Assert.Equal(["impostor.observed", "impostor.confirm", "impostor.report", "impostor.remove"], await AuditActions(seen.Id));
        Assert.Contains(await fixture.Grains.GetGrain<IImpostorRegistryGrain>(0).List(ImpostorStatuses.Removed), p => p.Id == seen.Id);

        // Suspected once: the Department's officers and the Chief of Office were told then, and only then.
        var notice = Assert.Single(await NoticeGrainTests.Notices(fixture.Database, "impostor/" + seen.Id));
        Assert.Equal(NoticeKinds.ImpostorSuspected, notice.Kind);
        Assert.Equal([Roles.CrisisOfficer, Roles.ChiefOfOffice], notice.Roles);
        Assert.Contains(seen.Score.ToString(CultureInfo.InvariantCulture) + "/100", notice.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Seeing_a_page_again_rescores_it_but_never_undoes_an_officers_decision()
    {
        var pageId = "6156" + Random.Shared.NextInt64(1_000_000_000, 9_999_999_999);
        var first = await Observe(Candidate("Tin tức Lào Cai", pageId));
        Assert.Equal(ImpostorStatuses.LowRisk, first.Status);

        // The page renamed itself to look official: the same record, now suspected.
        var renamed = await Observe(Candidate("UBND tỉnh Lào Cai ✅", pageId));
        Assert.Equal((first.Id, ImpostorStatuses.Suspected), (renamed.Id, renamed.Status));
        Assert.Equal(first.FirstSeenAt, renamed.FirstSeenAt);

        var dismissed = (await fixture.Grains.GetGrain<IImpostorPageGrain>(first.Id).Act(ImpostorActions.Dismiss, null, "Trang của Đoàn thanh niên, đã xác minh", Officer)).Page!;
        Assert.Equal(ImpostorStatuses.Dismissed, dismissed.Status);
        var again = await Observe(Candidate("UBND tỉnh Lào Cai ✅", pageId));
        Assert.Equal(ImpostorStatuses.Dismissed, again.Status);
        Assert.Equal(["impostor.observed", "impostor.rechecked", "impostor.dismiss", "impostor.rechecked"], again.History.Select(h => h.Action));
    }

    [Fact]
    public async Task The_official_page_is_recognised_and_cannot_be_acted_on()
    {
        var official = await Observe(Candidate("Ủy ban nhân dân tỉnh Lào Cai", ClusterFixture.PageId));
        Assert.Equal((ImpostorStatuses.Official, 0), (official.Status, official.Score));
        var byUsername = await Observe(new PageCandidate("https://www.facebook.com/ubndtlc", null, "UBND tỉnh Lào Cai", null, null, null, null, null, null, null, CandidateSources.Officer));
        Assert.Equal(ImpostorStatuses.Official, byUsername.Status);
        Assert.Equal("official", (await fixture.Grains.GetGrain<IImpostorPageGrain>(official.Id).Act(ImpostorActions.Confirm, null, null, Officer)).Refusal?.Code);
    }

    [Fact]
    public async Task A_confirmed_page_that_is_gone_is_marked_removed_by_the_recheck()
    {
        var seen = await Observe(Candidate("UBND tỉnh Lào Cai - Tin tức"));
        var page = fixture.Grains.GetGrain<IImpostorPageGrain>(seen.Id);
        Assert.Equal(ImpostorStatuses.Suspected, (await page.Gone(Actor.System("impostor-watch")))!.Status); // only confirmed pages are re-checked
        await page.Act(ImpostorActions.Confirm, null, null, Officer);
        var gone = (await page.Gone(Actor.System("impostor-watch")))!;
        Assert.Equal(ImpostorStatuses.Removed, gone.Status);
        Assert.Equal("system:impostor-watch", gone.History[^1].Actor);
        Assert.Equal("impostor.gone", gone.History[^1].Action);
    }
}
