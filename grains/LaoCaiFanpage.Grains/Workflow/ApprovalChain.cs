using System.Security.Cryptography;
using System.Text;
using LaoCaiFanpage.Contracts.Accounts;
using LaoCaiFanpage.Contracts.Threads;
using LaoCaiFanpage.Contracts.Workflow;

namespace LaoCaiFanpage.Grains.Workflow;

/// <summary>
/// Article 8's approval chain: everything the page publishes is reviewed by the Editorial Board head and then the
/// Chief of Office (Art. 8.1); a matter beyond the Office's authority then goes to the Standing Committee too
/// (Art. 8.4b). Approvals bind to the SHA-256 of the exact text.
/// </summary>
public static class ApprovalChain
{
    public const string EditorialHeadStep = "editorial-head";
    public const string ChiefOfOfficeStep = "chief-of-office";
    public const string StandingCommitteeStep = "standing-committee";

    /// <summary>The step a pending status waits for, or null when the case waits for no approver.</summary>
    public static string? StepOf(string status) => status switch
    {
        CaseStatus.PendingEditorialHead => EditorialHeadStep,
        CaseStatus.PendingChiefOfOffice => ChiefOfOfficeStep,
        CaseStatus.PendingStandingCommittee => StandingCommitteeStep,
        _ => null,
    };

    /// <summary>The only role that approves or rejects at a step (an administrator never does: R8).</summary>
    public static string RoleFor(string step) => step switch
    {
        EditorialHeadStep => Roles.EditorialHead,
        ChiefOfOfficeStep => Roles.ChiefOfOffice,
        StandingCommitteeStep => Roles.StandingCommittee,
        _ => throw new ArgumentOutOfRangeException(nameof(step), step, "Not an approval step."),
    };

    public static string VietnameseName(string step) => step switch
    {
        EditorialHeadStep => "Trưởng Ban biên tập",
        ChiefOfOfficeStep => "Chánh Văn phòng UBND tỉnh",
        StandingCommitteeStep => "Thường trực UBND tỉnh",
        _ => step,
    };

    /// <summary>The approver a role is, as people call it (an approval clock names the role).</summary>
    public static string VietnameseNameOfRole(string? role) => role switch
    {
        Roles.EditorialHead => VietnameseName(EditorialHeadStep),
        Roles.ChiefOfOffice => VietnameseName(ChiefOfOfficeStep),
        Roles.StandingCommittee => VietnameseName(StandingCommitteeStep),
        _ => role ?? string.Empty,
    };

    /// <summary>Where the case goes once the current step approves.</summary>
    public static string StatusAfterApproval(string status, string authority) => status switch
    {
        CaseStatus.PendingEditorialHead => CaseStatus.PendingChiefOfOffice,
        CaseStatus.PendingChiefOfOffice => authority == Authorities.StandingCommittee ? CaseStatus.PendingStandingCommittee : CaseStatus.Approved,
        CaseStatus.PendingStandingCommittee => CaseStatus.Approved,
        _ => throw new InvalidOperationException($"No approval is pending in status '{status}'."),
    };

    /// <summary>The steps an authority's chain takes, in order.</summary>
    public static IReadOnlyList<string> Steps(string authority) => authority == Authorities.StandingCommittee
        ? [EditorialHeadStep, ChiefOfOfficeStep, StandingCommitteeStep]
        : [EditorialHeadStep, ChiefOfOfficeStep];

    /// <summary>
    /// True when every step the authority requires approved exactly this text, in order, by different people.
    /// The publisher checks this once more before anything leaves for Facebook.
    /// </summary>
    public static bool IsComplete(IEnumerable<CaseApproval> approvals, string authority, CaseDraft draft)
    {
        var live = approvals.Where(a => !a.Voided).ToList();
        var steps = Steps(authority);
        return live.Count == steps.Count
            && live.Select(a => a.Step).SequenceEqual(steps)
            && live.All(a => a.DraftNumber == draft.Number && a.TextSha256 == draft.TextSha256 && a.TextSha256 == Digest(draft.Text))
            && live.Select(a => a.Approver).Distinct(StringComparer.OrdinalIgnoreCase).Count() == live.Count;
    }

    public static string Digest(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
