using System.Buffers;
using System.Text;

namespace LaoCaiFanpage.Grains.Content;

/// <summary>The old ways Vietnamese text reaches us that are not Unicode (TCVN 6909:2001).</summary>
public enum LegacyEncoding
{
    /// <summary>TCVN 5712 "ABC" (.VnTime fonts): one byte per letter, read as Windows-1252.</summary>
    Tcvn3,

    /// <summary>VNI-Windows fonts: the base letter followed by mark bytes.</summary>
    Vni,

    /// <summary>UTF-8 bytes decoded as Windows-1252 ("Viá»‡t").</summary>
    Utf8AsWindows1252,

    /// <summary>Windows-1258 (the Vietnamese Windows code page, tones as separate marks) decoded as Windows-1252 ("Viêòt").</summary>
    Windows1258AsWindows1252,
}

/// <summary>
/// A legacy-encoded stretch found in a text (<paramref name="Start"/>, <paramref name="Length"/>), the whole text
/// converted to Unicode, and <paramref name="Suggestion"/>: that stretch as it reads in <paramref name="Converted"/>.
/// </summary>
public sealed record LegacyFinding(LegacyEncoding Encoding, int Start, int Length, string Converted, int Words, string Suggestion);

/// <summary>
/// Recognises and converts TCVN3, VNI and the two mojibakes (UTF-8 and Windows-1258 read as Windows-1252). Each word with non-ASCII characters is read both ways:
/// as Unicode and as the legacy encoding; a text is legacy when more of its words make Vietnamese syllables
/// decoded than as they stand ("TiÕng" is not a word, "Tiếng" is), so Unicode text is never "converted".
/// </summary>
public static class LegacyVietnamese
{
    private static readonly LegacyEncoding[] Encodings = Enum.GetValues<LegacyEncoding>();

    private static readonly Dictionary<char, string> Tcvn3 = BuildTcvn3();

    private static readonly Encoding Windows1252 = CreateWindows1252();

    private static readonly Encoding Windows1258 = Encoding.GetEncoding(1258, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);

    /// <summary>Every character Windows-1252 shows for the bytes 80–FF: what legacy text read that way is made of.</summary>
    private static readonly SearchValues<char> Windows1252Upper =
        SearchValues.Create(CreateWindows1252().GetString([.. Enumerable.Range(0x80, 0x80).Select(b => (byte)b)]).Replace("\uFFFD", string.Empty, StringComparison.Ordinal));

    private static readonly Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The legacy encoding the text is written in, with its conversion; null for Unicode (or plain ASCII) text.</summary>
    public static LegacyFinding? Detect(string text)
    {
        var best = (Encoding: default(LegacyEncoding), Votes: 0, Start: -1, End: -1);
        var votes = new int[Encodings.Length];
        var starts = Enumerable.Repeat(-1, Encodings.Length).ToArray();
        var ends = new int[Encodings.Length];
        var unicodeVotes = 0;
        var readable = new List<(int Start, int Length)>();
        var legacyLooking = new List<(int Start, int Length)>();
        foreach (var (start, length) in Words(text))
        {
            var word = text.AsSpan(start, length);
            if (!HasNonAscii(word))
            {
                continue;
            }

            var unicodeValid = AllSyllables(word);
            if (word.IndexOfAny(Windows1252Upper) < 0)
            {
                // Nothing a Windows-1252 reading can produce: Unicode as it stands.
                unicodeVotes += unicodeValid ? 1 : 0;
                continue;
            }

            legacyLooking.Add((start, length));
            if (unicodeValid)
            {
                // Weighed below, only if some word reads better decoded.
                readable.Add((start, length));
                continue;
            }

            for (var e = 0; e < Encodings.Length; e++)
            {
                if (Decode(Encodings[e], word) is { } decoded && AllSyllables(decoded))
                {
                    votes[e]++;
                    starts[e] = starts[e] < 0 ? start : starts[e];
                    ends[e] = start + length;
                }
            }
        }

        var support = new int[Encodings.Length];
        var mostVotes = votes.Max();
        if (mostVotes > 0 && votes.Count(v => v == mostVotes) > 1)
        {
            // A tie ("Ðm" is TCVN3's "ém", "xaÞ" Windows-1258's "xã"): the reading that makes more of the
            // text's words Vietnamese, counting those that read as Unicode too, is the one the writer used.
            foreach (var (start, length) in legacyLooking)
            {
                for (var e = 0; e < Encodings.Length; e++)
                {
                    support[e] += Decode(Encodings[e], text.AsSpan(start, length)) is { } decoded && AllSyllables(decoded) ? 1 : 0;
                }
            }
        }

        var bestSupport = 0;
        for (var e = 0; e < Encodings.Length; e++)
        {
            if (votes[e] > best.Votes || (votes[e] == best.Votes && votes[e] > 0 && support[e] > bestSupport))
            {
                best = (Encodings[e], votes[e], starts[e], ends[e]);
                bestSupport = support[e];
            }
        }

        if (best.Votes == 0)
        {
            // The usual case: Unicode text, decided without decoding anything.
            return null;
        }

        foreach (var (start, length) in readable)
        {
            // A word that reads the same both ways ("tuý" in TCVN3) is evidence for neither.
            var word = text.AsSpan(start, length);
            var ambiguous = false;
            for (var e = 0; e < Encodings.Length && !ambiguous; e++)
            {
                ambiguous = Decode(Encodings[e], word) is { } decoded && AllSyllables(decoded);
            }

            unicodeVotes += ambiguous ? 0 : 1;
        }

        if (best.Votes <= unicodeVotes)
        {
            return null;
        }

        var converted = Convert(best.Encoding, text, best.Start, best.End, out var suggestionStart, out var suggestionEnd);
        return new LegacyFinding(best.Encoding, best.Start, best.End - best.Start, converted, best.Votes,
            converted[suggestionStart..suggestionEnd]);
    }

    /// <summary>Converts a whole text from the given legacy encoding (ASCII passes through unchanged).</summary>
    public static string Convert(LegacyEncoding encoding, string text) => Convert(encoding, text, 0, text.Length, out _, out _);

    /// <summary>
    /// Converts a whole text and says where the stretch [<paramref name="from"/>, <paramref name="to"/>) of it (word
    /// boundaries) lies in the result, so a suggestion for a stretch is always a piece of the conversion.
    /// </summary>
    private static string Convert(LegacyEncoding encoding, string text, int from, int to, out int convertedFrom, out int convertedTo)
    {
        var words = Words(text);
        var upper = encoding == LegacyEncoding.Tcvn3 ? Tcvn3Capitals(text, words) : null;
        var builder = new StringBuilder(text.Length);
        var last = 0;
        convertedFrom = from == 0 ? 0 : -1;
        convertedTo = -1;
        for (var w = 0; w < words.Count; w++)
        {
            var (start, length) = words[w];
            builder.Append(text, last, start - last);
            convertedFrom = convertedFrom < 0 && start >= from ? builder.Length : convertedFrom;
            var word = text.AsSpan(start, length);
            var decoded = !HasNonAscii(word) ? null
                : upper is not null ? DecodeTcvn3(word, upper[w])
                : Decode(encoding, word);
            builder.Append(decoded is null ? word : decoded.Normalize(NormalizationForm.FormC));
            last = start + length;
            convertedTo = convertedTo < 0 && last >= to ? builder.Length : convertedTo;
        }

        builder.Append(text, last, text.Length - last);
        convertedFrom = convertedFrom < 0 ? builder.Length : convertedFrom;
        convertedTo = convertedTo < 0 ? builder.Length : convertedTo;
        return builder.ToString();
    }

    /// <summary>One word decoded, or null when it cannot be in that encoding.</summary>
    public static string? Decode(LegacyEncoding encoding, ReadOnlySpan<char> word) => encoding switch
    {
        LegacyEncoding.Tcvn3 => DecodeTcvn3(word, Tcvn3CaseOf(word) == WordCase.Upper),
        LegacyEncoding.Vni => DecodeVni(word),
        LegacyEncoding.Windows1258AsWindows1252 => DecodeWindows1258(word),
        _ => DecodeMojibake(word),
    };

    private enum WordCase
    {
        Unknown,
        Lower,
        Upper,
    }

    /// <summary>
    /// What a TCVN3 word's own letters say about its case. TCVN3 has no capitals with tones: a heading is set in the
    /// .VnTimeH font, which draws the lower-case toned codes as capitals, while its plain letters (and Ă Â Ê Ô Ơ Ư Đ,
    /// which have capital codes) are typed as capitals. So a lower-case ASCII letter means mixed text, two capitals
    /// mean a capitalised word, and one capital ("Hµ" — Hà or HÀ) or none ("ë" — ở or Ở) leaves it to the neighbours.
    /// </summary>
    private static WordCase Tcvn3CaseOf(ReadOnlySpan<char> word)
    {
        var capitals = 0;
        foreach (var c in word)
        {
            if (c is >= 'a' and <= 'z')
            {
                return WordCase.Lower;
            }

            capitals += c is >= 'A' and <= 'Z' or >= '\u00A1' and <= '\u00A7' ? 1 : 0;
        }

        return capitals >= 2 ? WordCase.Upper : WordCase.Unknown;
    }

    /// <summary>
    /// Which words of a TCVN3 text are drawn in capitals: those whose letters say so, and an undecided word whose
    /// nearest decided neighbours on its line are all capitalised (a heading), never one beside mixed-case text.
    /// An abbreviation ("UBND", "TB") is capitalised without making its line a heading ("Sè: 125/TB-UBND" is "Số").
    /// </summary>
    private static bool[] Tcvn3Capitals(string text, List<(int Start, int Length)> words)
    {
        var own = words.Select(w => Tcvn3CaseOf(text.AsSpan(w.Start, w.Length))).ToArray();
        var cases = own.Select((c, w) => c == WordCase.Upper && !IsSyllable(words[w]) ? WordCase.Unknown : c).ToArray();
        var lines = new int[words.Count];
        for (int w = 0, line = 0, position = 0; w < words.Count; w++)
        {
            line += text.AsSpan(position, words[w].Start - position).Count('\n');
            position = words[w].Start;
            lines[w] = line;
        }

        var upper = new bool[words.Count];
        for (var w = 0; w < words.Count; w++)
        {
            if (own[w] != WordCase.Unknown)
            {
                upper[w] = own[w] == WordCase.Upper;
                continue;
            }

            var before = Neighbour(w, -1);
            var after = Neighbour(w, +1);
            upper[w] = (before, after) is not (WordCase.Unknown, WordCase.Unknown)
                && before != WordCase.Lower && after != WordCase.Lower;
        }

        return upper;

        WordCase Neighbour(int w, int step)
        {
            for (var n = w + step; n >= 0 && n < words.Count && lines[n] == lines[w]; n += step)
            {
                if (cases[n] != WordCase.Unknown)
                {
                    return cases[n];
                }
            }

            return WordCase.Unknown;
        }

        bool IsSyllable((int Start, int Length) word) =>
            DecodeTcvn3(text.AsSpan(word.Start, word.Length), upper: false) is { } decoded
            && VietnameseSyllables.IsVietnameseWord(decoded.ToLowerInvariant());
    }

    private static string? DecodeTcvn3(ReadOnlySpan<char> word, bool upper)
    {
        var builder = new StringBuilder(word.Length);
        foreach (var c in word)
        {
            if (c > 0x7F && !Tcvn3.ContainsKey(c))
            {
                return null;
            }

            builder.Append(Tcvn3.TryGetValue(c, out var letter) ? letter : c.ToString());
        }

        return upper ? builder.ToString().ToUpperInvariant() : builder.ToString();
    }

    private static string? DecodeVni(ReadOnlySpan<char> word)
    {
        var builder = new StringBuilder(word.Length + 4);
        var lastVowel = -1;
        foreach (var c in word)
        {
            var lower = char.ToLowerInvariant(c);
            var upper = c != lower;
            switch (lower)
            {
                case 'ñ':
                    builder.Append(upper ? 'Đ' : 'đ');
                    lastVowel = -1;
                    continue;
                case 'ô':
                    builder.Append(upper ? 'Ơ' : 'ơ');
                    lastVowel = builder.Length - 1;
                    continue;
                case 'ö':
                    builder.Append(upper ? 'Ư' : 'ư');
                    lastVowel = builder.Length - 1;
                    continue;
                case 'í' or 'ì' or 'æ' or 'ó' or 'ò':
                    builder.Append(upper ? 'I' : 'i').Append(lower switch { 'í' => '\u0301', 'ì' => '\u0300', 'æ' => '\u0309', 'ó' => '\u0303', _ => '\u0323' });
                    lastVowel = -1;
                    continue;
            }

            if (VniMarks(lower) is { } marks)
            {
                var vowel = lastVowel >= 0 ? char.ToLowerInvariant(builder[lastVowel]) : '\0';
                var allowed = marks.Quality switch
                {
                    '\u0302' => vowel is 'a' or 'e' or 'o',
                    '\u0306' => vowel == 'a',
                    _ => vowel is 'a' or 'e' or 'i' or 'o' or 'u' or 'y' or 'ơ' or 'ư',
                };
                if (!allowed)
                {
                    return null;
                }

                if (marks.Quality != '\0')
                {
                    builder.Append(marks.Quality);
                }

                if (marks.Tone != '\0')
                {
                    builder.Append(marks.Tone);
                }

                lastVowel = -1;
                continue;
            }

            if (c > 0x7F)
            {
                return null;
            }

            builder.Append(c);
            lastVowel = "aeiouyAEIOUY".Contains(c) ? builder.Length - 1 : -1;
        }

        return builder.ToString().Normalize(NormalizationForm.FormC);
    }

    /// <summary>The combining marks a VNI mark byte adds: a quality mark (circumflex or breve) and/or a tone.</summary>
    private static (char Quality, char Tone)? VniMarks(char lower) => lower switch
    {
        'ù' => ('\0', '\u0301'),
        'ø' => ('\0', '\u0300'),
        'û' => ('\0', '\u0309'),
        'õ' => ('\0', '\u0303'),
        'ï' => ('\0', '\u0323'),
        'â' => ('\u0302', '\0'),
        'á' => ('\u0302', '\u0301'),
        'à' => ('\u0302', '\u0300'),
        'å' => ('\u0302', '\u0309'),
        'ã' => ('\u0302', '\u0303'),
        'ä' => ('\u0302', '\u0323'),
        'ê' => ('\u0306', '\0'),
        'é' => ('\u0306', '\u0301'),
        'è' => ('\u0306', '\u0300'),
        'ú' => ('\u0306', '\u0309'),
        'ü' => ('\u0306', '\u0303'),
        'ë' => ('\u0306', '\u0323'),
        _ => null,
    };

    /// <summary>
    /// A word typed in Windows-1258 and read as Windows-1252: the same bytes read as 1258 give the letters and the
    /// separate tone marks (Ì ì Ò Þ ò stand for the grave, acute, hook, tilde and dot below).
    /// </summary>
    private static string? DecodeWindows1258(ReadOnlySpan<char> word)
    {
        try
        {
            return Windows1258.GetString(Windows1252.GetBytes(word.ToArray())).Normalize(NormalizationForm.FormC);
        }
        catch (Exception ex) when (ex is EncoderFallbackException or DecoderFallbackException or ArgumentException)
        {
            return null;
        }
    }

    private static string? DecodeMojibake(ReadOnlySpan<char> word)
    {
        try
        {
            var bytes = Windows1252.GetBytes(word.ToArray());
            return StrictUtf8.GetString(bytes);
        }
        catch (Exception ex) when (ex is EncoderFallbackException or DecoderFallbackException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>Words for detection: runs between white space and ASCII punctuation (legacy letters such as "¸" or "÷" are not letters to .NET).</summary>
    private static List<(int Start, int Length)> Words(string text)
    {
        var words = new List<(int, int)>();
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            // "à" in UTF-8 is C3 A0: read as Windows-1252 that is "Ã" and a no-break space, which belongs to the word.
            var boundary = i == text.Length
                || (char.IsWhiteSpace(text[i]) && !(text[i] == '\u00A0' && i > 0 && text[i - 1] > 0x7F))
                || (text[i] <= 0x7F && !char.IsAsciiLetterOrDigit(text[i]));
            if (boundary)
            {
                if (start >= 0)
                {
                    words.Add((start, i - start));
                    start = -1;
                }
            }
            else if (start < 0)
            {
                start = i;
            }
        }

        return words;
    }

    /// <summary>True when every letter run of the word is a Vietnamese syllable (digits may sit between them).</summary>
    private static bool AllSyllables(ReadOnlySpan<char> word)
    {
        var any = false;
        var start = -1;
        for (var i = 0; i <= word.Length; i++)
        {
            var letter = i < word.Length && (char.IsLetter(word[i]) || VietnameseLetters.IsCombiningMark(word[i]) || (word[i] > 0x7F && !char.IsDigit(word[i]) && word[i] != '\u00A0'));
            if (letter)
            {
                start = start < 0 ? i : start;
                continue;
            }

            if (start >= 0)
            {
                var run = word[start..i];
                if (run.IndexOfAnyInRange('\u0300', '\u036F') >= 0)
                {
                    run = run.ToString().Normalize(NormalizationForm.FormC);
                }

                if (!VietnameseSyllables.IsVietnameseWord(run))
                {
                    return false;
                }

                any = true;
                start = -1;
            }
        }

        return any;
    }

    private static bool HasNonAscii(ReadOnlySpan<char> word)
    {
        foreach (var c in word)
        {
            if (c > 0x7F)
            {
                return true;
            }
        }

        return false;
    }

    private static Encoding CreateWindows1252()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(1252, EncoderFallback.ExceptionFallback, DecoderFallback.ReplacementFallback);
    }

    private static Dictionary<char, string> BuildTcvn3()
    {
        var table = new Dictionary<char, string>
        {
            ['\u00A8'] = "ă", ['\u00A9'] = "â", ['\u00AA'] = "ê", ['\u00AB'] = "ô", ['\u00AC'] = "ơ", ['\u00AD'] = "ư", ['\u00AE'] = "đ",
            ['\u00A1'] = "Ă", ['\u00A2'] = "Â", ['\u00A3'] = "Ê", ['\u00A4'] = "Ô", ['\u00A5'] = "Ơ", ['\u00A6'] = "Ư", ['\u00A7'] = "Đ",
        };

        // Rows of the TCVN3 table: the vowel, then its codes for huyền, hỏi, ngã, sắc, nặng.
        (string Vowel, int[] Codes)[] rows =
        [
            ("a", [0xB5, 0xB6, 0xB7, 0xB8, 0xB9]),
            ("ă", [0xBB, 0xBC, 0xBD, 0xBE, 0xC6]),
            ("â", [0xC7, 0xC8, 0xC9, 0xCA, 0xCB]),
            ("e", [0xCC, 0xCE, 0xCF, 0xD0, 0xD1]),
            ("ê", [0xD2, 0xD3, 0xD4, 0xD5, 0xD6]),
            ("i", [0xD7, 0xD8, 0xDC, 0xDD, 0xDE]),
            ("o", [0xDF, 0xE1, 0xE2, 0xE3, 0xE4]),
            ("ô", [0xE5, 0xE6, 0xE7, 0xE8, 0xE9]),
            ("ơ", [0xEA, 0xEB, 0xEC, 0xED, 0xEE]),
            ("u", [0xEF, 0xF1, 0xF2, 0xF3, 0xF4]),
            ("ư", [0xF5, 0xF6, 0xF7, 0xF8, 0xF9]),
            ("y", [0xFA, 0xFB, 0xFC, 0xFD, 0xFE]),
        ];
        const string tones = "\u0300\u0309\u0303\u0301\u0323";
        foreach (var (vowel, codes) in rows)
        {
            for (var t = 0; t < 5; t++)
            {
                table[(char)codes[t]] = (vowel + tones[t]).Normalize(NormalizationForm.FormC);
            }
        }

        return table;
    }
}
