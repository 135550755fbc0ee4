namespace LaoCaiFanpage.Grains.Content;

/// <summary>
/// A phrase of a Vietnamese lexicon (the Article 12 filter, the sentiment lexicon): as written, as searched in a
/// <see cref="CanonicalText"/> (" ma tuy "), and each word's diacritics, so a match can be checked against the
/// writer's own marks ("giả" is not "giá").
/// </summary>
public sealed record LexiconPhrase(string Term, string Pattern, int Words, string[]? ToneKeys, bool[] WordMarked)
{
    /// <summary>The phrase in canonical form, with each word's tone key when the words map one to one.</summary>
    public static LexiconPhrase Compile(string term, TeencodeTable? teencode)
    {
        var pattern = CanonicalText.Pattern(term, teencode);
        var words = term.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var count = pattern.Count(c => c == ' ') - 1;
        return new LexiconPhrase(term, pattern, count,
            count == words.Length ? [.. words.Select(w => VietnameseLetters.ToneKey(w))] : null,
            [.. words.Select(w => VietnameseLetters.HasMarks(w))]);
    }

    /// <summary>
    /// True when the words the writer marked carry the phrase's marks; bare words stand in as
    /// <paramref name="accents"/> allows (<c>auto</c>, <c>strict</c> or <c>exact</c>, see <see cref="LexiconRule.Accents"/>).
    /// </summary>
    public static bool Agrees(CanonicalText canonical, ReadOnlySpan<char> text, int first, int last, LexiconPhrase phrase, string accents)
    {
        // Run together, spread out, or reached through a teencode word standing for several ("ae" for "anh em").
        if (phrase.ToneKeys is null || last - first + 1 != phrase.ToneKeys.Length)
        {
            // A disguise, compared by its letters only — except for exact terms.
            return accents != "exact" || phrase.WordMarked.All(m => !m);
        }

        for (var i = 0; i < phrase.ToneKeys.Length; i++)
        {
            var token = canonical.Tokens[first + i];
            if (token.Evasive)
            {
                if (accents == "exact" && phrase.WordMarked[i])
                {
                    return false;
                }

                continue;
            }

            if (token.Marked)
            {
                if (!VietnameseLetters.ToneKeyEquals(text.Slice(token.OriginalStart, token.OriginalLength), phrase.ToneKeys[i]))
                {
                    return false;
                }
            }
            else if (phrase.WordMarked[i] && (accents == "exact" || (accents == "strict" && canonical.IsAccented)))
            {
                return false;
            }
        }

        return true;
    }
}
