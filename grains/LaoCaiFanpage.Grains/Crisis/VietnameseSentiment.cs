using System.Text.Json;
using LaoCaiFanpage.Grains.Content;

namespace LaoCaiFanpage.Grains.Crisis;

/// <summary>The sentiment of one comment: its score, and the words that made it.</summary>
public sealed record SentimentScore(int Score, IReadOnlyList<string> Negative, IReadOnlyList<string> Positive)
{
    /// <summary>A comment counts as negative at a score of −1 or below.</summary>
    public bool IsNegative => Score <= -1;
}

/// <summary>
/// A lexicon-based sentiment scorer for Vietnamese comments (R8.4d). The same canonical text as the content
/// filter (diacritics folded, teencode read, disguises undone) and the writer's own marks checked, so "tệ"
/// and "te" count while "tế" does not; a negation shortly before a word turns it around: "không tốt" is
/// negative, "không tệ" is not.
/// </summary>
public sealed class VietnameseSentiment
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    private readonly TeencodeTable _teencode;
    private readonly PatternSet<Entry> _entries;
    private readonly int _negationReach;
    private readonly string[] _negativeEmoji;
    private readonly string[] _positiveEmoji;

    public VietnameseSentiment(SentimentLexicon lexicon, TeencodeTable teencode)
    {
        _teencode = teencode;
        _negationReach = lexicon.NegationReach;
        _negativeEmoji = [.. lexicon.NegativeEmoji];
        _positiveEmoji = [.. lexicon.PositiveEmoji];
        var entries = new List<(string, Entry)>();
        foreach (var group in lexicon.Negative)
        {
            entries.AddRange(group.Terms.Select(t => LexiconPhrase.Compile(t, teencode)).Select(p => (p.Pattern, new Entry(-group.Weight, p))));
        }

        foreach (var group in lexicon.Positive)
        {
            entries.AddRange(group.Terms.Select(t => LexiconPhrase.Compile(t, teencode)).Select(p => (p.Pattern, new Entry(group.Weight, p))));
        }

        entries.AddRange(lexicon.Negations.Select(t => LexiconPhrase.Compile(t, teencode)).Select(p => (p.Pattern, new Entry(0, p))));
        _entries = new PatternSet<Entry>(entries);
    }

    public SentimentScore Score(string text)
    {
        using var canonical = CanonicalText.Create(text, _teencode);
        return Score(canonical, text);
    }

    /// <summary>The score of a text already canonicalised with the same teencode (the crisis detectors read topics from it too).</summary>
    public SentimentScore Score(CanonicalText canonical, string text)
    {
        var hits = _entries.Find(canonical);
        var negations = new List<int>();
        var words = new List<PatternHit<Entry>>();
        foreach (var hit in hits)
        {
            if (!LexiconPhrase.Agrees(canonical, text, hit.First, hit.Last, hit.Value.Phrase, "auto"))
            {
                continue;
            }

            if (hit.Value.Weight == 0)
            {
                negations.Add(hit.Last);
            }
            else
            {
                words.Add(hit);
            }
        }

        var score = 0;
        var negative = new List<string>();
        var positive = new List<string>();
        foreach (var word in PatternHit.Longest(words))
        {
            var negated = negations.Exists(n => n < word.First && word.First - n <= _negationReach);
            var weight = negated ? (word.Value.Weight > 0 ? -word.Value.Weight : 0) : word.Value.Weight;
            var quoted = text[canonical.Tokens[word.First].OriginalStart..canonical.Tokens[word.Last].OriginalEnd];
            score += weight;
            if (weight < 0)
            {
                negative.Add(quoted);
            }
            else if (weight > 0)
            {
                positive.Add(quoted);
            }
        }

        foreach (var emoji in _negativeEmoji)
        {
            if (text.Contains(emoji, StringComparison.Ordinal))
            {
                score--;
                negative.Add(emoji);
            }
        }

        foreach (var emoji in _positiveEmoji)
        {
            if (text.Contains(emoji, StringComparison.Ordinal))
            {
                score++;
                positive.Add(emoji);
            }
        }

        return new SentimentScore(score, negative, positive);
    }

    /// <summary>The shipped lexicon (<c>Crisis/sentiment-lexicon.json</c>) or a replacement file.</summary>
    public static SentimentLexicon Load(string? path = null)
    {
        using var stream = string.IsNullOrWhiteSpace(path)
            ? typeof(VietnameseSentiment).Assembly.GetManifestResourceStream("LaoCaiFanpage.Crisis.sentiment-lexicon.json")
                ?? throw new InvalidOperationException("The shipped sentiment lexicon is missing.")
            : File.OpenRead(path);
        var lexicon = JsonSerializer.Deserialize<SentimentLexicon>(stream, Json) ?? throw new InvalidDataException("The sentiment lexicon is empty.");
        if (lexicon.Negative.Sum(g => g.Terms.Count) == 0 || lexicon.NegationReach is < 1 or > 5)
        {
            throw new InvalidDataException("The sentiment lexicon needs negative terms and a negationReach of 1 to 5 words.");
        }

        return lexicon;
    }

    private sealed record Entry(int Weight, LexiconPhrase Phrase);
}

/// <summary>The sentiment lexicon's data (see <c>Crisis/sentiment-lexicon.json</c>).</summary>
public sealed class SentimentLexicon
{
    public string Version { get; set; } = string.Empty;

    public int NegationReach { get; set; } = 2;

    public List<string> Negations { get; set; } = [];

    public List<CueGroup> Negative { get; set; } = [];

    public List<CueGroup> Positive { get; set; } = [];

    public List<string> NegativeEmoji { get; set; } = [];

    public List<string> PositiveEmoji { get; set; } = [];
}
