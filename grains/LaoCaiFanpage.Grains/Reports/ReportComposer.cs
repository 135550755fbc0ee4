using LaoCaiFanpage.Contracts.Crisis;
using LaoCaiFanpage.Contracts.Impostors;
using LaoCaiFanpage.Contracts.Time;
using LaoCaiFanpage.Grains.Fanpages;
using LaoCaiFanpage.Grains.Units;
using Microsoft.Extensions.Options;

namespace LaoCaiFanpage.Grains.Reports;

/// <summary>Reads a period's rows (projections and registers) and builds its report: the daily grain and the range endpoint share it.</summary>
public sealed class ReportComposer(ReportStore store, UnitDirectory units, Sla.WorkingCalendar calendar, IGrainFactory grains, IOptions<FanpageOptions> fanpage,
    Integrity.IntegrityStore integrityFindings)
{
    public async Task<ActivityReport> Build(string kind, DateOnly from, DateOnly to, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var (messages, cases, clocks, moderation, posts) = await store.Load(fanpage.Value.PageId, VietnamTime.StartOf(from), VietnamTime.StartOf(to.AddDays(1)), cancellationToken);
        var crises = await grains.GetGrain<ICrisisRegistryGrain>(0).List(null);
        var impostors = await grains.GetGrain<IImpostorRegistryGrain>(0).List(null);
        var integrity = await integrityFindings.ForPeriod(fanpage.Value.PageId, VietnamTime.StartOf(from), VietnamTime.StartOf(to.AddDays(1)));
        return ActivityReportBuilder.Build(kind, from, to, new ReportData(messages, cases, clocks, moderation, crises, impostors, integrity, posts), now, units, calendar);
    }
}
