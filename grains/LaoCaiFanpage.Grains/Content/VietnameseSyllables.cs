namespace LaoCaiFanpage.Grains.Content;

/// <summary>
/// Whether a word can be a Vietnamese syllable: an initial consonant (possibly none) and a rhyme (vần) of the
/// orthography, with its spelling rules (k/gh/ngh before e, ê, i, y; c/g/ng elsewhere; q only as "qu").
/// Works on folded letters ("nguoi"), so it tells Vietnamese written without diacritics from English, and a
/// legacy-encoded word decoded correctly from one decoded wrongly.
/// </summary>
public static class VietnameseSyllables
{
    private static readonly string[] Onsets =
    [
        "ngh", "ch", "gh", "gi", "kh", "ng", "nh", "ph", "qu", "th", "tr",
        "b", "c", "d", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", string.Empty,
    ];

    // Every rhyme of the orthography with its diacritics folded away (ă â → a, ê → e, ô ơ → o, ư → u).
    private static readonly HashSet<string> Rhymes = new(StringComparer.Ordinal)
    {
        "a", "ai", "ao", "au", "ay", "ac", "ach", "am", "an", "ang", "anh", "ap", "at",
        "e", "eo", "eu", "ec", "ech", "em", "en", "eng", "enh", "ep", "et",
        "i", "ia", "iu", "ich", "im", "in", "inh", "ip", "it",
        "iec", "iem", "ien", "ieng", "iep", "iet", "ieu",
        "yem", "yen", "yeng", "yet", "yeu", "y",
        "o", "oi", "oc", "om", "on", "ong", "op", "ot", "oong", "ooc",
        "u", "ua", "ui", "uu", "uc", "um", "un", "ung", "up", "ut",
        "uy", "uya", "uyu", "uyt", "uych", "uynh", "uyn", "uyet", "uyen", "ue", "uenh", "uech", "uan", "uang", "uat", "uay",
        "uo", "uoc", "uoi", "uom", "uon", "uong", "uop", "uot", "uou",
        "oa", "oac", "oach", "oai", "oam", "oan", "oang", "oanh", "oap", "oat", "oay", "oao",
        "oe", "oen", "oeo", "oet", "oem",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> RhymeLookup = Rhymes.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>True when the folded, lower-case word is a possible Vietnamese syllable ("nguoi", "khong", "tuy").</summary>
    public static bool IsSyllable(ReadOnlySpan<char> folded)
    {
        if (folded.Length is 0 or > 7)
        {
            return false;
        }

        foreach (var onset in Onsets)
        {
            if (!folded.StartsWith(onset, StringComparison.Ordinal))
            {
                continue;
            }

            var rhyme = folded[onset.Length..];
            if (rhyme.Length > 0 && RhymeLookup.Contains(rhyme) && SpellingAllows(onset, rhyme[0]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// True when the word is written in Vietnamese letters only, with at most one tone mark, and folds to a
    /// syllable: "người" and "nguoi" are, "café", "ch÷" and "tieáng" are not.
    /// </summary>
    public static bool IsVietnameseWord(ReadOnlySpan<char> word)
    {
        if (word.Length is 0 or > 7)
        {
            return false;
        }

        Span<char> folded = stackalloc char[word.Length];
        var length = 0;
        foreach (var c in word)
        {
            if (!VietnameseLetters.IsVietnameseLetter(c))
            {
                return false;
            }

            folded[length++] = VietnameseLetters.Fold(c);
        }

        return IsSyllable(folded[..length]) && ToneCount(word) <= 1 && !ToneOnGlide(word, folded[..length]);
    }

    /// <summary>
    /// A tone never sits on the closing glide of "ai", "ao", "au", "eo", "iu", "oi", "ui", "ay" …: "giaù" is VNI
    /// for "giàu" read as Unicode, not a word. (Both placements of "hoà"/"hòa" and "tuý"/"túy" remain valid.)
    /// </summary>
    private static bool ToneOnGlide(ReadOnlySpan<char> word, ReadOnlySpan<char> folded)
    {
        var last = word.Length - 1;
        if (last < 1 || VietnameseLetters.ToneOf(word[last]) == 0)
        {
            return false;
        }

        var previous = folded[last - 1];
        var isVowel = previous is 'a' or 'e' or 'i' or 'o' or 'u' or 'y';
        return folded[last] switch
        {
            'i' or 'o' or 'u' => isVowel,
            'y' => previous == 'a',
            _ => false,
        };
    }

    private static int ToneCount(ReadOnlySpan<char> word)
    {
        var tones = 0;
        foreach (var c in word)
        {
            if (VietnameseLetters.ToneOf(c) != 0)
            {
                tones++;
            }
        }

        return tones;
    }

    /// <summary>The spelling rules that tell c from k, g from gh, ng from ngh.</summary>
    private static bool SpellingAllows(string onset, char rhymeStart)
    {
        var front = rhymeStart is 'e' or 'i' or 'y';
        return onset switch
        {
            "k" or "gh" or "ngh" => front,
            "c" or "ng" => !front,
            "g" => rhymeStart != 'e',
            "qu" => rhymeStart != 'u',
            _ => true,
        };
    }
}
