using LaoCaiFanpage.Contracts;
using LaoCaiFanpage.Contracts.Accounts;
using LaoCaiFanpage.Contracts.Dashboard;
using LaoCaiFanpage.Contracts.Impostors;
using LaoCaiFanpage.Grains.Audit;
using LaoCaiFanpage.Grains.Notifications;
using Microsoft.Extensions.Logging;

namespace LaoCaiFanpage.Grains.Impostors;

/// <summary>
/// One page that may impersonate the official one (R15.2): every sighting re-scores it; officers of the Department
/// take a suspected page through confirmed → reported → removed, or dismiss it. Every step is a history line and an
/// audit row written with the state; a flagged page is on every wall screen until it is removed or dismissed.
/// </summary>
public sealed partial class ImpostorPageGrain(
    [PersistentState("impostor-page")] IPersistentState<ImpostorPageState> page,
    ImpostorScorer scorer,
    TimeProvider time,
    ILogger<ImpostorPageGrain> logger) : Grain, IImpostorPageGrain
{
    private string Id => this.GetPrimaryKeyString();

    public async Task<ImpostorView> Observe(PageCandidate candidate, Actor actor)
    {
        var state = page.State;
        var now = time.GetUtcNow();
        var first = !state.Exists;
        var before = state.Status;
        var merged = Merge(state.Page, candidate);
        var assessment = scorer.Assess(merged);

        state.Exists = true;
        state.Page = merged;
        state.Score = assessment.Score;
        state.Reasons = [.. assessment.Reasons];
        state.LastCheckedAt = now;
        if (first)
        {
            state.FirstSeenAt = now;
        }

        // The score decides only until an officer has; the official page is always the official page.
        if (first || assessment.Status == ImpostorStatuses.Official || ImpostorStatuses.IsScored(state.Status) || state.Status == ImpostorStatuses.Official)
        {
            state.Status = assessment.Status;
        }

        if (state.Status == ImpostorStatuses.Suspected && (first || before != ImpostorStatuses.Suspected))
        {
            // R15.2: the Department's officers (and the Chief of Office) decide what to do with it.
            state.Notice("impostor/" + Id, NoticeKinds.ImpostorSuspected, now, Id, $"Nghi vấn trang giả mạo: {merged.Name}",
                $"Điểm {assessment.Score}/100. {string.Join("; ", assessment.Reasons.Take(3).Select(r => r.Text))}", "/impostors#" + Uri.EscapeDataString(Id), null,
                new NoticeAudience(Roles: [Roles.CrisisOfficer, Roles.ChiefOfOffice]));
        }

        var audit = Record(actor, first ? "impostor.observed" : "impostor.rechecked",
            new { candidate.Source, merged.Name, merged.Url, merged.PageId, score = assessment.Score, status = state.Status, before = first ? null : before }, now,
            $"{(first ? "Ghi nhận" : "Kiểm tra lại")} ({Source(candidate.Source)}): điểm {assessment.Score}, {ImpostorStatuses.Vietnamese(state.Status).ToLowerInvariant()}");
        await Save(audit);
        if (state.Status == ImpostorStatuses.Suspected && (first || before != ImpostorStatuses.Suspected))
        {
            LogSuspected(logger, Id, assessment.Score, merged.Name);
        }

        return await Finish(first || before != state.Status);
    }

    public async Task<ImpostorCommandResult> Act(string action, string? reference, string? note, Actor actor)
    {
        var state = page.State;
        if (!state.Exists)
        {
            return new ImpostorCommandResult(null, new Refusal(Refusal.NotFoundCode, "Không có trang này / No such page."));
        }

        if (!actor.HasRole(Roles.CrisisOfficer) && !actor.HasRole(Roles.ChiefOfOffice))
        {
            return new ImpostorCommandResult(null, Refusal.Forbidden("Chỉ cán bộ Sở TT&TT xử lý trang giả mạo hoặc Chánh Văn phòng / Only the Department's officers or the Chief of Office."));
        }

        if (state.Status == ImpostorStatuses.Official)
        {
            return new ImpostorCommandResult(null, new Refusal("official", "Đây là Trang chính thức / This is the official page."));
        }

        if (action == ImpostorActions.Report && string.IsNullOrWhiteSpace(reference))
        {
            return new ImpostorCommandResult(null, new Refusal("reference-required", "Cần số tham chiếu báo cáo gửi Meta / Meta's report reference is required."));
        }

        var next = (action, state.Status) switch
        {
            (ImpostorActions.Confirm, ImpostorStatuses.Suspected or ImpostorStatuses.LowRisk) => ImpostorStatuses.Confirmed,
            (ImpostorActions.Report, ImpostorStatuses.Confirmed) => ImpostorStatuses.Reported,
            (ImpostorActions.Remove, ImpostorStatuses.Confirmed or ImpostorStatuses.Reported) => ImpostorStatuses.Removed,
            (ImpostorActions.Dismiss, ImpostorStatuses.Suspected or ImpostorStatuses.LowRisk or ImpostorStatuses.Confirmed or ImpostorStatuses.Reported) => ImpostorStatuses.Dismissed,
            _ => null,
        };
        if (next is null)
        {
            return new ImpostorCommandResult(null, new Refusal("invalid-transition",
                $"Không thể '{action}' khi trang đang ở trạng thái «{ImpostorStatuses.Vietnamese(state.Status).ToLowerInvariant()}» / Not allowed in this status."));
        }

        var now = time.GetUtcNow();
        var before = state.Status;
        state.Status = next;
        if (action == ImpostorActions.Report)
        {
            state.ReportReference = reference!.Trim();
        }

        var audit = Record(actor, "impostor." + action, new { before, after = next, reference = action == ImpostorActions.Report ? state.ReportReference : null, note }, now,
            ImpostorStatuses.Vietnamese(next) + (action == ImpostorActions.Report ? $" (số tham chiếu {state.ReportReference})" : string.Empty) + (note is null ? string.Empty : ": " + note));
        await Save(audit);
        return new ImpostorCommandResult(await Finish(true), null);
    }

    public async Task<ImpostorView?> Gone(Actor actor)
    {
        var state = page.State;
        if (!state.Exists || state.Status is not (ImpostorStatuses.Confirmed or ImpostorStatuses.Reported))
        {
            return state.Exists ? state.ToView(Id) : null;
        }

        var now = time.GetUtcNow();
        var before = state.Status;
        state.Status = ImpostorStatuses.Removed;
        state.LastCheckedAt = now;
        var audit = Record(actor, "impostor.gone", new { before, after = state.Status }, now, "Kiểm tra lại: trang không còn trên Facebook — đã bị gỡ");
        await Save(audit);
        return await Finish(true);
    }

    public Task<ImpostorView?> Get() => Task.FromResult(page.State.Exists ? page.State.ToView(Id) : null);

    /// <summary>What is seen now, with what was known before where this sighting says nothing (a search result has no picture).</summary>
    private static PageCandidate Merge(PageCandidate? known, PageCandidate seen)
    {
        if (known is null)
        {
            return seen;
        }

        var samePicture = seen.PictureUrl is null || seen.PictureUrl == known.PictureUrl;
        return seen with
        {
            Url = seen.Url ?? known.Url,
            PageId = seen.PageId ?? known.PageId,
            Username = seen.Username ?? known.Username,
            About = seen.About ?? known.About,
            Category = seen.Category ?? known.Category,
            Followers = seen.Followers ?? known.Followers,
            VerificationStatus = seen.VerificationStatus ?? known.VerificationStatus,
            PictureUrl = seen.PictureUrl ?? known.PictureUrl,
            PictureHash = seen.PictureHash ?? (samePicture ? known.PictureHash : null),
        };
    }

    private PendingAuditEntry Record(Actor actor, string action, object details, DateTimeOffset now, string summary)
    {
        var state = page.State;
        state.History.Add(new ImpostorHistoryEntry(now, actor.Name, action, summary));
        return PendingAuditEntry.Create(++state.AuditSeq, now, actor, action, "impostor/" + Id, details);
    }

    private async Task Save(PendingAuditEntry audit)
    {
        page.State.PendingAudit = [audit];
        await page.WriteStateAsync();
        page.State.PendingNotices = [];
    }

    /// <summary>Tells the register and, when the status moved, every screen.</summary>
    private async Task<ImpostorView> Finish(bool statusChanged)
    {
        var view = page.State.ToView(Id);
        try
        {
            await GrainFactory.GetGrain<IImpostorRegistryGrain>(0).Updated(view with { History = [] });
            if (statusChanged && view.Status != ImpostorStatuses.Official)
            {
                await GrainFactory.GetGrain<IDashboardPushGrain>(0).Push(new DashboardDelta(null, [], null, [ImpostorAlerts.For(view, time.GetUtcNow())]));
            }
        }
        catch (Exception ex)
        {
            LogTellFailed(logger, ex, Id);
        }

        return view;
    }

    private static string Source(string source) => source switch
    {
        CandidateSources.Import => "nhập từ tệp",
        CandidateSources.Search => "tìm kiếm trên Facebook",
        CandidateSources.Simulator => "trang mô phỏng của chế độ demo",
        _ => "cán bộ báo",
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Impostor page {PageKey} suspected (score {Score}): {Name}")]
    private static partial void LogSuspected(ILogger logger, string pageKey, int score, string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Impostor page {PageKey}: the register or the screens were not told (they are told on the next change)")]
    private static partial void LogTellFailed(ILogger logger, Exception exception, string pageKey);
}
