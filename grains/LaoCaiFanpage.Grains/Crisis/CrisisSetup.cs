using LaoCaiFanpage.Grains.Content;

namespace LaoCaiFanpage.Grains.Crisis;

/// <summary>Builds what the crisis detectors read comments with, from the content rules' teencode and the options.</summary>
public static class CrisisSetup
{
    public static CommentSignals Signals(ContentRules rules, CrisisDetectionOptions options) =>
        new(new VietnameseSentiment(VietnameseSentiment.Load(options.SentimentFile), rules.Filter.Teencode), options.SensitiveKeywords, rules.Filter.Teencode);
}
