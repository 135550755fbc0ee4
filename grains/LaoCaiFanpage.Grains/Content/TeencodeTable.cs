namespace LaoCaiFanpage.Grains.Content;

/// <summary>Teencode words and what they mean, both canonical ("ko" → "khong"); looked up for every word of a text.</summary>
public sealed class TeencodeTable
{
    private readonly Dictionary<string, string> _words = new(WordComparer.Instance);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    /// <param name="words">Pairs as written in a lexicon ("đc" → "được"); canonicalised here.</param>
    public TeencodeTable(IEnumerable<KeyValuePair<string, string>> words)
    {
        foreach (var (word, meaning) in words)
        {
            var key = CanonicalText.Pattern(word).Trim();
            var value = CanonicalText.Pattern(meaning).Trim();
            if (key.Length > 0 && value.Length > 0 && !key.Contains(' ', StringComparison.Ordinal))
            {
                _words[key] = value;
                MaxLength = Math.Max(MaxLength, key.Length);
            }
        }

        _lookup = _words.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The longest teencode word: longer words are not looked up at all.</summary>
    public int MaxLength { get; }

    public bool TryExpand(ReadOnlySpan<char> word, out string expanded)
    {
        expanded = string.Empty;
        return word.Length <= MaxLength && _lookup.TryGetValue(word, out expanded!);
    }
}
