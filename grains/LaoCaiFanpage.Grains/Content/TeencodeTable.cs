namespace LaoCaiFanpage.Grains.Content;

/// <summary>Teencode words and what they mean, both canonical ("ko" → "khong"); looked up for every word of a text.</summary>
public sealed class TeencodeTable
{
    private readonly WordMap<string> _words;

    /// <param name="words">Pairs as written in a lexicon ("đc" → "được"); canonicalised here.</param>
    public TeencodeTable(IEnumerable<KeyValuePair<string, string>> words)
    {
        var table = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (word, meaning) in words)
        {
            var key = CanonicalText.Pattern(word).Trim();
            var value = CanonicalText.Pattern(meaning).Trim();
            if (key.Length > 0 && value.Length > 0 && !key.Contains(' ', StringComparison.Ordinal))
            {
                table[key] = value;
                MaxLength = Math.Max(MaxLength, key.Length);
            }
        }

        _words = new WordMap<string>(table);
    }

    /// <summary>The longest teencode word: longer words are not looked up at all.</summary>
    public int MaxLength { get; }

    /// <summary>What <paramref name="word"/> (canonical, with its <see cref="WordHash"/>) stands for, or null.</summary>
    public string? Expand(ReadOnlySpan<char> word, int hash) => word.Length <= MaxLength ? _words.Find(word, hash) : null;
}
