using System.Buffers;

namespace LaoCaiFanpage.Grains.Content;

/// <summary>One word of a <see cref="CanonicalText"/>: where it is in the canonical buffer and in the original text.</summary>
public readonly record struct CanonicalToken(int CanonStart, int CanonLength, int OriginalStart, int OriginalLength, bool Marked, bool Evasive)
{
    public int OriginalEnd => OriginalStart + OriginalLength;
}

/// <summary>
/// A text reduced to what a filter should compare: lower-case bare letters, one space between words and at both
/// ends (" ban ma tuy "), with the usual disguises undone — diacritics and look-alike Cyrillic letters folded,
/// letters spread out with dots or spaces joined ("m.a t.u.y", "m a t u y"), leetspeak read ("m@", "c4"),
/// repeated letters collapsed ("tuyyy"), teencode spellings read ("f" → "ph", "j" → "gi", "w" → "qu") and
/// teencode words expanded ("ko" → "khong"). Each word remembers where it came from, so a finding points at the
/// writer's own text.
/// </summary>
public sealed class CanonicalText : IDisposable
{
    private char[] _buffer;

    private CanonicalText(char[] buffer, int length, List<CanonicalToken> tokens, int markedWords, int letterWords)
    {
        _buffer = buffer;
        Length = length;
        Tokens = tokens;
        MarkedWords = markedWords;
        LetterWords = letterWords;
    }

    public ReadOnlySpan<char> Span => _buffer.AsSpan(0, Length);

    public int Length { get; }

    public List<CanonicalToken> Tokens { get; }

    /// <summary>Words the writer wrote with diacritics.</summary>
    public int MarkedWords { get; }

    /// <summary>Words with at least one letter.</summary>
    public int LetterWords { get; }

    /// <summary>True when the writer uses diacritics (so a bare "cho" means "cho", not "chó").</summary>
    public bool IsAccented => LetterWords > 0 && MarkedWords * 10 >= LetterWords * 3;

    /// <summary>The canonical form of a word, as a string.</summary>
    public string Word(int token) => new(_buffer, Tokens[token].CanonStart, Tokens[token].CanonLength);

    /// <summary>The index of the word starting at a canonical position, or -1.</summary>
    public int TokenAt(int canonStart)
    {
        int low = 0, high = Tokens.Count - 1;
        while (low <= high)
        {
            var middle = (low + high) >>> 1;
            var start = Tokens[middle].CanonStart;
            if (start == canonStart)
            {
                return middle;
            }

            if (start < canonStart)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return -1;
    }

    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<char>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    /// <summary>Canonicalises a text; <paramref name="teencode"/> expands whole words (keys and values already canonical).</summary>
    public static CanonicalText Create(ReadOnlySpan<char> text, IReadOnlyDictionary<string, string>? teencode = null)
    {
        var raw = RawWords(text);
        var groups = Group(text, raw);
        var buffer = ArrayPool<char>.Shared.Rent(text.Length * 2 + 16);
        var length = 0;
        buffer[length++] = ' ';
        var tokens = new List<CanonicalToken>(groups.Count);
        var marked = 0;
        var letterWords = 0;
        Span<char> word = stackalloc char[64];
        foreach (var (first, last) in groups)
        {
            var (start, end) = (raw[first].Start, raw[last].End);
            var wordLength = 0;
            var hasLetter = false;
            var isMarked = false;
            var evasive = first != last;
            for (var i = start; i < end; i++)
            {
                var c = text[i];
                var folded = VietnameseLetters.Fold(c);
                if (folded != '\0')
                {
                    hasLetter = true;
                    if (c > 0x7F)
                    {
                        if (VietnameseLetters.IsVietnameseLetter(c))
                        {
                            isMarked = true;
                        }
                        else
                        {
                            evasive = true;
                        }
                    }
                }
                else if (VietnameseLetters.IsCombiningMark(c))
                {
                    isMarked = true;
                }
            }

            var letterSeen = false;
            for (var i = start; i < end && wordLength < word.Length - 2; i++)
            {
                var c = text[i];
                var folded = VietnameseLetters.Fold(c);
                if (folded == '\0')
                {
                    if (!IsWordChar(c) || VietnameseLetters.IsCombiningMark(c))
                    {
                        continue;
                    }

                    // Only after a letter: "m4" is "ma", but "50k" is fifty thousand.
                    var leet = letterSeen ? Leet(c) : '\0';
                    if (leet != '\0')
                    {
                        folded = leet;
                        evasive = true;
                    }
                    else if (char.IsAsciiDigit(c))
                    {
                        folded = c;
                    }
                    else
                    {
                        continue;
                    }
                }

                letterSeen |= char.IsAsciiLetter(folded);
                if (wordLength > 0 && word[wordLength - 1] == folded && char.IsAsciiLetter(folded))
                {
                    evasive = true;
                    continue;
                }

                word[wordLength++] = folded;
            }

            if (wordLength == 0)
            {
                continue;
            }

            var canonical = Respell(word[..wordLength], ref evasive);
            if (teencode is not null && teencode.Count > 0 && Expand(teencode, canonical) is { } expanded)
            {
                canonical = expanded;
                evasive = true;
            }

            if (length + canonical.Length + 2 > buffer.Length)
            {
                var larger = ArrayPool<char>.Shared.Rent(buffer.Length * 2 + canonical.Length);
                buffer.AsSpan(0, length).CopyTo(larger);
                ArrayPool<char>.Shared.Return(buffer);
                buffer = larger;
            }

            canonical.CopyTo(buffer.AsSpan(length));
            tokens.Add(new CanonicalToken(length, canonical.Length, start, end - start, isMarked, evasive));
            length += canonical.Length;
            buffer[length++] = ' ';
            if (hasLetter)
            {
                letterWords++;
                if (isMarked)
                {
                    marked++;
                }
            }
        }

        return new CanonicalText(buffer, length, tokens, marked, letterWords);
    }

    /// <summary>Canonicalises a lexicon entry to the form it is searched in (" ma tuy ").</summary>
    public static string Pattern(string term, IReadOnlyDictionary<string, string>? teencode = null)
    {
        using var canonical = Create(term, teencode);
        return canonical.Span.ToString();
    }

    /// <summary>Characters that belong to a word: letters (also Cyrillic look-alikes), combining marks, digits, and leet symbols.</summary>
    private static bool IsWordChar(char c) =>
        VietnameseLetters.Fold(c) != '\0' || VietnameseLetters.IsCombiningMark(c) || char.IsAsciiDigit(c) || c is '@' or '$';

    /// <summary>Leetspeak inside a word that has letters: "m@", "c4 d0", "$ex".</summary>
    private static char Leet(char c) => c switch
    {
        '0' => 'o',
        '1' => 'i',
        '3' => 'e',
        '4' => 'a',
        '5' => 's',
        '7' => 't',
        '@' => 'a',
        '$' => 's',
        _ => '\0',
    };

    /// <summary>Separators that glue spread-out letters ("m.a", "t-u-y", "m*a").</summary>
    private static bool IsTightSeparator(char c) => c is '.' or '-' or '_' or '*' or '\'' or '`' or '|' or '~' or '+' or ',' or '/' or '\\';

    /// <summary>Teencode spellings: Vietnamese has no f, j, w or z, so they stand for ph, gi, qu and d.</summary>
    private static string Respell(ReadOnlySpan<char> word, ref bool evasive)
    {
        if (word.IndexOfAny("fjwz") < 0)
        {
            return word.ToString();
        }

        evasive = true;
        var builder = new System.Text.StringBuilder(word.Length + 4);
        for (var i = 0; i < word.Length; i++)
        {
            var c = word[i];
            switch (c)
            {
                case 'f':
                    builder.Append("ph");
                    break;
                case 'j' when i == 0:
                    builder.Append("gi");
                    break;
                case 'w' when i == 0:
                    builder.Append("qu");
                    break;
                case 'z' when i + 1 < word.Length && word[i + 1] == 'd':
                    break;
                case 'z':
                    builder.Append('d');
                    break;
                case 'd' when i > 0 && word[i - 1] == 'd':
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }

        return builder.ToString();
    }

    private static string? Expand(IReadOnlyDictionary<string, string> teencode, string word) =>
        teencode.TryGetValue(word, out var expanded) ? expanded : null;

    private static List<(int Start, int End, bool TightBefore)> RawWords(ReadOnlySpan<char> text)
    {
        var words = new List<(int, int, bool)>();
        var start = -1;
        var tight = true;
        var sawSeparator = false;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && IsWordChar(text[i]))
            {
                if (start < 0)
                {
                    start = i;
                }

                continue;
            }

            if (start >= 0)
            {
                words.Add((start, i, words.Count > 0 && tight && sawSeparator));
                start = -1;
                tight = true;
                sawSeparator = false;
            }

            if (i < text.Length)
            {
                sawSeparator = true;
                tight &= IsTightSeparator(text[i]);
            }
        }

        return words;
    }

    /// <summary>
    /// Which raw words form one word: a single letter glued to its neighbour ("m.a"), and runs of three or more
    /// single letters spread with spaces ("m a t u y").
    /// </summary>
    private static List<(int First, int Last)> Group(ReadOnlySpan<char> text, List<(int Start, int End, bool TightBefore)> raw)
    {
        var glued = new List<(int First, int Last)>(raw.Count);
        for (var i = 0; i < raw.Count; i++)
        {
            if (glued.Count > 0 && raw[i].TightBefore && (Letters(text, raw[i]) == 1 || Letters(text, raw[glued[^1].Last]) == 1))
            {
                glued[^1] = (glued[^1].First, i);
            }
            else
            {
                glued.Add((i, i));
            }
        }

        var groups = new List<(int First, int Last)>(glued.Count);
        for (var i = 0; i < glued.Count;)
        {
            var run = i;
            while (run < glued.Count && glued[run].First == glued[run].Last && Letters(text, raw[glued[run].First]) == 1 && IsSingleLetter(text, raw[glued[run].First]))
            {
                run++;
            }

            if (run - i >= 3)
            {
                groups.Add((glued[i].First, glued[run - 1].Last));
                i = run;
            }
            else
            {
                groups.Add(glued[i]);
                i++;
            }
        }

        return groups;
    }

    private static int Letters(ReadOnlySpan<char> text, (int Start, int End, bool TightBefore) word)
    {
        var count = 0;
        for (var i = word.Start; i < word.End; i++)
        {
            if (!VietnameseLetters.IsCombiningMark(text[i]))
            {
                count++;
            }
        }

        return count;
    }

    private static bool IsSingleLetter(ReadOnlySpan<char> text, (int Start, int End, bool TightBefore) word) =>
        VietnameseLetters.Fold(text[word.Start]) != '\0';
}
