using System.Text.Json;
using LaoCaiFanpage.Grains.Content;

namespace LaoCaiFanpage.UnitTests.Content;

/// <summary>What the Article 12 filter must do beyond the corpus figures: disguises, context, diacritics, data.</summary>
public sealed class ProhibitedContentFilterTests
{
    private static readonly ProhibitedContentFilter Filter = new(ProhibitedLexicon.Load());

    /// <summary>
    /// A teencode word that stands for several ("đt" is "điện thoại") ends a comment: a phrase reaching into it used to
    /// run past the last word and throw, so the comment could not be checked at all.
    /// </summary>
    [Theory]
    [InlineData("Bán ma túy giá rẻ, gọi số đt", "drugs")]
    [InlineData("Bán pháo nổ, số đt", "fireworks-explosives")]
    [InlineData("Anh em mang dao lên xã xử cán bộ đi ae", "armed-gathering")]
    public void A_teencode_word_for_several_words_at_the_end_is_read_not_a_crash(string text, string rule)
    {
        Assert.Contains(Filter.Scan(text), f => f.RuleId == rule);
    }

    [Theory]
    [InlineData("Anh em mang dao mang gậy lên xã, gặp cán bộ nào xử cán bộ đó.", "armed-gathering", "12.2.b")]
    [InlineData("Tối nay cả làng kéo ra trụ sở, đứa nào cưỡng chế thì đánh.", "call-to-violence", "12.2.b")]
    [InlineData("Bọn người Kinh lên đây cướp đất, phải đuổi hết.", "ethnic-hatred", "12.2.b")]
    [InlineData("Chế độ này thối nát lắm rồi.", "sedition", "12.2.a")]
    [InlineData("Đây là ảnh chụp công văn mật của huyện.", "secret-disclosure", "12.2.c")]
    [InlineData("Cả nhóm spam vào fanpage của xã cho nó bay màu.", "cyber-attack", "12.1")]
    [InlineData("Trang chính thức mới của UBND tỉnh, mọi người theo dõi.", "impersonation", "12.3")]
    [InlineData("Thằng trưởng phòng là đồ bất tài.", "insult-name", "12.2.d")]
    public void Compositions_find_what_no_fixed_phrase_says(string text, string rule, string clause)
    {
        Assert.Contains(Filter.Scan(text), f => f.RuleId == rule && f.Clause == clause);
    }

    [Theory]
    [InlineData("Công an đã bắt giữ nhóm thanh niên mang dao lên xã.")]
    [InlineData("Hôm qua có người chửi tôi là thằng bất tài, tôi đề nghị hòa giải.")]
    [InlineData("Phát hiện trang chính thức giả mạo UBND tỉnh, mọi người cảnh giác.")]
    [InlineData("Tài khoản Zalo của tôi bị chiếm, đừng chuyển tiền.")]
    [InlineData("Cái đường dây nóng gọi mãi không ai nghe.")]
    [InlineData("Không được đánh cán bộ, anh em giữ bình tĩnh.")]
    public void Compositions_give_way_to_reports_warnings_and_negation(string text)
    {
        Assert.Empty(Filter.Scan(text));
    }

    [Theory]
    [InlineData("Bán ma túy giá rẻ, inbox")]
    [InlineData("Bán ma tuy gia re, inbox")]
    [InlineData("Bán m.a t.u.y giá rẻ, inbox")]
    [InlineData("Bán m a t u y giá rẻ, inbox")]
    [InlineData("Bán matuy giá rẻ, inbox")]
    [InlineData("Bán m@ tuý giá rẻ, inbox")]
    [InlineData("Bán maaaa tuyyyy giá rẻ, inbox")]
    [InlineData("Bán MA TÚY giá rẻ, inbox")]
    [InlineData("Bán ma tu\u0301y giá rẻ, inbox")]
    [InlineData("Bán mа túy giá rẻ, inbox")]
    [InlineData("Bán m-a t-u-y giá rẻ, ib")]
    [InlineData("Bán m*a t*u*y, lh 0912 345 678")]
    public void Disguised_drug_offers_are_caught_at_high_confidence(string text)
    {
        var finding = Assert.Single(Filter.Scan(text));
        Assert.Equal("12.2.đ", finding.Clause);
        Assert.Equal("drugs", finding.RuleId);
        Assert.Equal(FilterConfidence.High, finding.Confidence);
        Assert.Contains("m", text.Substring(finding.Start, finding.Length), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("Bán fáo nổ giá rẻ", "fireworks-explosives")]
    [InlineData("c4 d0 bóng đá, nạp rút nhanh", "gambling")]
    [InlineData("Có bán ph.á.o n.ổ không ib", "fireworks-explosives")]
    public void Teencode_and_leetspeak_spellings_are_read(string text, string rule) =>
        Assert.Contains(Filter.Scan(text), f => f.RuleId == rule);

    [Theory]
    [InlineData("Tháng hành động phòng, chống ma túy năm 2026")]
    [InlineData("Tôi phát hiện có người bán pháo nổ ở chợ, đề nghị công an xử lý")]
    [InlineData("Nghiêm cấm mua bán pháo nổ dưới mọi hình thức")]
    [InlineData("Người dân không mua bán động vật hoang dã")]
    [InlineData("Công an thu giữ 2 kg ma túy đá")]
    [InlineData("Cảnh giác với luận điệu phản động trên mạng")]
    public void Campaigns_warnings_and_citizens_reports_are_not_flagged(string text) => Assert.Empty(Filter.Scan(text));

    [Theory]
    [InlineData("Bán quả óc chó Sa Pa giá rẻ, liên hệ")]
    [InlineData("Hoa súng nở đẹp, bán giống hoa súng giá rẻ")]
    [InlineData("Shop bán súng nước cho bé")]
    public void The_allowlist_clears_known_false_positives(string text) => Assert.Empty(Filter.Scan(text));

    [Fact]
    public void A_bare_word_in_accented_text_does_not_stand_for_an_insult()
    {
        Assert.Empty(Filter.Scan("Đồ cho trẻ em vùng cao đã được chuyển đến"));
        Assert.Contains(Filter.Scan("Đồ chó, làm cán bộ kiểu gì"), f => f.RuleId == "insults");

        // Written entirely without diacritics, the letters are all there is.
        Assert.Contains(Filter.Scan("do cho, lam can bo kieu gi"), f => f.RuleId == "insults");
    }

    [Theory]
    [InlineData("Các bạn ơi, buổi họp lớn chiều nay")]
    [InlineData("Cac ban oi, buoi hop lon chieu nay")]
    [InlineData("Mọi người nhớ đeo khẩu trang")]
    public void Everyday_words_that_fold_to_profanity_are_not_flagged(string text) => Assert.Empty(Filter.Scan(text));

    [Theory]
    [InlineData("cặc")]
    [InlineData("lồn")]
    [InlineData("Đéo")]
    public void Profanity_written_with_its_diacritics_is_caught(string word) =>
        Assert.Contains(Filter.Scan("Cái " + word + " gì vậy"), f => f.RuleId == "profanity" && f.Confidence == FilterConfidence.High);

    [Fact]
    public void A_wrong_tone_is_a_different_word()
    {
        // "giả" (fake) is not "giá" (price): no offer, no hit.
        Assert.Empty(Filter.Scan("Đấu tranh chống hàng giả, hàng nhái trên địa bàn"));
    }

    [Fact]
    public void A_finding_points_at_the_writers_own_text_and_explains_itself()
    {
        const string text = "Hàng về!!! Bán   p.h.á.o   n.ổ giá rẻ, zalo 0987 654 321";
        var finding = Assert.Single(Filter.Scan(text));
        Assert.Equal("p.h.á.o   n.ổ", text.Substring(finding.Start, finding.Length));
        Assert.Contains(finding.Evidence, e => e.Contains("giá rẻ", StringComparison.Ordinal));
        Assert.Contains(finding.Evidence, e => e.Contains("0987 654 321", StringComparison.Ordinal));
        Assert.Contains("Điều 12 khoản 2 điểm đ", finding.ClauseText, StringComparison.Ordinal);
        Assert.Contains("Nghị định 147/2024/NĐ-CP", finding.ClauseText, StringComparison.Ordinal);
    }

    [Fact]
    public void A_mention_without_an_offer_is_not_an_offer()
    {
        Assert.Empty(Filter.Scan("Pháo nổ rất nguy hiểm cho trẻ em"));
        var asked = Assert.Single(Filter.Scan("Có ai biết chỗ mua pháo nổ không?"));
        Assert.Equal(FilterConfidence.Medium, asked.Confidence);
        var offered = Assert.Single(Filter.Scan("Bán pháo nổ, ai cần ib"));
        Assert.Equal(FilterConfidence.High, offered.Confidence);
    }

    [Fact]
    public void Political_categories_go_to_human_review_not_automatic_hiding()
    {
        var findings = Filter.Scan("Đả đảo chính quyền, lật đổ chế độ");
        Assert.NotEmpty(findings);
        Assert.All(findings, f => Assert.Equal(("12.2.a", FilterConfidence.Medium), (f.Clause, f.Confidence)));
    }

    [Fact]
    public void The_lexicon_is_data_a_copy_can_change_the_filter_without_code()
    {
        var path = Path.Combine(Path.GetTempPath(), $"lexicon-{Guid.NewGuid():N}.json");
        var lexicon = ProhibitedLexicon.Load();
        lexicon.Rules.Add(new LexiconRule { Id = "test-goods", Clause = "12.2.đ", Label = "Hàng thử nghiệm", Confidence = "high", RequiresOffer = true, Terms = ["nấm lim xanh giả"] });
        File.WriteAllText(path, JsonSerializer.Serialize(lexicon, new JsonSerializerOptions(JsonSerializerDefaults.Web)));
        try
        {
            Assert.Empty(Filter.Scan("Bán nấm lim xanh giả giá rẻ"));
            var edited = new ProhibitedContentFilter(ProhibitedLexicon.Load(path));
            Assert.Contains(edited.Scan("Bán nấm lim xanh giả giá rẻ"), f => f.RuleId == "test-goods");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("""{"clauses": {"12.1": "x"}, "rules": []}""")]
    [InlineData("""{"clauses": {"12.1": "x"}, "rules": [{"id": "a", "clause": "9.9", "confidence": "high", "terms": ["x"]}]}""")]
    [InlineData("""{"clauses": {"12.1": "x"}, "rules": [{"id": "a", "clause": "12.1", "confidence": "certain", "terms": ["x"]}]}""")]
    [InlineData("""{"clauses": {"12.1": "x"}, "rules": [{"id": "a", "clause": "12.1", "confidence": "high", "terms": [" "]}]}""")]
    public void A_broken_lexicon_is_refused_at_start_up(string json)
    {
        var path = Path.Combine(Path.GetTempPath(), $"lexicon-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        try
        {
            Assert.Throws<InvalidDataException>(() => ProhibitedLexicon.Load(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Hostile_input_never_throws()
    {
        var random = new Random(7);
        var alphabet = "aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạ .-_*@$0123456789\u0301\u0300\u0323\u00A0\t\n😀𝐁ΑаЕ\uFFFF\u200B,!?#";
        for (var i = 0; i < 3000; i++)
        {
            var chars = new char[random.Next(0, 400)];
            for (var k = 0; k < chars.Length; k++)
            {
                chars[k] = alphabet[random.Next(alphabet.Length)];
            }

            var text = new string(chars);
            foreach (var finding in Filter.Scan(text))
            {
                Assert.InRange(finding.Start, 0, text.Length);
                Assert.InRange(finding.Start + finding.Length, finding.Start, text.Length);
            }
        }

        Assert.Empty(Filter.Scan(string.Empty));
        Assert.Empty(Filter.Scan(new string('a', 100_000)));
        Assert.Empty(Filter.Scan(string.Concat(Enumerable.Repeat("m ", 50_000))));
    }
}
