using System.Globalization;
using LaoCaiFanpage.Contracts.Accounts;
using LaoCaiFanpage.Contracts.Reports;
using LaoCaiFanpage.Grains.Reports;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace LaoCaiFanpage.GrainTests;

/// <summary>The daily report grain: generated once however often asked, versions on demand, archived, delivered with retries, audited.</summary>
[Collection(ClusterCollection.Name)]
public class DailyReportGrainTests(ClusterFixture fixture)
{
    private static readonly Actor Chief = new("chanhvp.minh", "10.1.0.3", "xunit", [Roles.ChiefOfOffice]);

    private ReportStore Store => ((InProcessSiloHandle)fixture.Cluster.Primary!).SiloHost!.Services.GetRequiredService<ReportStore>();

    private static DateOnly NewDate() => new DateOnly(2025, 1, 1).AddDays(Random.Shared.Next(0, 300));

    private Task<List<string>> Audit(DateOnly date) => fixture.AuditActions("report/daily/" + date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

    [Fact]
    public async Task Asking_twice_makes_one_report_and_regenerating_makes_a_new_version()
    {
        var date = NewDate();
        var grain = fixture.Grains.GetGrain<IDailyReportGrain>(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        var first = await grain.Generate(false, Actor.System("report-schedule"));
        var again = await grain.Generate(false, Actor.System("report-schedule"));
        Assert.Equal((true, 1, "system:report-schedule"), (first.Generated, first.Version, first.GeneratedBy));
        Assert.Equal((first.Version, first.GeneratedAt), (again.Version, again.GeneratedAt));

        var archived = await Store.Find(date);
        Assert.NotNull(archived);
        Assert.Equal(1, archived.Value.Entry.Version);
        Assert.Equal(date, archived.Value.Report.From);
        Assert.Equal(24, archived.Value.Report.Messages.ByHour.Count); // a day without activity still has its whole report

        var second = await grain.Generate(true, Chief);
        Assert.Equal((2, Chief.Name), (second.Version, second.GeneratedBy));
        Assert.Equal(2, (await Store.Find(date))!.Value.Entry.Version);
        Assert.Single(await Store.List(1000), r => r.Date == date);
        Assert.Equal(["report.generated", "report.delivered", "report.regenerated", "report.delivered"], await Audit(date));
        Assert.Equal([1, 2], RecordingDelivery.Instance.Delivered.Where(d => d.Date == date).Select(d => d.Version));
    }

    [Fact]
    public async Task A_refused_delivery_is_tried_again_until_it_is_accepted()
    {
        var date = NewDate();
        RecordingDelivery.Instance.FailOnce[date] = true;
        var grain = fixture.Grains.GetGrain<IDailyReportGrain>(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        var stamp = await grain.Generate(false, Chief);
        var email = Assert.Single(stamp.Deliveries);
        Assert.Equal(("email", false, 1, "421 Service not available"), (email.Channel, email.Delivered, email.Attempts, email.LastError));

        fixture.Time.Advance(TimeSpan.FromMinutes(2));
        await grain.Tick();
        var delivered = Assert.Single((await grain.Get()).Deliveries);
        Assert.Equal((true, 2, null), (delivered.Delivered, delivered.Attempts, delivered.LastError));
        Assert.Contains((date, 1), RecordingDelivery.Instance.Delivered);
        Assert.Equal(["report.generated", "report.delivered"], await Audit(date));
    }
}
