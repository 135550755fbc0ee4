namespace LaoCaiFanpage.Contracts.Accounts;

/// <summary>The roles of the regulation (R5, R8) as the service knows them.</summary>
public static class Roles
{
    /// <summary>Users, configuration, every read and operational endpoint; never approves or publishes (R8).</summary>
    public const string Admin = "Admin";

    /// <summary>The Editorial Board's staff: receive, classify, route, draft (R8.1).</summary>
    public const string EditorialStaff = "EditorialStaff";

    /// <summary>Head of the Editorial Board: the first approval (R8.3).</summary>
    public const string EditorialHead = "EditorialHead";

    /// <summary>Chief of the Office: the second approval (R8.3).</summary>
    public const string ChiefOfOffice = "ChiefOfOffice";

    /// <summary>The Standing Committee: approves matters outside the Office's authority.</summary>
    public const string StandingCommittee = "StandingCommittee";

    /// <summary>An officer of one unit: sees and answers only that unit's cases (R9).</summary>
    public const string UnitOfficer = "UnitOfficer";

    /// <summary>The head of one unit: answers its cases like its officers, and is told when its clocks are missed (R9, R14).</summary>
    public const string UnitHead = "UnitHead";

    /// <summary>The Department's crisis-response officers (R15.2).</summary>
    public const string CrisisOfficer = "CrisisOfficer";

    /// <summary>Provincial leadership: read-only.</summary>
    public const string Leadership = "Leadership";

    /// <summary>A wall screen: read-only screens, granted by kiosk links.</summary>
    public const string WallDisplay = "WallDisplay";

    /// <summary>A machine that pulls the daily reports and period reviews, and nothing else (a service token's role).</summary>
    public const string ReportReader = "ReportReader";

    /// <summary>A machine that reports candidate impostor pages, and nothing else (a service token's role).</summary>
    public const string ImpostorReporter = "ImpostorReporter";

    /// <summary>The roles a person's account (or a kiosk screen) may hold.</summary>
    public static IReadOnlyList<string> People { get; } =
        [Admin, EditorialStaff, EditorialHead, ChiefOfOffice, StandingCommittee, UnitOfficer, UnitHead, CrisisOfficer, Leadership, WallDisplay];

    /// <summary>
    /// What a service token may hold (R15.2, issue 31): roles that only read, and the one write a machine may make,
    /// reporting impostor candidates. Never an administrator's or an approver's role: a token is nobody to hold to account.
    /// </summary>
    public static IReadOnlyList<string> ForServiceTokens { get; } = [Leadership, WallDisplay, ReportReader, ImpostorReporter];

    public static IReadOnlyList<string> All { get; } = [.. People, ReportReader, ImpostorReporter];

    /// <summary>The roles held for one unit: an account with one of them names its unit.</summary>
    public static IReadOnlyList<string> OfUnit { get; } = [UnitOfficer, UnitHead];

    /// <summary>The approvers Article 8 names: the chain's steps.</summary>
    public static IReadOnlyList<string> Approvers { get; } = [EditorialHead, ChiefOfOffice, StandingCommittee];

    /// <summary>The roles whose holders sign in with a second factor: whoever administers, and whoever approves.</summary>
    public static IReadOnlyList<string> NeedingSecondFactor { get; } = [Admin, EditorialHead, ChiefOfOffice, StandingCommittee];

    /// <summary>
    /// Separation of duties (R8): whoever administers never approves, so one account never holds <see cref="Admin"/>
    /// beside an approver's role. The refusal's reason, or null when the set is allowed.
    /// </summary>
    public static string? SeparationOfDutiesConflict(IEnumerable<string> roles)
    {
        var set = roles.ToHashSet(StringComparer.Ordinal);
        var approver = Approvers.FirstOrDefault(set.Contains);
        return set.Contains(Admin) && approver is not null
            ? $"An account that administers cannot also approve: {Admin} and {approver} may not be held together (R8, separation of duties)."
            : null;
    }

    /// <summary>The role's canonical spelling, or null when it is not one of ours.</summary>
    public static string? Canonical(string? role) => All.FirstOrDefault(r => string.Equals(r, role, StringComparison.OrdinalIgnoreCase));
}
