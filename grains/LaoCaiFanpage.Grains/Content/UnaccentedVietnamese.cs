namespace LaoCaiFanpage.Grains.Content;

/// <summary>
/// Finds sentences of Vietnamese written without diacritics (R7.4). A sentence counts when it has no marked
/// letter at all and most of its words are Vietnamese syllables (everyday English words that also spell one count for neither side), so
/// English text ("Please contact the office") and names in it ("Lao Cai") are allowed.
/// </summary>
public static class UnaccentedVietnamese
{
    private const int MinimumWords = 3;

    // English words that also spell a Vietnamese syllable: they say nothing about the language of a sentence.
    private static readonly HashSet<string> EnglishWords = new(StringComparer.Ordinal)
    {
        "a", "an", "at", "be", "but", "by", "can", "con", "do", "go", "ha", "he", "hi", "i", "in", "it", "me", "my", "no", "not",
        "on", "or", "so", "the", "than", "that", "then", "them", "to", "up", "us", "yet", "long", "ban", "tan", "ten", "tin",
        "ton", "top", "tip", "map", "cap", "cat", "hot", "hat", "pin", "pan", "pen", "set", "sit", "sun", "nut", "net", "bet",
        "bat", "bit", "mat", "met", "lot", "let", "lit", "hit", "hut", "ham", "him", "hum", "rim", "dam", "dim", "chat", "chip",
        "chop", "thin", "than", "man", "men", "ran", "run", "sat", "sum", "sup", "tap", "tot", "van", "via", "vat", "mom", "dad",
        "ok", "oh", "am", "ma", "pa", "la", "ben", "doc", "bang", "gang", "hang", "rang", "tech", "much", "such", "ten", "hen", "den", "pet", "get", "got", "top", "mop", "shop", "than", "chin", "lap", "nap",
        "rap", "sap", "gap", "tam", "pam", "ram", "dim", "him", "rim", "tim", "kim", "sim", "ho", "no", "mo", "lo", "go", "yo",
    };

    /// <summary>Every unaccented Vietnamese sentence: (start, length) in the text.</summary>
    public static IReadOnlyList<(int Start, int Length)> Find(string text)
    {
        var spans = new List<(int, int)>();
        var sentenceStart = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i == text.Length || text[i] is '.' or '!' or '?' or ';' or '\n' or '\r')
            {
                if (IsUnaccentedVietnamese(text.AsSpan(sentenceStart, i - sentenceStart), out var first, out var last))
                {
                    spans.Add((sentenceStart + first, last - first));
                }

                sentenceStart = i + 1;
            }
        }

        return spans;
    }

    private static bool IsUnaccentedVietnamese(ReadOnlySpan<char> sentence, out int first, out int last)
    {
        first = -1;
        last = -1;
        var vietnamese = 0;
        var foreign = 0;
        Span<char> folded = stackalloc char[16];
        var start = -1;
        for (var i = 0; i <= sentence.Length; i++)
        {
            var letter = i < sentence.Length && (char.IsLetter(sentence[i]) || VietnameseLetters.IsCombiningMark(sentence[i]));
            if (letter)
            {
                start = start < 0 ? i : start;
                continue;
            }

            if (start < 0)
            {
                continue;
            }

            var word = sentence[start..i];
            start = -1;
            if (VietnameseLetters.HasMarks(word))
            {
                // One marked word: the writer uses diacritics; a bare word here is a typo, not the text's style.
                return false;
            }

            first = first < 0 ? i - word.Length : first;
            last = i;
            if (word.Length > folded.Length)
            {
                foreign++;
                continue;
            }

            for (var k = 0; k < word.Length; k++)
            {
                folded[k] = char.ToLowerInvariant(word[k]);
            }

            var lower = folded[..word.Length];
            if (!VietnameseSyllables.IsSyllable(lower))
            {
                foreign++;
            }
            else if (!EnglishWords.GetAlternateLookup<ReadOnlySpan<char>>().Contains(lower))
            {
                vietnamese++;
            }
        }

        // Words that are both English and Vietnamese ("can", "ban", "to") count for neither side.
        return vietnamese >= MinimumWords && vietnamese * 10 >= (vietnamese + foreign) * 6;
    }
}
