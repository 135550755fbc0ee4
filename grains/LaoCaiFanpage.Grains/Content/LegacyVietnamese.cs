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
}

/// <summary>A legacy-encoded stretch found in a text, and the whole text converted to Unicode.</summary>
public sealed record LegacyFinding(LegacyEncoding Encoding, int Start, int Length, string Converted, int Words);

/// <summary>
/// Recognises and converts TCVN3, VNI and UTF-8 mojibake. Each word with non-ASCII characters is read both ways:
/// as Unicode and as the legacy encoding; a text is legacy when more of its words make Vietnamese syllables
/// decoded than as they stand ("TiÕng" is not a word, "Tiếng" is), so Unicode text is never "converted".
/// </summary>
public static class LegacyVietnamese
{
    private static readonly Dictionary<char, string> Tcvn3 = BuildTcvn3();

    private static readonly Encoding Windows1252 = CreateWindows1252();

    /// <summary>Every character Windows-1252 shows for the bytes 80–FF: what legacy text read that way is made of.</summary>
    private static readonly System.Buffers.SearchValues<char> Windows1252Upper =
        System.Buffers.SearchValues.Create(CreateWindows1252().GetString([.. Enumerable.Range(0x80, 0x80).Select(b => (byte)b)]).Replace("\uFFFD", string.Empty, StringComparison.Ordinal));

    private static readonly Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The legacy encoding the text is written in, with its conversion; null for Unicode (or plain ASCII) text.</summary>
    public static LegacyFinding? Detect(string text)
    {
        var best = (Encoding: default(LegacyEncoding), Votes: 0, Start: -1, End: -1);
        var votes = new int[3];
        var starts = new[] { -1, -1, -1 };
        var ends = new int[3];
        var unicodeVotes = 0;
        var readable = new List<(int Start, int Length)>();
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

            if (unicodeValid)
            {
                // Weighed below, only if some word reads better decoded.
                readable.Add((start, length));
                continue;
            }

            for (var e = 0; e < 3; e++)
            {
                if (Decode((LegacyEncoding)e, word) is { } decoded && AllSyllables(decoded))
                {
                    votes[e]++;
                    starts[e] = starts[e] < 0 ? start : starts[e];
                    ends[e] = start + length;
                }
            }
        }

        for (var e = 0; e < 3; e++)
        {
            if (votes[e] > best.Votes)
            {
                best = ((LegacyEncoding)e, votes[e], starts[e], ends[e]);
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
            for (var e = 0; e < 3 && !ambiguous; e++)
            {
                ambiguous = Decode((LegacyEncoding)e, word) is { } decoded && AllSyllables(decoded);
            }

            unicodeVotes += ambiguous ? 0 : 1;
        }

        if (best.Votes <= unicodeVotes)
        {
            return null;
        }

        return new LegacyFinding(best.Encoding, best.Start, best.End - best.Start, Convert(best.Encoding, text), best.Votes);
    }

    /// <summary>Converts a whole text from the given legacy encoding (ASCII passes through unchanged).</summary>
    public static string Convert(LegacyEncoding encoding, string text)
    {
        var builder = new StringBuilder(text.Length);
        var last = 0;
        foreach (var (start, length) in Words(text))
        {
            builder.Append(text, last, start - last);
            var word = text.AsSpan(start, length);
            builder.Append(HasNonAscii(word) ? Decode(encoding, word) ?? word.ToString() : word);
            last = start + length;
        }

        builder.Append(text, last, text.Length - last);
        return builder.ToString().Normalize(NormalizationForm.FormC);
    }

    /// <summary>One word decoded, or null when it cannot be in that encoding.</summary>
    public static string? Decode(LegacyEncoding encoding, ReadOnlySpan<char> word) => encoding switch
    {
        LegacyEncoding.Tcvn3 => DecodeTcvn3(word),
        LegacyEncoding.Vni => DecodeVni(word),
        _ => DecodeMojibake(word),
    };

    private static string? DecodeTcvn3(ReadOnlySpan<char> word)
    {
        var builder = new StringBuilder(word.Length);
        var upper = true;
        var asciiLetters = 0;
        foreach (var c in word)
        {
            if (c is >= 'a' and <= 'z')
            {
                upper = false;
            }

            if (char.IsAsciiLetter(c))
            {
                asciiLetters++;
            }

            if (c > 0x7F && !Tcvn3.ContainsKey(c))
            {
                return null;
            }

            builder.Append(Tcvn3.TryGetValue(c, out var letter) ? letter : c.ToString());
        }

        // TCVN3 has no capitals with tones: .VnTimeH fonts draw the lower-case codes as capitals.
        return upper && asciiLetters > 0 ? builder.ToString().ToUpperInvariant() : builder.ToString();
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
