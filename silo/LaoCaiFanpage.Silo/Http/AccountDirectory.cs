namespace LaoCaiFanpage.Silo.Http;

/// <summary>A person's account as a feature reads it: who they are, their roles and unit — never a secret.</summary>
public sealed record AccountView(long Id, string Username, string? DisplayName, string? Email, IReadOnlyList<string> Roles, string? Unit, bool Disabled);

/// <summary>
/// Who the people are, for features that need more than the caller's claims: the unit of an officer a case is given
/// to, a unit's officers, the caller's own account for their notification settings. The accounts store answers.
/// </summary>
public interface IAccountDirectory
{
    Task<AccountView?> Find(string username, CancellationToken cancellationToken);

    Task<IReadOnlyList<AccountView>> List(CancellationToken cancellationToken);
}
