using LaoCaiFanpage.Contracts.Accounts;

namespace LaoCaiFanpage.Grains.Workflow;

/// <summary>
/// Who may do what on a case, checked by the case itself (the HTTP policies are the first gate; this one holds
/// whoever calls the grain).
/// </summary>
public static class WorkflowPermissions
{
    /// <summary>Receive, classify, route, merge, close and reopen: the Editorial Board and the Office (R8.3).</summary>
    public static bool CanRoute(Actor actor) =>
        actor.HasRole(Roles.Admin) || actor.HasRole(Roles.EditorialStaff) || actor.HasRole(Roles.EditorialHead) || actor.HasRole(Roles.ChiefOfOffice);

    /// <summary>Write and submit the answer: the Editorial Board, or an officer of a unit the case is assigned to.</summary>
    public static bool CanDraft(Actor actor, IEnumerable<string> units) =>
        CanRoute(actor) || IsOfficerOf(actor, units);

    /// <summary>Decide on comments the content filter flagged (R8.4c): the Editorial Board; an administrator does not judge content.</summary>
    public static bool CanModerate(Actor actor) =>
        actor.HasRole(Roles.EditorialStaff) || actor.HasRole(Roles.EditorialHead) || actor.HasRole(Roles.ChiefOfOffice);

    /// <summary>An officer (or the head) of one of these units.</summary>
    public static bool IsOfficerOf(Actor actor, IEnumerable<string> units) =>
        (actor.HasRole(Roles.UnitOfficer) || actor.HasRole(Roles.UnitHead)) && actor.Unit is { } unit && units.Contains(unit, StringComparer.OrdinalIgnoreCase);
}
