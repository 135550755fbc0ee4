namespace LaoCaiFanpage.Contracts.Accounts;

/// <summary>Who acts, and from where: the audit log records it with every processing step (R8.4c).</summary>
[GenerateSerializer, Immutable, Alias("lcf.Actor")]
public sealed record Actor(
    [property: Id(0)] string Name,
    [property: Id(1)] string? Ip,
    [property: Id(2)] string? UserAgent);
