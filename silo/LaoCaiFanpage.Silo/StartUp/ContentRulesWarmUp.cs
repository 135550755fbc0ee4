using System.Diagnostics;
using LaoCaiFanpage.Grains.Content;
using LaoCaiFanpage.Grains.Crisis;

namespace LaoCaiFanpage.Silo.StartUp;

/// <summary>
/// Builds the content rules and the crisis signals (their lexicons compiled into search trees: about a quarter of a
/// second) while the service starts, not when the first citizen's comment arrives, so that comment reaches the screens
/// as fast as the rest. (Whether the lexicon files load at all is checked earlier, with the configuration.)
/// </summary>
public static partial class ContentRulesWarmUp
{
    public static void BuildContentRules(this WebApplication app)
    {
        var started = Stopwatch.GetTimestamp();
        var lexicon = app.Services.GetRequiredService<ContentRules>().Filter.Lexicon;
        app.Services.GetRequiredService<CommentSignals>();
        var elapsed = Stopwatch.GetElapsedTime(started);
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ContentRulesWarmUp).FullName!);
        LogBuilt(logger, lexicon.Version, lexicon.Rules.Count, lexicon.Compositions.Count, elapsed.TotalMilliseconds);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Content rules ready: lexicon {Version}, {Rules} rules, {Compositions} compositions, built in {Milliseconds:F0} ms")]
    private static partial void LogBuilt(ILogger logger, string version, int rules, int compositions, double milliseconds);
}
