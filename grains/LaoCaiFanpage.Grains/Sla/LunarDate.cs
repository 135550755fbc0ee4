namespace LaoCaiFanpage.Grains.Sla;

/// <summary>A date of the Vietnamese lunisolar calendar (âm lịch).</summary>
public readonly record struct LunarDate(int Day, int Month, int Year, bool Leap)
{
    public override string ToString() => $"{Day:00}/{Month:00}{(Leap ? " (nhuận)" : string.Empty)}/{Year}";
}
