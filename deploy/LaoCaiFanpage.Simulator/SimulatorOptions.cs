namespace LaoCaiFanpage.Simulator;

/// <summary>What traffic to simulate. The same options and seed always give the same deliveries.</summary>
public sealed record SimulatorOptions
{
    public int Seed { get; init; } = 1933;

    public string PageId { get; init; } = "100000000000001";

    public string PageName { get; init; } = "UBND tỉnh Lào Cai";

    /// <summary>The Meta app secret the deliveries are signed with.</summary>
    public required string AppSecret { get; init; }

    /// <summary>Mean deliveries per minute at the busiest hours (scaled down at night when <see cref="Diurnal"/>).</summary>
    public double PeakPerMinute { get; init; } = 30;

    /// <summary>Follow the day's rhythm in Vietnam time: quiet at night, busy mid-morning and evening.</summary>
    public bool Diurnal { get; init; } = true;

    /// <summary>Chance per simulated hour that a post draws a burst of angry comments (a media crisis).</summary>
    public double CrisisBurstsPerHour { get; init; } = 0.05;
}
