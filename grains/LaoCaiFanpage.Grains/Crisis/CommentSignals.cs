using LaoCaiFanpage.Grains.Content;

namespace LaoCaiFanpage.Grains.Crisis;

/// <summary>What one comment tells the crisis detectors: is it negative, which sensitive topics it names.</summary>
public sealed class CommentSignals
{
    private readonly VietnameseSentiment _sentiment;
    private readonly TeencodeTable _teencode;
    private readonly PatternSet<LexiconPhrase> _keywords;

    public CommentSignals(VietnameseSentiment sentiment, IEnumerable<string> sensitiveKeywords, TeencodeTable teencode)
    {
        _sentiment = sentiment;
        _teencode = teencode;
        _keywords = new PatternSet<LexiconPhrase>(sensitiveKeywords.Select(k => LexiconPhrase.Compile(k, teencode)).Select(p => (p.Pattern, p)));
    }

    public VietnameseSentiment Sentiment => _sentiment;

    public CommentObservation Read(string? postId, DateTimeOffset at, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return new CommentObservation(postId, at, false, []);
        }

        using var canonical = CanonicalText.Create(text, _teencode);
        var negative = _sentiment.Score(canonical, text).IsNegative;
        var keywords = new List<string>();
        foreach (var hit in _keywords.Find(canonical))
        {
            if (LexiconPhrase.Agrees(canonical, text, hit.First, hit.Last, hit.Value, "auto") && !keywords.Contains(hit.Value.Term))
            {
                keywords.Add(hit.Value.Term);
            }
        }

        return new CommentObservation(postId, at, negative, keywords);
    }
}
