namespace LaoCaiFanpage.Contracts.Accounts;

/// <summary>
/// The authorisation policies every endpoint, page and hub names. One table says which role holds
/// which; the host registers them and the authorisation matrix test checks every endpoint against it.
/// </summary>
public static class AccessPolicies
{
    /// <summary>The wall and other read-only screens (the live feed shows every citizen's words).</summary>
    public const string Screens = "screens";

    /// <summary>Reading cases; a unit officer only those of their unit.</summary>
    public const string ReadCases = "read-cases";

    /// <summary>Routing cases to units and asking for coordination (the Editorial Board, R8.1).</summary>
    public const string RouteCases = "route-cases";

    /// <summary>Asking another unit for information on a case (R9.2): the Editorial Board, or an officer of an assigned unit for that unit.</summary>
    public const string Coordinate = "coordinate";

    /// <summary>Giving a case to one officer of its unit: the Editorial Board; the unit's head for its officers; an officer for themself.</summary>
    public const string AssignOfficers = "assign-officers";

    /// <summary>Per-officer figures (R13, R14): whoever reads the reports, and a unit's head for their own unit.</summary>
    public const string ReadOfficers = "read-officers";

    /// <summary>Writing and submitting an answer: the Editorial Board, or an officer of an assigned unit for their unit's cases.</summary>
    public const string Draft = "draft";

    /// <summary>Approving or rejecting for publication: only the approvers Article 8 names (never an administrator).</summary>
    public const string Approve = "approve";

    /// <summary>Checking a text against the content rules (R7): whoever writes or approves what is published.</summary>
    public const string CheckContent = "check-content";

    /// <summary>Deciding on comments the content filter flagged (R8.4c): the Editorial Board, never an administrator.</summary>
    public const string Moderate = "moderate";

    /// <summary>Raising a crisis signal for the Department of Information and Communications (R8.4d).</summary>
    public const string RaiseCrisis = "raise-crisis";

    /// <summary>Acknowledging, responding to and resolving crises: crisis officers, and the Chief of Office an alert escalates to.</summary>
    public const string HandleCrisis = "handle-crisis";

    /// <summary>Reading crises: the Office, crisis officers, leadership.</summary>
    public const string ReadCrises = "read-crises";

    /// <summary>Reporting a page that may impersonate the official one (R15.2): the Department's officers and the Editorial Board.</summary>
    public const string ReportImpostors = "report-impostors";

    /// <summary>Confirming, reporting to Meta, marking removed or dismissing impostor pages, and running the page search: the Department's officers and the Chief of Office.</summary>
    public const string HandleImpostors = "handle-impostors";

    /// <summary>Reading impostor pages: the Office, the Department, leadership.</summary>
    public const string ReadImpostors = "read-impostors";

    /// <summary>Reading the daily reports and period reviews (R10, R11, R13): leadership, the Office, the Standing Committee.</summary>
    public const string ReadReports = "read-reports";

    /// <summary>Generating a daily report again on demand: the Office.</summary>
    public const string GenerateReports = "generate-reports";

    /// <summary>Reading the page's integrity findings (Art. 8.1): those answerable for the page, and leadership.</summary>
    public const string ReadIntegrity = "read-integrity";

    /// <summary>Acknowledging an integrity finding with the reason: the Chief of Office.</summary>
    public const string AcknowledgeIntegrity = "acknowledge-integrity";

    /// <summary>Users, kiosk links, the audit log, the system's own description.</summary>
    public const string Administer = "administer";

    /// <summary>Any signed-in account (its own session, its own profile).</summary>
    public const string SignedIn = "signed-in";

    /// <summary>A person's own account: profile, notifications, browser push (a wall screen or a service token has none).</summary>
    public const string OwnAccount = "own-account";

    /// <summary>
    /// A person's own sign-in (any account, whatever its roles; never a kiosk screen or a service token): their password and second factor.
    /// Not role-based, so not in <see cref="RolesByPolicy"/>.
    /// </summary>
    public const string Person = "person";

    public static IReadOnlyDictionary<string, IReadOnlyList<string>> RolesByPolicy { get; } = new Dictionary<string, IReadOnlyList<string>>
    {
        [Screens] = [Roles.Admin, Roles.EditorialStaff, Roles.EditorialHead, Roles.ChiefOfOffice, Roles.StandingCommittee, Roles.CrisisOfficer, Roles.Leadership, Roles.WallDisplay],
        [ReadCases] = [Roles.Admin, Roles.EditorialStaff, Roles.EditorialHead, Roles.ChiefOfOffice, Roles.StandingCommittee, Roles.UnitOfficer, Roles.UnitHead, Roles.CrisisOfficer, Roles.Leadership],
        [RouteCases] = [Roles.Admin, Roles.EditorialStaff, Roles.EditorialHead, Roles.ChiefOfOffice],
        [Coordinate] = [Roles.Admin, Roles.EditorialStaff, Roles.EditorialHead, Roles.ChiefOfOffice, Roles.UnitOfficer, Roles.UnitHead],
        [AssignOfficers] = [Roles.Admin, Roles.EditorialStaff, Roles.EditorialHead, Roles.ChiefOfOffice, Roles.UnitOfficer, Roles.UnitHead],
        [ReadOfficers] = [Roles.Admin, Roles.EditorialStaff, Roles.EditorialHead, Roles.ChiefOfOffice, Roles.StandingCommittee, Roles.CrisisOfficer, Roles.Leadership, Roles.ReportReader, Roles.UnitHead],
        [Draft] = [Roles.Admin, Roles.EditorialStaff, Roles.EditorialHead, Roles.ChiefOfOffice, Roles.UnitOfficer, Roles.UnitHead],
        [Approve] = [Roles.EditorialHead, Roles.ChiefOfOffice, Roles.StandingCommittee],
        [CheckContent] = [Roles.Admin, Roles.EditorialStaff, Roles.EditorialHead, Roles.ChiefOfOffice, Roles.StandingCommittee, Roles.UnitOfficer, Roles.UnitHead],
        [Moderate] = [Roles.EditorialStaff, Roles.EditorialHead, Roles.ChiefOfOffice],
        [RaiseCrisis] = [Roles.CrisisOfficer],
        [HandleCrisis] = [Roles.CrisisOfficer, Roles.ChiefOfOffice],
        [ReadCrises] = [Roles.Admin, Roles.EditorialStaff, Roles.EditorialHead, Roles.ChiefOfOffice, Roles.StandingCommittee, Roles.CrisisOfficer, Roles.Leadership],
        [ReportImpostors] = [Roles.EditorialStaff, Roles.EditorialHead, Roles.ChiefOfOffice, Roles.CrisisOfficer, Roles.ImpostorReporter],
        [HandleImpostors] = [Roles.CrisisOfficer, Roles.ChiefOfOffice],
        [ReadImpostors] = [Roles.Admin, Roles.EditorialStaff, Roles.EditorialHead, Roles.ChiefOfOffice, Roles.StandingCommittee, Roles.CrisisOfficer, Roles.Leadership],
        [ReadReports] = [Roles.Admin, Roles.EditorialStaff, Roles.EditorialHead, Roles.ChiefOfOffice, Roles.StandingCommittee, Roles.CrisisOfficer, Roles.Leadership, Roles.ReportReader],
        [GenerateReports] = [Roles.Admin, Roles.EditorialHead, Roles.ChiefOfOffice],
        [ReadIntegrity] = [Roles.Admin, Roles.EditorialHead, Roles.ChiefOfOffice, Roles.StandingCommittee, Roles.Leadership],
        [AcknowledgeIntegrity] = [Roles.ChiefOfOffice],
        [Administer] = [Roles.Admin],
        [SignedIn] = Roles.All,
        [OwnAccount] = [.. Roles.People.Where(r => r != Roles.WallDisplay)],
    };
}
