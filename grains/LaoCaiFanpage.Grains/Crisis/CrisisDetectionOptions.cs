using System.ComponentModel.DataAnnotations;

namespace LaoCaiFanpage.Grains.Crisis;

/// <summary>Configuration section <c>Crisis</c>: when the page's own traffic raises a crisis (R8.4d), and what follows.</summary>
public sealed class CrisisDetectionOptions
{
    public const string Section = "Crisis";

    /// <summary>The window the detectors look at.</summary>
    [Range(1, 120)]
    public int WindowMinutes { get; set; } = 10;

    /// <summary>A burst is this many times the expected comments of a window (recent hours or the same hour on previous days).</summary>
    [Range(1.5, 50)]
    public double VelocityFactor { get; set; } = 3;

    /// <summary>Whatever the baseline, a post needs at least this many comments in a window to burst (a cold start or a quiet page).</summary>
    [Range(3, 10_000)]
    public int PostFloor { get; set; } = 12;

    /// <summary>The same floor for the whole page.</summary>
    [Range(3, 100_000)]
    public int PageFloor { get; set; } = 40;

    /// <summary>A window with at least this many comments is judged on its negative share.</summary>
    [Range(3, 10_000)]
    public int NegativeSample { get; set; } = 8;

    /// <summary>The share of negative comments that marks public anger.</summary>
    [Range(0.1, 1)]
    public double NegativeShare { get; set; } = 0.5;

    /// <summary>How far above the scope's usual share of complaints the window must be (binomial z-score) to count as anger.</summary>
    [Range(1, 20)]
    public double NegativeZScore { get; set; } = 4.5;

    /// <summary>Comments with a sensitive keyword in a window that raise a crisis.</summary>
    [Range(1, 1000)]
    public int KeywordComments { get; set; } = 3;

    /// <summary>Sensitive topics (configurable): a keyword in this many comments of a window is a signal.</summary>
    public List<string> SensitiveKeywords { get; set; } =
    [
        "sạt lở", "lũ quét", "chết người", "tử vong", "mất tích", "ngộ độc", "cháy lớn", "sập cầu", "vỡ đập",
        "biểu tình", "tụ tập đông người", "đình công", "tham nhũng", "bạo lực học đường", "dịch bệnh", "ô nhiễm nghiêm trọng",
    ];

    /// <summary>After a burst, a scope raises nothing new until it has been calm (below half the threshold) this long.</summary>
    [Range(1, 1440)]
    public int CooldownMinutes { get; set; } = 30;

    /// <summary>An alert nobody acknowledged by then goes to the Chief of Office.</summary>
    [Range(1, 1440)]
    public int EscalateAfterMinutes { get; set; } = 10;

    /// <summary>The sentiment lexicon (same shape as <c>Crisis/sentiment-lexicon.json</c>) instead of the shipped one.</summary>
    public string? SentimentFile { get; set; }
}
