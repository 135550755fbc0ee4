using LaoCaiFanpage.Contracts;
using LaoCaiFanpage.Contracts.Sla;
using LaoCaiFanpage.Contracts.Threads;
using LaoCaiFanpage.Contracts.Workflow;
using LaoCaiFanpage.Grains.Storage;
using LaoCaiFanpage.Grains.Threads;

namespace LaoCaiFanpage.Silo.Demo;

/// <summary>
/// The demo's Office and units at work, so every wall panel fills: the Editorial Board classifies and routes new cases
/// (and closes the odd spam), a unit officer takes each case, drafts and submits, the head and the Chief of Office
/// approve (the head now and then sends one back), and the outbox publishes to the Graph API stand-in. Each case waits
/// a while at every step, and about one in eight waits much longer, so queues, due-soon and late clocks show too.
/// The demo acts through the case grains, as the officers' requests do, and every step is in the processing log.
/// </summary>
public sealed partial class DemoOffice(IHostApplicationLifetime lifetime, ICaseCatalog catalog, IGrainFactory grains, IConfiguration configuration, TimeProvider time, ILogger<DemoOffice> logger) : BackgroundService
{
    private const int PerStep = 20;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await SiloStarted.WaitAsync(lifetime, stoppingToken);
        var interval = TimeSpan.FromSeconds(configuration.GetValue("Demo:OfficeSeconds", 5.0));
        var step = TimeSpan.FromSeconds(configuration.GetValue("Demo:StepSeconds", 45.0));
        using var timer = new PeriodicTimer(interval, time);
        do
        {
            try
            {
                await Round(step, stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogRoundFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task Round(TimeSpan step, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        foreach (var status in new[] { CaseStatus.New, CaseStatus.Classified, CaseStatus.Assigned, CaseStatus.Drafting, CaseStatus.PendingEditorialHead, CaseStatus.PendingChiefOfOffice })
        {
            var page = await catalog.ListCases(new CaseQuery(status, null, 1, PerStep, Sort: CaseSort.Deadline), cancellationToken);
            foreach (var item in page.Items.Where(i => now - i.LastActivityAt >= Dwell(i.Id, status, step)))
            {
                var result = await Act(item, status);
                if (result?.Refusal is { } refusal)
                {
                    LogRefused(logger, item.Id, status, refusal);
                }
            }
        }
    }

    /// <summary>How long a case waits at a step: from half to one and a half steps, ten steps for one case in eight.</summary>
    private static TimeSpan Dwell(string caseId, string status, TimeSpan step)
    {
        var hash = (uint)StableHash(caseId + "|" + status);
        return step * ((hash % 8 == 0 ? 10 : 0.5) + (hash % 100 / 100.0));
    }

    private async Task<CaseCommandResult?> Act(CaseSummary item, string status)
    {
        var grain = grains.GetGrain<ICommentThreadGrain>(item.Id);
        var hash = (uint)StableHash(item.Id);
        var unit = DemoCast.Units[(int)(hash % (uint)DemoCast.Units.Count)];
        var officer = DemoCast.Officer((item.Units.Count > 0 ? item.Units[0] : unit));
        switch (status)
        {
            case CaseStatus.New when hash % 12 == 0:
                return await grain.Close(new CloseRequest(DismissalReasons.NoQuestion, "Demo: không có nội dung cần trả lời"), DemoCast.Staff.Actor);
            case CaseStatus.New:
                return await grain.Classify(new Classification(hash % 5 == 0 ? 1 : 5, Authorities.Office, null), DemoCast.Staff.Actor);
            case CaseStatus.Classified:
                return await grain.Assign(new Assignment([unit], CaseComplexity.Own), DemoCast.Staff.Actor);
            case CaseStatus.Assigned:
                var taken = await grain.SetAssignee(new OfficerAssignment(officer.Username, officer.Unit), officer.Actor);
                return taken.Refusal is null ? await grain.SaveDraft(Draft(item, officer.Unit!), officer.Actor) : taken;
            case CaseStatus.Drafting:
                var current = await grain.GetCase();
                var returned = current?.Workflow is { } w && w.Rejections.Count > 0 && (w.Drafts.Count == 0 || w.Rejections[^1].At > w.Drafts[^1].At);
                return returned ? await grain.SaveDraft(Draft(item, officer.Unit!, revised: true), officer.Actor) : await grain.Submit(officer.Actor);
            case CaseStatus.PendingEditorialHead when hash % 10 == 3 && (await grain.GetCase())?.Workflow?.Rejections.Count == 0:
                return await grain.Reject("Demo: đề nghị nêu rõ thời hạn giải quyết và căn cứ pháp lý.", DemoCast.Head.Actor);
            case CaseStatus.PendingEditorialHead:
                return await grain.Approve(null, DemoCast.Head.Actor);
            case CaseStatus.PendingChiefOfOffice:
                return await grain.Approve(null, DemoCast.Chief.Actor);
            default:
                return null;
        }
    }

    private static DraftInput Draft(CaseSummary item, string unit, bool revised = false) => new(
        $"Kính gửi {item.Author?.Name ?? "ông/bà"}: {unit} đã tiếp nhận ý kiến và đang kiểm tra, xử lý theo quy định" +
        (revised ? "; thời hạn giải quyết 15 ngày làm việc theo quy định hiện hành." : ".") +
        " Kết quả sẽ được thông tin trên Trang. Trân trọng cảm ơn.",
        ["Quyết định số 1933/QĐ-UBND của UBND tỉnh Lào Cai"]);

    /// <summary>The same number for the same text throughout the run, so every round decides a case alike.</summary>
    private static int StableHash(string text) => StringComparer.Ordinal.GetHashCode(text);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Demo office: {CaseId} ({Status}) refused: {Refusal}")]
    private static partial void LogRefused(ILogger logger, string caseId, string status, Refusal refusal);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo office: a round of work failed; the next round tries again")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);
}
