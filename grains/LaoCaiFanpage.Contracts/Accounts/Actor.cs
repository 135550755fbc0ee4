namespace LaoCaiFanpage.Contracts.Accounts;

/// <summary>Who acts, and from where: the audit log records it with every processing step (R8.4c).</summary>
[GenerateSerializer, Immutable, Alias("lcf.Actor")]
public sealed record Actor(
    [property: Id(0)] string Name,
    [property: Id(1)] string? Ip,
    [property: Id(2)] string? UserAgent,
    [property: Id(3)] IReadOnlyList<string>? Roles = null,
    [property: Id(4)] string? Unit = null)
{
    public bool HasRole(string role) => Roles?.Contains(role, StringComparer.Ordinal) == true;

    /// <summary>The service itself acting (publishing, start-up): never a person, never an approver.</summary>
    public static Actor System(string what) => new("system:" + what, null, null);
}
