using System.Text;

namespace LaoCaiFanpage.Grains.Content;

/// <summary>
/// Letter facts for Vietnamese text (TCVN 6909:2001 = Unicode): folding to bare Latin letters, which letters
/// are Vietnamese, and the tone of a syllable. Tables are built once from Unicode decompositions; "đ" has no
/// decomposition and is mapped by hand, as are the Cyrillic letters that look like Latin ones (a common evasion).
/// </summary>
public static class VietnameseLetters
{
    /// <summary>The five tone marks as combining characters: huyền, sắc, ngã, hỏi, nặng.</summary>
    private const string ToneMarks = "\u0300\u0301\u0303\u0309\u0323";

    /// <summary>Vowel-quality marks that make a different letter: circumflex (â ê ô), breve (ă), horn (ơ ư).</summary>
    private const string QualityMarks = "\u0302\u0306\u031B";

    private const int TableSize = 0x2000;

    /// <summary>Folded lower-case ASCII letter for each char below U+2000, or '\0' when it is not a letter we fold.</summary>
    private static readonly char[] FoldTable = BuildFoldTable();

    /// <summary>The tone of each precomposed letter below U+2000: 0 none, 1 huyền, 2 sắc, 3 ngã, 4 hỏi, 5 nặng.</summary>
    private static readonly byte[] ToneTable = BuildToneTable();

    /// <summary>True for the 134 Vietnamese letters (lower and upper case, every tone) and the ASCII letters.</summary>
    private static readonly bool[] VietnameseTable = BuildVietnameseTable();

    /// <summary>The lower-case ASCII letter a character stands for ("ế" → 'e', "Đ" → 'd', Cyrillic "а" → 'a'), or '\0'.</summary>
    public static char Fold(char c) => c < TableSize ? FoldTable[c] : '\0';

    /// <summary>The tone a precomposed letter carries (0 for none); a decomposed tone mark counts as its own.</summary>
    public static int ToneOf(char c) => c < TableSize ? ToneTable[c] : 0;

    /// <summary>A combining mark (U+0300–U+036F): part of the letter before it in decomposed text.</summary>
    public static bool IsCombiningMark(char c) => c is >= '\u0300' and <= '\u036F';

    /// <summary>True when the character is a letter of the Vietnamese alphabet (ASCII letters included).</summary>
    public static bool IsVietnameseLetter(char c) => c < TableSize && VietnameseTable[c];

    /// <summary>True when the character carries a Vietnamese mark (a non-ASCII letter that folds to ASCII, or a combining mark).</summary>
    public static bool IsMarked(char c) => c > 0x7F && (Fold(c) != '\0' || IsCombiningMark(c));

    /// <summary>True when the text has at least one letter with a diacritic.</summary>
    public static bool HasMarks(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (IsMarked(c))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Lower-case bare letters: "Tiếng Việt" → "tieng viet"; characters that are not letters are kept.</summary>
    public static string FoldText(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (IsCombiningMark(c))
            {
                continue;
            }

            var folded = Fold(c);
            builder.Append(folded != '\0' ? folded : char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }

    /// <summary>
    /// A syllable's identity that ignores where the tone mark sits ("tuý" = "túy", "hoà" = "hòa") and letter case:
    /// the lower-case letters with their quality marks (â ă ê ô ơ ư đ), then a digit for the tone (0 = none).
    /// </summary>
    public static string ToneKey(ReadOnlySpan<char> syllable)
    {
        var composed = Composed(syllable);
        var key = new char[composed.Length + 1];
        var tone = 0;
        for (var i = 0; i < composed.Length; i++)
        {
            var c = composed[i];
            key[i] = c < TableSize && QualityTable[c] != '\0' ? QualityTable[c] : char.ToLowerInvariant(c);
            tone = Math.Max(tone, ToneOf(c));
        }

        key[^1] = (char)('0' + tone);
        return new string(key);
    }

    /// <summary>True when the word's <see cref="ToneKey"/> is <paramref name="key"/> (without allocating for composed text).</summary>
    public static bool ToneKeyEquals(ReadOnlySpan<char> word, string key)
    {
        if (word.IndexOfAnyInRange('\u0300', '\u036F') >= 0)
        {
            return ToneKey(word) == key;
        }

        if (word.Length + 1 != key.Length)
        {
            return false;
        }

        var tone = 0;
        for (var i = 0; i < word.Length; i++)
        {
            var c = word[i];
            var letter = c < TableSize && QualityTable[c] != '\0' ? QualityTable[c] : char.ToLowerInvariant(c);
            if (letter != key[i])
            {
                return false;
            }

            tone = Math.Max(tone, ToneOf(c));
        }

        return key[^1] == (char)('0' + tone);
    }

    private static ReadOnlySpan<char> Composed(ReadOnlySpan<char> text) =>
        text.IndexOfAnyInRange('\u0300', '\u036F') >= 0 ? text.ToString().Normalize(NormalizationForm.FormC) : text;

    /// <summary>Each letter below U+2000 in lower case with its quality mark kept and its tone removed ("Ấ" → "â"), or '\0'.</summary>
    private static readonly char[] QualityTable = BuildQualityTable();

    private static char[] BuildQualityTable()
    {
        var table = new char[TableSize];
        for (var code = 0x41; code < TableSize; code++)
        {
            var c = (char)code;
            if (!char.IsLetter(c))
            {
                continue;
            }

            var decomposed = char.ToLowerInvariant(c).ToString().Normalize(NormalizationForm.FormD);
            var kept = new StringBuilder(decomposed.Length);
            foreach (var part in decomposed)
            {
                if (!ToneMarks.Contains(part))
                {
                    kept.Append(part);
                }
            }

            var composed = kept.ToString().Normalize(NormalizationForm.FormC);
            if (composed.Length == 1)
            {
                table[code] = composed[0];
            }
        }

        return table;
    }

    private static char[] BuildFoldTable()
    {
        var table = new char[TableSize];
        for (var c = 'a'; c <= 'z'; c++)
        {
            table[c] = c;
            table[char.ToUpperInvariant(c)] = c;
        }

        foreach (var range in new[] { (0x00C0, 0x024F), (0x1E00, 0x1EFF) })
        {
            for (var code = range.Item1; code <= range.Item2; code++)
            {
                var c = (char)code;
                if (!char.IsLetter(c))
                {
                    continue;
                }

                var decomposed = c.ToString().Normalize(NormalizationForm.FormD);
                var first = char.ToLowerInvariant(decomposed[0]);
                if (first is >= 'a' and <= 'z')
                {
                    table[code] = first;
                }
            }
        }

        table['đ'] = 'd';
        table['Đ'] = 'd';

        // Cyrillic letters drawn like Latin ones (used to slip words past filters).
        foreach (var (cyrillic, latin) in new[]
        {
            ('а', 'a'), ('е', 'e'), ('о', 'o'), ('р', 'p'), ('с', 'c'), ('у', 'y'), ('х', 'x'), ('і', 'i'), ('ј', 'j'), ('ѕ', 's'),
            ('А', 'a'), ('В', 'b'), ('Е', 'e'), ('К', 'k'), ('М', 'm'), ('Н', 'h'), ('О', 'o'), ('Р', 'p'), ('С', 'c'), ('Т', 't'), ('Х', 'x'), ('І', 'i'),
        })
        {
            table[cyrillic] = latin;
        }

        return table;
    }

    private static byte[] BuildToneTable()
    {
        var table = new byte[TableSize];
        for (var code = 0x00C0; code < TableSize; code++)
        {
            var c = (char)code;
            if (!char.IsLetter(c) && !IsCombiningMark(c))
            {
                continue;
            }

            foreach (var part in c.ToString().Normalize(NormalizationForm.FormD))
            {
                var tone = ToneMarks.IndexOf(part);
                if (tone >= 0)
                {
                    table[code] = (byte)(tone + 1);
                }
            }
        }

        return table;
    }

    private static bool[] BuildVietnameseTable()
    {
        var table = new bool[TableSize];
        for (var c = 'a'; c <= 'z'; c++)
        {
            table[c] = true;
            table[char.ToUpperInvariant(c)] = true;
        }

        table['đ'] = true;
        table['Đ'] = true;
        foreach (var range in new[] { (0x00C0, 0x01FF), (0x1EA0, 0x1EF9) })
        {
            for (var code = range.Item1; code <= range.Item2; code++)
            {
                var decomposed = ((char)code).ToString().Normalize(NormalizationForm.FormD);
                var baseLetter = char.ToLowerInvariant(decomposed[0]);
                if (decomposed.Length < 2 || "aeiouy".IndexOf(baseLetter) < 0)
                {
                    continue;
                }

                var marks = decomposed.AsSpan(1);
                var tones = 0;
                var valid = true;
                foreach (var mark in marks)
                {
                    if (ToneMarks.Contains(mark))
                    {
                        tones++;
                    }
                    else if (!QualityMarks.Contains(mark) || !QualityAllowed(baseLetter, mark))
                    {
                        valid = false;
                    }
                }

                table[code] = valid && tones <= 1 && marks.Length <= 2;
            }
        }

        return table;
    }

    /// <summary>â ê ô take the circumflex, ă the breve, ơ ư the horn; nothing else exists in Vietnamese.</summary>
    private static bool QualityAllowed(char baseLetter, char mark) => mark switch
    {
        '\u0302' => baseLetter is 'a' or 'e' or 'o',
        '\u0306' => baseLetter == 'a',
        '\u031B' => baseLetter is 'o' or 'u',
        _ => false,
    };
}
