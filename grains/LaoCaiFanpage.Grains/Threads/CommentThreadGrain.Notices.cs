using System.Globalization;
using LaoCaiFanpage.Contracts.Accounts;
using LaoCaiFanpage.Contracts.Sla;
using LaoCaiFanpage.Contracts.Threads;
using LaoCaiFanpage.Contracts.Time;
using LaoCaiFanpage.Grains.Notifications;
using LaoCaiFanpage.Grains.Sla;
using LaoCaiFanpage.Grains.Workflow;

namespace LaoCaiFanpage.Grains.Threads;

/// <summary>
/// Who must hear of a step of the case (R8, R9): the notices are written with the step's state, so a step is never
/// stored without them nor they without it. The dispatcher on the host resolves the people and the channels.
/// </summary>
public sealed partial class CommentThreadGrain
{
    private const int ExcerptLength = 160;

    /// <summary>A unit's answer clock started: its officers and its head learn that the case is theirs.</summary>
    private void NoticeAssigned(SlaClock clock, DateTimeOffset now, bool reassigned)
    {
        var unit = clock.Unit;
        thread.State.Notice(Source, NoticeKinds.CaseAssigned, now, Id,
            $"{(reassigned ? "Vụ việc được chuyển cho" : "Vụ việc mới giao cho")} {unit}: {CaseName}",
            $"{Excerpt}\nHạn trả lời: {Format(clock.Deadline)} ({WorkingDays(clock)}).",
            Link, clock.Deadline, new NoticeAudience(Readers: Readers, Officers: [unit], Heads: [unit]));
    }

    private void NoticeCoordination(SlaClock clock, DateTimeOffset now) =>
        thread.State.Notice(Source, NoticeKinds.CoordinationRequested, now, Id,
            $"{clock.FromUnit} đề nghị {clock.Unit} phối hợp: {CaseName}",
            $"Nội dung đề nghị: {clock.Question}\nHạn trả lời: {Format(clock.Deadline)} (2 ngày làm việc).",
            Link, clock.Deadline, new NoticeAudience(Readers: Readers, Officers: [clock.Unit], Heads: [clock.Unit]));

    /// <summary>A clock turned due soon (its unit's officers) or was missed (the officers and the unit's head).</summary>
    private void NoticeClock(SlaClock clock, DateTimeOffset now)
    {
        var missed = clock.State == ClockStates.Missed;
        if (!missed && clock.State != ClockStates.DueSoon)
        {
            return;
        }

        var what = clock.Kind switch
        {
            ClockKinds.Intake => "tiếp nhận, phân loại và chuyển đơn vị",
            ClockKinds.Coordination => $"trả lời đề nghị phối hợp của {clock.FromUnit}",
            ClockKinds.Approval => $"duyệt câu trả lời ({ApprovalChain.VietnameseNameOfRole(clock.Role)})",
            _ => "trả lời vụ việc",
        };

        // The Office's intake clock belongs to the Editorial Board (its staff; the head once it is missed); an approval
        // step's to the holders of its role (and the Chief of Office once it is missed); a unit's to its officers (and head).
        var audience = clock.Kind switch
        {
            ClockKinds.Intake => new NoticeAudience(Readers: Readers, Roles: missed ? [Roles.EditorialStaff, Roles.EditorialHead] : [Roles.EditorialStaff]),
            ClockKinds.Approval when clock.Role is { } role => new NoticeAudience(Readers: Readers, Roles: missed ? [role, Roles.ChiefOfOffice] : [role]),
            _ => new NoticeAudience(Readers: Readers, Officers: [clock.Unit], Heads: missed ? [clock.Unit] : []),
        };
        var who = clock.Kind == ClockKinds.Approval ? ApprovalChain.VietnameseNameOfRole(clock.Role) : clock.Unit;
        thread.State.Notice(Source, missed ? NoticeKinds.ClockMissed : NoticeKinds.ClockDueSoon, now, Id,
            missed ? $"QUÁ HẠN — {who}: {CaseName}" : $"Sắp đến hạn — {who}: {CaseName}",
            $"{Excerpt}\nViệc: {what}.\n{(missed ? "Đã quá hạn lúc" : "Hạn")}: {Format(clock.Deadline)}.",
            Link, clock.Deadline, audience);
    }

    /// <summary>The answer waits at a step of the approval chain: every holder of that step's role.</summary>
    private void NoticeApprovalWaiting(DateTimeOffset now)
    {
        var state = thread.State;
        if (ApprovalChain.StepOf(state.Status) is not { } step)
        {
            return;
        }

        var draft = state.Drafts[^1];
        state.Notice(Source, NoticeKinds.ApprovalWaiting, now, Id,
            $"Chờ {ApprovalChain.VietnameseName(step)} duyệt: {CaseName}",
            $"Bản thảo số {draft.Number} ({draft.Author}{(draft.Unit is null ? string.Empty : ", " + draft.Unit)}) đang chờ duyệt.\n{Excerpt}",
            Link, null, new NoticeAudience(Readers: Readers, Roles: [ApprovalChain.RoleFor(step)]));
    }

    /// <summary>An approver sent the draft back: its author hears why.</summary>
    private void NoticeRejected(string step, string reason, DateTimeOffset now)
    {
        var draft = thread.State.Drafts[^1];
        if (draft.Author.StartsWith("system:", StringComparison.Ordinal))
        {
            return;
        }

        thread.State.Notice(Source, NoticeKinds.DraftRejected, now, Id,
            $"{ApprovalChain.VietnameseName(step)} trả lại bản thảo số {draft.Number}: {CaseName}",
            "Lý do: " + reason, Link, null, new NoticeAudience(Readers: Readers, Users: [draft.Author]));
    }

    private string Source => "case/" + Id;

    private string Link => "/cases/" + Uri.EscapeDataString(Id);

    /// <summary>How a notification names the case: its channel and its author as Facebook shows them.</summary>
    private string CaseName
    {
        get
        {
            var root = thread.State.RootMessage(Id);
            var who = root?.AuthorName is { Length: > 0 } name ? name : "công dân";
            return thread.State.Channel == MessageChannel.Messenger ? $"tin nhắn của {who}" : $"bình luận của {who} (vụ việc {Id})";
        }
    }

    /// <summary>
    /// The citizen's words, shortened. A private Messenger message is never copied into an e-mail or a push: the
    /// officer reads it on the case page, behind sign-in.
    /// </summary>
    private string Excerpt
    {
        get
        {
            if (thread.State.Channel == MessageChannel.Messenger)
            {
                return "Tin nhắn riêng: mở vụ việc để xem nội dung.";
            }

            var text = thread.State.RootMessage(Id)?.CurrentText ?? string.Empty;
            text = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
            return text.Length <= ExcerptLength ? $"«{text}»" : $"«{text[..ExcerptLength].TrimEnd()}…»";
        }
    }

    /// <summary>The units whose officers may read the case (as the case API decides: assigned, or holding a clock).</summary>
    private IReadOnlyList<string> Readers => CaseReaders.Units(thread.State.Units, thread.State.Clocks.Select(c => c.Unit));

    private static string Format(DateTimeOffset instant) =>
        instant.ToVietnam().ToString("HH:mm 'ngày' dd/MM/yyyy", CultureInfo.InvariantCulture) + " (giờ Việt Nam)";

    private static string WorkingDays(SlaClock clock) =>
        clock.WorkingDays.ToString("0.##", CultureInfo.InvariantCulture) + " ngày làm việc";
}
