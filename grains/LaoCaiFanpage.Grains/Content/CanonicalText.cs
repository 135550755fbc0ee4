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

    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<char>.Shared.Return(_buffer);
            _buffer = [];
            if (Tokens.Capacity <= 4096)
            {
                // Reused by the next text on this thread (a comment is canonicalised for every check).
                t_tokens = Tokens;
            }
        }
    }

    [ThreadStatic]
    private static List<CanonicalToken>? t_tokens;

    /// <summary>Canonicalises a text; <paramref name="teencode"/> expands whole words (keys and values already canonical).</summary>
    public static CanonicalText Create(ReadOnlySpan<char> text, TeencodeTable? teencode = null)
    {
        var raw = t_raw ?? [];
        t_raw = null;
        var groups = t_groups ?? [];
        t_groups = null;
        raw.Clear();
        groups.Clear();
        RawWords(text, raw);
        Group(text, raw, groups);
        var buffer = ArrayPool<char>.Shared.Rent(text.Length * 2 + 16);
        var length = 0;
        buffer[length++] = ' ';
        var tokens = t_tokens ?? new List<CanonicalToken>(64);
        t_tokens = null;
        tokens.Clear();
        var marked = 0;
        var letterWords = 0;
        Span<char> word = stackalloc char[64];
        Span<char> respelled = stackalloc char[130];
        foreach (var (first, last) in groups)
        {
            var (start, end) = (raw[first].Start, raw[last].End);
            var wordLength = 0;
            var hasLetter = false;
            var isMarked = false;
            var evasive = first != last;
            for (var i = start; i < end && wordLength < word.Length - 2; i++)
            {
                var c = text[i];
                var folded = VietnameseLetters.Fold(c);
                if (folded != '\0')
                {
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
                    continue;
                }
                else
                {
                    // Only after a letter: "m4" is "ma", but "50k" is fifty thousand.
                    var leet = hasLetter ? Leet(c) : '\0';
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

                if (char.IsAsciiLetter(folded))
                {
                    hasLetter = true;
                    if (wordLength > 0 && word[wordLength - 1] == folded)
                    {
                        evasive = true;
                        continue;
                    }
                }

                word[wordLength++] = folded;
            }

            if (wordLength == 0)
            {
                continue;
            }

            ReadOnlySpan<char> canonical = word[..wordLength];
            var respelledLength = Respell(canonical, respelled);
            if (respelledLength >= 0)
            {
                canonical = respelled[..respelledLength];
                evasive = true;
            }

            if (teencode is not null && teencode.TryExpand(canonical, out var expanded))
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

        t_raw = raw;
        t_groups = groups;
        return new CanonicalText(buffer, length, tokens, marked, letterWords);
    }

    /// <summary>Canonicalises a lexicon entry to the form it is searched in (" ma tuy ").</summary>
    public static string Pattern(string term, TeencodeTable? teencode = null)
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

    /// <summary>
    /// Teencode spellings: Vietnamese has no f, j, w or z, so they stand for ph, gi, qu and d. Writes the
    /// respelled word and returns its length, or -1 when the word has none of them.
    /// </summary>
    private static int Respell(ReadOnlySpan<char> word, Span<char> output)
    {
        if (word.IndexOfAny("fjwz") < 0)
        {
            return -1;
        }

        var length = 0;
        for (var i = 0; i < word.Length; i++)
        {
            var c = word[i];
            switch (c)
            {
                case 'f':
                    output[length++] = 'p';
                    output[length++] = 'h';
                    break;
                case 'j' when i == 0:
                    output[length++] = 'g';
                    output[length++] = 'i';
                    break;
                case 'w' when i == 0:
                    output[length++] = 'q';
                    output[length++] = 'u';
                    break;
                case 'z' when i + 1 < word.Length && word[i + 1] == 'd':
                    break;
                case 'z':
                    output[length++] = 'd';
                    break;
                case 'd' when length > 0 && output[length - 1] == 'd':
                    break;
                default:
                    output[length++] = c;
                    break;
            }
        }

        return length;
    }

    [ThreadStatic]
    private static List<(int Start, int End, bool TightBefore)>? t_raw;

    [ThreadStatic]
    private static List<(int First, int Last)>? t_groups;

    private static void RawWords(ReadOnlySpan<char> text, List<(int Start, int End, bool TightBefore)> words)
    {
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
    }

    /// <summary>
    /// Which raw words form one word: a single letter glued to its neighbour ("m.a"), and runs of three or more
    /// single letters spread with spaces ("m a t u y").
    /// </summary>
    private static void Group(ReadOnlySpan<char> text, List<(int Start, int End, bool TightBefore)> raw, List<(int First, int Last)> groups)
    {
        var glued = t_glued ?? [];
        t_glued = null;
        glued.Clear();
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

        t_glued = glued;
    }

    [ThreadStatic]
    private static List<(int First, int Last)>? t_glued;

    private static int Letters(ReadOnlySpan<char> text, (int Start, int End, bool TightBefore) word)
    {
        if (word.End - word.Start > 4)
        {
            // Only "one letter or more" matters; a letter carries at most three combining marks.
            return word.End - word.Start;
        }

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
