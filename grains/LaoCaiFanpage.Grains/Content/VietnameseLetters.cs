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

    /// <summary>True for the 134 Vietnamese letters (lower and upper case, every tone) and the ASCII letters.</summary>
    private static readonly bool[] VietnameseTable = BuildVietnameseTable();

    /// <summary>The lower-case ASCII letter a character stands for ("ế" → 'e', "Đ" → 'd', Cyrillic "а" → 'a'), or '\0'.</summary>
    public static char Fold(char c) => c < TableSize ? FoldTable[c] : '\0';

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
        var decomposed = syllable.ToString().ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length + 1);
        var tone = 0;
        foreach (var c in decomposed)
        {
            var toneIndex = ToneMarks.IndexOf(c);
            if (toneIndex >= 0)
            {
                tone = toneIndex + 1;
                continue;
            }

            if (IsCombiningMark(c) && !QualityMarks.Contains(c))
            {
                continue;
            }

            builder.Append(c);
        }

        return builder.ToString().Normalize(NormalizationForm.FormC) + (char)('0' + tone);
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
