using LaoCaiFanpage.Contracts.Accounts;
using LaoCaiFanpage.Contracts.Sla;
using LaoCaiFanpage.Contracts.Threads;
using LaoCaiFanpage.Contracts.Workflow;
using LaoCaiFanpage.Grains.Notifications;
using LaoCaiFanpage.Grains.Workflow;

namespace LaoCaiFanpage.Grains.Threads;

/// <summary>
/// Individual assignees (R13, R14): within a unit the case goes to one officer. An officer takes a case of their
/// unit; the unit's head gives it to one of its officers; the Editorial Board may do either.
/// </summary>
public sealed partial class CommentThreadGrain
{
    public async Task<CaseCommandResult> SetAssignee(OfficerAssignment assignment, Actor actor)
    {
        var state = thread.State;
        if (!state.IsCase)
        {
            return NoCase();
        }

        if (state.Status is not (CaseStatus.Assigned or CaseStatus.Drafting))
        {
            return Refuse("invalid-transition", $"Chỉ giao cán bộ khi vụ việc đã chuyển đơn vị và chưa trình duyệt (hiện: {CaseStatus.Vietnamese(state.Status)}) / An officer is given a case between its assignment and its submission.");
        }

        var unit = assignment.Username is null ? state.AssigneeUnit : assignment.Unit;
        if (assignment.Username is not null && (unit is null || !state.Units.Contains(unit, StringComparer.OrdinalIgnoreCase)))
        {
            return Refuse("unit-not-assigned", $"Cán bộ {assignment.Username} không thuộc đơn vị được giao vụ việc ({string.Join(", ", state.Units)}) / The officer's unit is not assigned this case.");
        }

        var isHead = actor.HasRole(Roles.UnitHead) && string.Equals(actor.Unit, unit, StringComparison.OrdinalIgnoreCase);
        var isSelf = actor.HasRole(Roles.UnitOfficer) && string.Equals(actor.Unit, unit, StringComparison.OrdinalIgnoreCase)
            && string.Equals(actor.Name, assignment.Username ?? state.Assignee, StringComparison.Ordinal);
        if (!(WorkflowPermissions.CanRoute(actor) || isHead || isSelf))
        {
            return Forbid("Cán bộ đơn vị chỉ tự nhận vụ việc của đơn vị mình; lãnh đạo đơn vị giao cho cán bộ của đơn vị / An officer takes their unit's case; the unit head assigns its officers.");
        }

        if (string.Equals(assignment.Username, state.Assignee, StringComparison.Ordinal))
        {
            return Refuse("unchanged", "Vụ việc đã được giao như vậy / The case already has this assignee.");
        }

        var now = time.GetUtcNow();
        var before = state.Assignee;
        state.Assignee = assignment.Username;
        state.AssigneeUnit = assignment.Username is null ? null : unit;
        if (assignment.Username is { } officer && officer != actor.Name)
        {
            var deadline = state.Clocks.Where(c => c.Kind == ClockKinds.Answer && c.CompletedAt is null
                && string.Equals(c.Unit, unit, StringComparison.OrdinalIgnoreCase)).Select(c => (DateTimeOffset?)c.Deadline).Min();
            state.Notice(Source, NoticeKinds.CaseAssigned, now, Id, $"Anh/chị được giao xử lý: {CaseName}",
                $"{Excerpt}\nNgười giao: {actor.Name}." + (deadline is { } d ? $"\nHạn trả lời của đơn vị: {Format(d)}." : string.Empty),
                Link, deadline, new NoticeAudience(Readers: Readers, Users: [officer]));
        }

        var summary = assignment.Username is null ? $"Bỏ giao cán bộ {before}"
            : assignment.Username == actor.Name ? $"{actor.Name} nhận xử lý ({unit})"
            : $"Giao cán bộ {assignment.Username} ({unit}) xử lý";
        await Save([], Audit(actor, "case.assignee-set", new { before, after = assignment.Username, unit }, now, summary));
        return Done();
    }

    /// <summary>Moving the case away from the assignee's unit leaves it with nobody in particular.</summary>
    private void ReleaseAssigneeOutside(IReadOnlyCollection<string> units)
    {
        var state = thread.State;
        if (state.AssigneeUnit is { } unit && !units.Contains(unit, StringComparer.OrdinalIgnoreCase))
        {
            state.Assignee = null;
            state.AssigneeUnit = null;
        }
    }
}
