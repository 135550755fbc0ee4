namespace LaoCaiFanpage.Contracts.Workflow;

/// <summary>
/// Who in the unit has the case: <see cref="Username"/> of <see cref="Unit"/> (the account's own unit, read by the
/// host from the account, never from the caller), or nobody when <see cref="Username"/> is null.
/// </summary>
[GenerateSerializer, Immutable, Alias("lcf.OfficerAssignment")]
public sealed record OfficerAssignment(
    [property: Id(0)] string? Username,
    [property: Id(1)] string? Unit);
