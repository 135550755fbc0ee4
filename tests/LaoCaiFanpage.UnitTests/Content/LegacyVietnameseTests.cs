using System.Text;
using LaoCaiFanpage.Grains.Content;

namespace LaoCaiFanpage.UnitTests.Content;

/// <summary>
/// TCVN3, VNI and UTF-8 mojibake: the whole alphabet round-trips, real sentences are recognised in each encoding,
/// and Unicode text is never taken for a legacy one. The encoders here are written from the published code
/// tables, independently of the decoder under test.
/// </summary>
public sealed class LegacyVietnameseTests
{
    private const string Tones = "\u0300\u0309\u0303\u0301\u0323"; // huyền, hỏi, ngã, sắc, nặng — TCVN3's column order
    private static readonly string[] Vowels = ["a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y"];

    /// <summary>Every vowel with every tone (72), plus the untoned ones: the lower-case Vietnamese vowels.</summary>
    public static IEnumerable<string> AllVowels() =>
        Vowels.SelectMany(v => new[] { v }.Concat(Tones.Select(t => (v + t).Normalize(NormalizationForm.FormC))));

    [Fact]
    public void Tcvn3_round_trips_every_letter_in_lower_case_and_in_all_capital_words()
    {
        var letters = AllVowels().Append("đ").ToList();
        Assert.Equal(73, letters.Count);
        foreach (var letter in letters)
        {
            var word = "b" + letter + "n";
            Assert.Equal(word, LegacyVietnamese.Convert(LegacyEncoding.Tcvn3, EncodeTcvn3(word)));

            // .VnTimeH: the lower-case codes drawn as capitals, in a word of capitals.
            var upper = word.ToUpperInvariant();
            Assert.Equal(upper, LegacyVietnamese.Convert(LegacyEncoding.Tcvn3, EncodeTcvn3(upper)));
        }

        foreach (var capital in new[] { "Ă", "Â", "Ê", "Ô", "Ơ", "Ư", "Đ" })
        {
            var word = capital + "n";
            Assert.Equal(word, LegacyVietnamese.Convert(LegacyEncoding.Tcvn3, EncodeTcvn3(word)));
        }
    }

    [Fact]
    public void Vni_round_trips_all_134_vowels_and_d_in_both_cases()
    {
        var letters = AllVowels().SelectMany(v => new[] { v, v.ToUpperInvariant() }).Concat(["đ", "Đ"]).ToList();
        Assert.Equal(146, letters.Count);
        foreach (var letter in letters)
        {
            var word = "t" + letter + "n";
            Assert.Equal(word, LegacyVietnamese.Convert(LegacyEncoding.Vni, EncodeVni(word)));
        }
    }

    [Fact]
    public void Utf8_read_as_windows_1252_round_trips_every_letter()
    {
        foreach (var letter in AllVowels().SelectMany(v => new[] { v, v.ToUpperInvariant() }).Concat(["đ", "Đ"]))
        {
            var word = "t" + letter + "n";
            Assert.Equal(word, LegacyVietnamese.Convert(LegacyEncoding.Utf8AsWindows1252, Mojibake(word)));
        }
    }

    [Fact]
    public void Windows_1258_read_as_windows_1252_round_trips_every_letter()
    {
        foreach (var letter in AllVowels().SelectMany(v => new[] { v, v.ToUpperInvariant() }).Concat(["đ", "Đ"]))
        {
            var word = "t" + letter + "n";
            Assert.Equal(word, LegacyVietnamese.Convert(LegacyEncoding.Windows1258AsWindows1252, Windows1258AsWindows1252(word)));
        }
    }

    [Theory]
    [InlineData("TiÕng ViÖt cã 29 ch÷ c¸i", "Tcvn3")]
    [InlineData("Tiêìng Viêòt coì 29 chýÞ caìi", "Windows1258AsWindows1252")]
    [InlineData("Tieáng Vieät coù 29 chöõ caùi", "Vni")]
    [InlineData("Tiáº¿ng Viá»‡t cÃ³ 29 chá»¯ cÃ¡i", "Utf8AsWindows1252")]
    public void The_reference_examples_are_recognised_and_converted(string text, string encoding)
    {
        var finding = LegacyVietnamese.Detect(text);
        Assert.NotNull(finding);
        Assert.Equal(encoding, finding.Encoding.ToString());
        Assert.Equal("Tiếng Việt có 29 chữ cái", finding.Converted);
    }

    [Fact]
    public void Every_corpus_sentence_is_unicode_and_is_recognised_in_each_legacy_encoding()
    {
        var sentences = ProhibitedCorpusTests.Corpus().Select(c => c.Text).Where(t => VietnameseLetters.HasMarks(t)).ToList();
        Assert.True(sentences.Count > 150);
        foreach (var sentence in sentences)
        {
            Assert.Null(LegacyVietnamese.Detect(sentence));

            // A sentence whose only marked letters are VNI's single codes (ì, í) reads the same in both: nothing to find.
            if (EncodeVni(sentence) != sentence)
            {
                var vni = LegacyVietnamese.Detect(EncodeVni(sentence));
                Assert.True(vni is { Encoding: LegacyEncoding.Vni }, "VNI not recognised: " + sentence);
                Assert.Equal(sentence, vni.Converted);
            }

            // Windows-1258 keeps Latin-1's à, á, é…, so few words of a short sentence change, and one changed word
            // can read as a Unicode spelling too ("dụng" becomes "duòng"): ask for two changed words, as any document has.
            var changed = sentence.Split(' ').Zip(Windows1258AsWindows1252(sentence).Split(' ')).Count(p => p.First != p.Second);
            if (changed >= 2)
            {
                var cp1258 = LegacyVietnamese.Detect(Windows1258AsWindows1252(sentence));
                Assert.True(cp1258 is { Encoding: LegacyEncoding.Windows1258AsWindows1252 }, "Windows-1258 not recognised: " + sentence);
                Assert.Equal(sentence, cp1258.Converted);
            }

            var mojibake = LegacyVietnamese.Detect(Mojibake(sentence));
            Assert.True(mojibake is { Encoding: LegacyEncoding.Utf8AsWindows1252 }, "mojibake not recognised: " + sentence);
            Assert.Equal(sentence, mojibake.Converted);

            // TCVN3 cannot write a capital with a tone: compare in lower case.
            var lower = sentence.ToLowerInvariant();
            var tcvn3 = LegacyVietnamese.Detect(EncodeTcvn3(lower));
            Assert.True(tcvn3 is { Encoding: LegacyEncoding.Tcvn3 }, "TCVN3 not recognised: " + lower);
            Assert.Equal(lower, tcvn3.Converted);
        }
    }

    /// <summary>A notice as the Office typed them before Unicode: headings in capitals, names in title case, abbreviations.</summary>
    private const string OfficialNotice = """
        UỶ BAN NHÂN DÂN
        TỈNH LÀO CAI
        CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM
        Độc lập - Tự do - Hạnh phúc
        Số: 125/TB-UBND
        Lào Cai, ngày 15 tháng 3 năm 2005
        THÔNG BÁO
        VỀ VIỆC TIẾP NHẬN Ý KIẾN CỦA NHÂN DÂN
        Uỷ ban nhân dân tỉnh Lào Cai thông báo: Bà Lê Thị Hà, ông Đỗ Văn Bé và các hộ dân xã Bản Lầu đã gửi ý kiến về tuyến đường ĐT 156 đoạn qua thôn Cốc Cái.
        Sở Giao thông vận tải chủ trì, phối hợp với Sở Tài chính trả lời trước ngày 20/3/2005.
        Nơi nhận:
        - Như trên;
        - Lưu: VT, KT.
        KT. CHỦ TỊCH
        PHÓ CHỦ TỊCH
        Nguyễn Văn Hùng
        """;

    public static TheoryData<string, string> LegacyNotices() => new()
    {
        { EncodeTcvn3(OfficialNotice), "Tcvn3" },
        { EncodeVni(OfficialNotice), "Vni" },
        { Windows1258AsWindows1252(OfficialNotice), "Windows1258AsWindows1252" },
        { Mojibake(OfficialNotice), "Utf8AsWindows1252" },
    };

    [Theory]
    [MemberData(nameof(LegacyNotices))]
    public void A_whole_notice_comes_back_as_it_was_written_headings_names_and_abbreviations(string legacy, string encoding)
    {
        var finding = LegacyVietnamese.Detect(legacy);
        Assert.NotNull(finding);
        Assert.Equal(encoding, finding.Encoding.ToString());
        Assert.Equal(OfficialNotice, finding.Converted);
        Assert.Equal(finding.Converted, LegacyVietnamese.Convert(finding.Encoding, legacy));
    }

    [Theory]
    [InlineData("Hµ Néi lµ thñ ®«", "Hà Nội là thủ đô")]
    [InlineData("Bµ Lª ThÞ Hµ, «ng §ç V¨n BÐ", "Bà Lê Thị Hà, ông Đỗ Văn Bé")]
    [InlineData("Uû BAN NH¢N D¢N TØNH LµO CAI", "UỶ BAN NHÂN DÂN TỈNH LÀO CAI")]
    [InlineData("VÒ VIÖC TIÕP NHËN ý KIÕN", "VỀ VIỆC TIẾP NHẬN Ý KIẾN")]
    [InlineData("Sè: 125/TB-UBND", "Số: 125/TB-UBND")]
    [InlineData("TH¤NG B¸O\nVÒ viÖc tiÕp nhËn", "THÔNG BÁO\nVề việc tiếp nhận")]
    public void Tcvn3_case_follows_the_surrounding_text(string tcvn3, string expected)
    {
        Assert.Equal(expected, LegacyVietnamese.Convert(LegacyEncoding.Tcvn3, tcvn3));
    }

    [Fact]
    public void The_suggestion_is_the_conversion_of_the_stretch_to_its_last_word_even_after_decomposed_text()
    {
        // Decomposed Unicode before the legacy stretch: the check normalises first, and its offsets are the normalised text's.
        var text = "Tiếng Việt".Normalize(NormalizationForm.FormD) + " — " + EncodeTcvn3("Bà Hà hỏi về thủ tục cấp sổ đỏ");
        var check = new ContentRules(new ProhibitedContentFilter(ProhibitedLexicon.Load())).Check(text);

        Assert.Equal("Tiếng Việt — Bà Hà hỏi về thủ tục cấp sổ đỏ", check.Converted);
        var issue = Assert.Single(check.Issues, i => i.Kind == ContentIssueKinds.LegacyEncoding);
        Assert.Equal("Bà Hà hỏi về thủ tục cấp sổ đỏ", issue.Suggestion);
        Assert.Equal(check.Normalized.Length, issue.Start + issue.Length);
    }

    [Theory]
    [InlineData("Cà phê và bánh mì Lào Cai")]
    [InlineData("Café crème brûlée at the Sa Pa hotel")]
    [InlineData("Tôi có câu hỏi về thủ tục")]
    [InlineData("Señor Müller visited Bắc Hà")]
    [InlineData("plain ASCII text 123")]
    [InlineData("có")]
    public void Unicode_and_foreign_text_is_left_alone(string text) => Assert.Null(LegacyVietnamese.Detect(text));

    /// <summary>TCVN3 as Windows-1252 characters, from the code table (lower-case codes for toned capitals).</summary>
    public static string EncodeTcvn3(string text)
    {
        var special = new Dictionary<char, char>
        {
            ['ă'] = '\u00A8', ['â'] = '\u00A9', ['ê'] = '\u00AA', ['ô'] = '\u00AB', ['ơ'] = '\u00AC', ['ư'] = '\u00AD', ['đ'] = '\u00AE',
            ['Ă'] = '\u00A1', ['Â'] = '\u00A2', ['Ê'] = '\u00A3', ['Ô'] = '\u00A4', ['Ơ'] = '\u00A5', ['Ư'] = '\u00A6', ['Đ'] = '\u00A7',
        };
        var codes = new Dictionary<string, int[]>
        {
            ["a"] = [0xB5, 0xB6, 0xB7, 0xB8, 0xB9], ["ă"] = [0xBB, 0xBC, 0xBD, 0xBE, 0xC6], ["â"] = [0xC7, 0xC8, 0xC9, 0xCA, 0xCB],
            ["e"] = [0xCC, 0xCE, 0xCF, 0xD0, 0xD1], ["ê"] = [0xD2, 0xD3, 0xD4, 0xD5, 0xD6], ["i"] = [0xD7, 0xD8, 0xDC, 0xDD, 0xDE],
            ["o"] = [0xDF, 0xE1, 0xE2, 0xE3, 0xE4], ["ô"] = [0xE5, 0xE6, 0xE7, 0xE8, 0xE9], ["ơ"] = [0xEA, 0xEB, 0xEC, 0xED, 0xEE],
            ["u"] = [0xEF, 0xF1, 0xF2, 0xF3, 0xF4], ["ư"] = [0xF5, 0xF6, 0xF7, 0xF8, 0xF9], ["y"] = [0xFA, 0xFB, 0xFC, 0xFD, 0xFE],
        };
        var builder = new StringBuilder();
        foreach (var c in text.Normalize(NormalizationForm.FormC))
        {
            if (special.TryGetValue(c, out var code))
            {
                builder.Append(code);
                continue;
            }

            var (vowel, tone) = Split(char.ToLowerInvariant(c));
            builder.Append(tone < 0 ? c : (char)codes[vowel][tone]);
        }

        return builder.ToString();
    }

    /// <summary>VNI-Windows as Windows-1252 characters: base letters followed by mark bytes.</summary>
    public static string EncodeVni(string text)
    {
        const string toneMarks = "øûõùï";       // huyền hỏi ngã sắc nặng after a plain vowel, ơ or ư
        const string circumflex = "àåãáä";      // with â ê ô
        const string breve = "èúüéë";           // with ă
        const string iTones = "ìæóíò";          // i takes single codes
        var builder = new StringBuilder();
        foreach (var c in text.Normalize(NormalizationForm.FormC))
        {
            var upper = char.IsUpper(c);
            string Case(string s) => upper ? s.ToUpperInvariant() : s;
            if (char.ToLowerInvariant(c) == 'đ')
            {
                builder.Append(upper ? 'Ñ' : 'ñ');
                continue;
            }

            var (vowel, tone) = Split(char.ToLowerInvariant(c));
            if (vowel.Length == 0 || (tone < 0 && vowel is "a" or "e" or "i" or "o" or "u" or "y"))
            {
                builder.Append(c);
                continue;
            }

            var encoded = vowel switch
            {
                "i" => iTones[tone].ToString(),
                "â" or "ê" or "ô" => vowel switch { "â" => "a", "ê" => "e", _ => "o" } + (tone < 0 ? "â" : circumflex[tone].ToString()),
                "ă" => "a" + (tone < 0 ? "ê" : breve[tone].ToString()),
                "ơ" => "ô" + (tone < 0 ? string.Empty : toneMarks[tone].ToString()),
                "ư" => "ö" + (tone < 0 ? string.Empty : toneMarks[tone].ToString()),
                _ => vowel + toneMarks[tone],
            };
            builder.Append(Case(encoded));
        }

        return builder.ToString();
    }

    /// <summary>
    /// Text typed in Windows-1258 shown as Windows-1252 characters. The Vietnamese code page has Latin-1's toned
    /// letters that it kept and the letters with a quality mark; any other tone is a mark byte after its letter.
    /// </summary>
    public static string Windows1258AsWindows1252(string text)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var cp1258 = Encoding.GetEncoding(1258, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
        var toneBytes = new Dictionary<char, byte> { ['\u0300'] = 0xCC, ['\u0301'] = 0xEC, ['\u0309'] = 0xD2, ['\u0303'] = 0xDE, ['\u0323'] = 0xF2 };
        var bytes = new List<byte>();
        foreach (var c in text.Normalize(NormalizationForm.FormC))
        {
            if (Single(c.ToString()) is { } direct)
            {
                bytes.Add(direct);
                continue;
            }

            // The dot below sorts before the circumflex in NFD ("ộ" is o, dot, circumflex): take the tone out wherever it is.
            var decomposed = c.ToString().Normalize(NormalizationForm.FormD);
            var tone = decomposed.Single(toneBytes.ContainsKey);
            var letter = decomposed.Replace(tone.ToString(), string.Empty, StringComparison.Ordinal).Normalize(NormalizationForm.FormC);
            bytes.Add(Single(letter) ?? throw new ArgumentException($"'{c}' has no Windows-1258 form"));
            bytes.Add(toneBytes[tone]);
        }

        return Encoding.GetEncoding(1252).GetString([.. bytes]);

        byte? Single(string letter)
        {
            try
            {
                var encoded = cp1258.GetBytes(letter);
                return encoded.Length == 1 ? encoded[0] : null;
            }
            catch (EncoderFallbackException)
            {
                return null;
            }
        }
    }

    /// <summary>UTF-8 bytes shown as Windows-1252 characters.</summary>
    public static string Mojibake(string text)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(1252).GetString(Encoding.UTF8.GetBytes(text));
    }

    /// <summary>A lower-case letter as its vowel (with quality mark) and tone index in TCVN3 order, or tone -1.</summary>
    private static (string Vowel, int Tone) Split(char c)
    {
        var decomposed = c.ToString().Normalize(NormalizationForm.FormD);
        var tone = -1;
        var rest = new StringBuilder();
        foreach (var part in decomposed)
        {
            var index = Tones.IndexOf(part);
            if (index >= 0)
            {
                tone = index;
            }
            else
            {
                rest.Append(part);
            }
        }

        var vowel = rest.ToString().Normalize(NormalizationForm.FormC);
        return Vowels.Contains(vowel) ? (vowel, tone) : (string.Empty, -1);
    }
}
