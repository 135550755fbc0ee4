namespace LaoCaiFanpage.Simulator;

/// <summary>One signed Page webhook delivery, due at <see cref="At"/>.</summary>
public sealed record SimulatedDelivery(DateTimeOffset At, string Kind, byte[] Body, string Signature, IReadOnlyList<string> MessageIds);
