using System.Buffers;
using System.Runtime.CompilerServices;

namespace LaoCaiFanpage.Grains.Content;

/// <summary>
/// One word of a <see cref="CanonicalText"/>: where it is in the canonical buffer and in the original text, and the
/// <see cref="WordHash"/> of its canonical form. A teencode word may stand for several (<paramref name="Compound"/>:
/// "ae" is "anh em"); its hash is then of no use and lookups hash each of its words themselves.
/// </summary>
public readonly record struct CanonicalToken(int CanonStart, int CanonLength, int OriginalStart, int OriginalLength, bool Marked, bool Evasive, int Hash, bool Compound)
{
    public int OriginalEnd => OriginalStart + OriginalLength;
}

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

    [ThreadStatic]
    private static Scratch? t_scratch;

    /// <summary>Canonicalises a text; <paramref name="teencode"/> expands whole words (keys and values already canonical).</summary>
    public static CanonicalText Create(ReadOnlySpan<char> text, TeencodeTable? teencode = null)
    {
        // Everything a text needs while it is read, kept by the thread (a comment is canonicalised for every check).
        var scratch = t_scratch ?? new Scratch();
        t_scratch = null;
        var tokens = t_tokens ?? new List<CanonicalToken>(64);
        t_tokens = null;
        tokens.Clear();
        var output = new Output(ArrayPool<char>.Shared.Rent(text.Length * 2 + 16), tokens, teencode, scratch.Respelled);
        if (!ReadWords(text, ref output, scratch.Word))
        {
            // Letters spread out or glued ("m.a t.u.y", "m a t u y"): read again, word groups first.
            output.Restart();
            var raw = scratch.Raw;
            raw.Clear();
            RawWords(text, raw);
            scratch.Groups.Clear();
            Group(raw, scratch.Glued, scratch.Groups);
            foreach (var (first, last) in scratch.Groups)
            {
                var (start, end) = (raw[first].Start, raw[last].End);
                var word = new WordReading(scratch.Word) { Evasive = first != last };
                foreach (var c in text[start..end])
                {
                    word.Read(c, CharInfoOf(c));
                }

                output.Write(word, start, end);
            }
        }

        t_scratch = scratch;
        return new CanonicalText(output.Buffer, output.Length, tokens, output.MarkedWords, output.LetterWords);
    }

    /// <summary>
    /// Reads the text word by word in one pass, writing each as it ends; false, having stopped, as soon as a word turns
    /// out to be glued to the one before or a third single letter in a row (then words must be grouped first).
    /// </summary>
    private static bool ReadWords(ReadOnlySpan<char> text, ref Output output, char[] buffer)
    {
        var start = -1;
        var letters = 0;
        var tight = true;
        var words = 0;
        var previousLetters = 0;
        var singleRun = 0;
        var word = new WordReading(buffer);
        for (var i = 0; i <= text.Length; i++)
        {
            var c = i < text.Length ? text[i] : ' ';
            var info = CharInfoOf(c);
            if ((info & WordChar) != 0)
            {
                if (start < 0)
                {
                    start = i;
                    letters = 0;
                    word = new WordReading(buffer);
                }

                letters += (info & CombiningMark) != 0 ? 0 : 1;
                word.Read(c, info);
                continue;
            }

            if (start >= 0)
            {
                var tightBefore = words > 0 && tight;
                var singleLetter = letters == 1 && IsLetter(text[start]);
                singleRun = singleLetter ? singleRun + 1 : 0;
                if ((tightBefore && (letters == 1 || previousLetters == 1)) || singleRun >= 3)
                {
                    return false;
                }

                previousLetters = letters;
                words++;
                output.Write(word, start, i);
                start = -1;
                tight = true;
            }

            tight &= (info & TightSeparator) != 0;
        }

        return true;
    }

    private static ushort CharInfoOf(char c) => c < CharInfo.Length ? CharInfo[c] : (ushort)0;

    /// <summary>
    /// One word as it is read, character by character: its bare letters and what the writer did to it. Small (the
    /// letters' buffer, a length, flags) so that the loops reading every character keep it in registers.
    /// </summary>
    private ref struct WordReading(char[] letters)
    {
        private const int HasLetterFlag = 1;
        private const int MarkedFlag = 2;
        private const int EvasiveFlag = 4;
        private const int TeenLettersFlag = 8;

        private readonly char[] _letters = letters;
        private int _flags;

        public int Length { get; private set; }

        public readonly bool HasLetter => (_flags & HasLetterFlag) != 0;

        public readonly bool Marked => (_flags & MarkedFlag) != 0;

        public bool Evasive
        {
            readonly get => (_flags & EvasiveFlag) != 0;
            set => _flags = value ? _flags | EvasiveFlag : _flags & ~EvasiveFlag;
        }

        /// <summary>Has f, j, w or z, which Vietnamese spells otherwise.</summary>
        public readonly bool TeenLetters => (_flags & TeenLettersFlag) != 0;

        public readonly ReadOnlySpan<char> Letters => _letters.AsSpan(0, Length);

        // Called for every character of every comment: inlined into the loops that read them.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Read(char c, ushort info)
        {
            var letters = _letters;
            var length = Length;
            if (length >= letters.Length - 2)
            {
                return;
            }

            char folded;
            if ((info & FoldsToLetter) != 0)
            {
                folded = (char)(info & FoldedLetter);
                _flags |= ((info & VietnameseMarked) != 0 ? MarkedFlag : 0) | ((info & LookAlike) != 0 ? EvasiveFlag : 0);
            }
            else if ((info & CombiningMark) != 0)
            {
                _flags |= MarkedFlag;
                return;
            }
            else if ((info & DigitOrSymbol) != 0)
            {
                // Only after a letter: "m4" is "ma", but "50k" is fifty thousand.
                var leet = HasLetter ? Leet(c) : '\0';
                if (leet != '\0')
                {
                    folded = leet;
                    _flags |= EvasiveFlag;
                }
                else
                {
                    if (char.IsAsciiDigit(c))
                    {
                        letters[length] = c;
                        Length = length + 1;
                    }

                    return;
                }
            }
            else
            {
                return;
            }

            _flags |= HasLetterFlag;
            if (length > 0 && letters[length - 1] == folded)
            {
                _flags |= EvasiveFlag;
                return;
            }

            _flags |= folded is 'f' or 'j' or 'w' or 'z' ? TeenLettersFlag : 0;
            letters[length] = folded;
            Length = length + 1;
        }
    }

    /// <summary>The canonical buffer and its tokens, as words are written to it.</summary>
    private struct Output(char[] buffer, List<CanonicalToken> tokens, TeencodeTable? teencode, char[] respelled)
    {
        public char[] Buffer { get; private set; } = buffer;

        public int Length { get; private set; } = Start(buffer);

        public int MarkedWords { get; private set; }

        public int LetterWords { get; private set; }

        public void Restart()
        {
            tokens.Clear();
            Length = Start(Buffer);
            MarkedWords = 0;
            LetterWords = 0;
        }

        public void Write(WordReading word, int start, int end)
        {
            if (word.Length == 0)
            {
                return;
            }

            var canonical = word.Letters;
            var evasive = word.Evasive;
            if (word.TeenLetters)
            {
                canonical = respelled.AsSpan(0, Respell(canonical, respelled));
                evasive = true;
            }

            var hash = WordHash.Of(canonical);
            var compound = false;
            if (teencode?.Expand(canonical, hash) is { } expanded)
            {
                canonical = expanded;
                evasive = true;
                compound = expanded.Contains(' ', StringComparison.Ordinal);
                hash = WordHash.Of(expanded);
            }

            if (Length + canonical.Length + 2 > Buffer.Length)
            {
                var larger = ArrayPool<char>.Shared.Rent(Buffer.Length * 2 + canonical.Length);
                Buffer.AsSpan(0, Length).CopyTo(larger);
                ArrayPool<char>.Shared.Return(Buffer);
                Buffer = larger;
            }

            canonical.CopyTo(Buffer.AsSpan(Length));
            tokens.Add(new CanonicalToken(Length, canonical.Length, start, end - start, word.Marked, evasive, hash, compound));
            Length += canonical.Length;
            Buffer[Length++] = ' ';
            if (word.HasLetter)
            {
                LetterWords++;
                if (word.Marked)
                {
                    MarkedWords++;
                }
            }
        }

        private static int Start(char[] buffer)
        {
            buffer[0] = ' ';
            return 1;
        }
    }

    /// <summary>Canonicalises a lexicon entry to the form it is searched in (" ma tuy ").</summary>
    public static string Pattern(string term, TeencodeTable? teencode = null)
    {
        using var canonical = Create(term, teencode);
        return canonical.Span.ToString();
    }

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

    /// <summary>
    /// Teencode spellings: Vietnamese has no f, j, w or z, so they stand for ph, gi, qu and d. Writes the
    /// respelled word and returns its length.
    /// </summary>
    private static int Respell(ReadOnlySpan<char> word, Span<char> output)
    {
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

    /// <summary>
    /// The raw words: runs of letters (also Cyrillic look-alikes), combining marks, digits and leet symbols, each
    /// with whether only tight separators stand between it and the one before, and how many letters it has.
    /// </summary>
    private static void RawWords(ReadOnlySpan<char> text, List<RawWord> words)
    {
        var start = -1;
        var letters = 0;
        var tight = true;
        for (var i = 0; i <= text.Length; i++)
        {
            var info = i < text.Length ? CharInfoOf(text[i]) : (ushort)0;
            if ((info & WordChar) != 0)
            {
                if (start < 0)
                {
                    start = i;
                    letters = 0;
                }

                letters += (info & CombiningMark) != 0 ? 0 : 1;
                continue;
            }

            if (start >= 0)
            {
                words.Add(new RawWord(start, i, words.Count > 0 && tight, letters, letters == 1 && IsLetter(text[start])));
                start = -1;
                tight = true;
            }

            tight &= (info & TightSeparator) != 0;
        }
    }

    private static bool IsLetter(char c) => VietnameseLetters.Fold(c) != '\0';

    /// <summary>
    /// Which raw words form one word: a single letter glued to its neighbour ("m.a"), and runs of three or more
    /// single letters spread with spaces ("m a t u y").
    /// </summary>
    private static void Group(List<RawWord> raw, List<(int First, int Last)> glued, List<(int First, int Last)> groups)
    {
        glued.Clear();
        for (var i = 0; i < raw.Count; i++)
        {
            if (glued.Count > 0 && raw[i].TightBefore && (raw[i].Letters == 1 || raw[glued[^1].Last].Letters == 1))
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
            while (run < glued.Count && glued[run].First == glued[run].Last && raw[glued[run].First].SingleLetter)
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
    }

    /// <summary>The lower-case ASCII letter a character folds to (<see cref="VietnameseLetters.Fold"/>).</summary>
    private const ushort FoldedLetter = 0x7F;

    /// <summary>A letter we fold ("ế", "D", Cyrillic "а").</summary>
    private const ushort FoldsToLetter = 0x80;

    /// <summary>A Vietnamese letter with a diacritic: the writer marks words.</summary>
    private const ushort VietnameseMarked = 0x100;

    /// <summary>A letter that folds but is not Vietnamese: a look-alike from another alphabet, a disguise.</summary>
    private const ushort LookAlike = 0x200;

    /// <summary>A combining mark (U+0300–U+036F): part of the letter before it, no letter of its own.</summary>
    private const ushort CombiningMark = 0x400;

    /// <summary>A digit, or a symbol read as a letter inside a word ("m@", "$ex").</summary>
    private const ushort DigitOrSymbol = 0x800;

    /// <summary>A separator that glues spread-out letters ("m.a", "t-u-y", "m*a").</summary>
    private const ushort TightSeparator = 0x1000;

    private const ushort WordChar = FoldsToLetter | CombiningMark | DigitOrSymbol;

    /// <summary>
    /// What each character below U+2000 is to a word, in one lookup: the letter it folds to and whether it is marked
    /// or a look-alike, a combining mark, a digit or leet symbol, or a separator and whether it glues. Above U+2000
    /// everything separates.
    /// </summary>
    private static readonly ushort[] CharInfo = BuildCharInfo();

    private static ushort[] BuildCharInfo()
    {
        var table = new ushort[0x2000];
        for (var code = 0; code < table.Length; code++)
        {
            var c = (char)code;
            var folded = VietnameseLetters.Fold(c);
            table[code] = VietnameseLetters.IsCombiningMark(c) ? CombiningMark
                : folded != '\0' ? (ushort)(folded | FoldsToLetter | (c <= 0x7F ? 0 : VietnameseLetters.IsVietnameseLetter(c) ? VietnameseMarked : LookAlike))
                : char.IsAsciiDigit(c) || c is '@' or '$' ? DigitOrSymbol
                : c is '.' or '-' or '_' or '*' or '\'' or '`' or '|' or '~' or '+' or ',' or '/' or '\\' ? TightSeparator
                : (ushort)0;
        }

        return table;
    }

    /// <param name="Letters">Characters other than combining marks.</param>
    /// <param name="SingleLetter">One letter (not a digit or a symbol).</param>
    private readonly record struct RawWord(int Start, int End, bool TightBefore, int Letters, bool SingleLetter);

    private sealed class Scratch
    {
        public List<RawWord> Raw { get; } = new(64);

        public List<(int First, int Last)> Glued { get; } = new(64);

        public List<(int First, int Last)> Groups { get; } = new(64);

        /// <summary>A word as it is read (at most 62 letters are kept).</summary>
        public char[] Word { get; } = new char[64];

        /// <summary>The word respelled: each letter may become two.</summary>
        public char[] Respelled { get; } = new char[130];
    }
}
