namespace LaoCaiFanpage.GrainTests;

/// <summary>
/// The test silo's clock: the time of day stands still until a test moves it (so deadlines are exact),
/// while timers and timestamps run on real time. A fully fake clock also froze Orleans' own timers:
/// when the reminder service's first read timed out under load, its retry waited for a fake clock that
/// never moved and every reminder registration failed for the rest of the run.
/// </summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private readonly object _gate = new();
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public void Advance(TimeSpan delta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delta, TimeSpan.Zero);
        lock (_gate)
        {
            _now += delta;
        }
    }

    public void SetUtcNow(DateTimeOffset value)
    {
        lock (_gate)
        {
            if (value < _now)
            {
                throw new ArgumentOutOfRangeException(nameof(value), "The clock does not go back.");
            }

            _now = value;
        }
    }
}
