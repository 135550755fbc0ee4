using System.Text;
using LaoCaiFanpage.Grains.Content;

namespace LaoCaiFanpage.UnitTests.Content;

/// <summary>The combined check of Article 7: encodings, NFC, diacritics, the filter and sources, as drafts get it.</summary>
public sealed class ContentRulesTests
{
    private static readonly ContentRules Rules = new(new ProhibitedContentFilter(ProhibitedLexicon.Load()));

    [Fact]
    public void Clean_Unicode_text_passes_unchanged()
    {
        const string text = "Sở Giáo dục và Đào tạo trả lời: học phí năm học 2026–2027 giữ nguyên theo Nghị quyết số 12/2026/NQ-HĐND.";
        var check = Rules.Check(text, 1, []);
        Assert.Empty(check.Issues);
        Assert.True(check.Passes);
        Assert.Equal(text, check.Text);
        Assert.Null(check.Converted);
    }

    [Fact]
    public void Decomposed_text_is_normalised_to_nfc_and_the_stretch_is_named()
    {
        var text = "Xin chào " + "Việt Nam".Normalize(NormalizationForm.FormD) + " hôm nay";
        var check = Rules.Check(text);
        var issue = Assert.Single(check.Issues);
        Assert.Equal(ContentIssueKinds.NotNfc, issue.Kind);
        Assert.Equal("Xin chào Việt Nam hôm nay", check.Normalized);
        Assert.True(check.Normalized.IsNormalized(NormalizationForm.FormC));
        Assert.Equal("Việt", issue.Suggestion);
        Assert.True(check.Passes);
    }

    [Fact]
    public void Legacy_text_is_refused_with_its_conversion_and_the_other_checks_run_on_the_conversion()
    {
        var check = Rules.Check(LegacyVietnameseTests.EncodeVni("Bán ma túy giá rẻ, liên hệ ngay"));
        Assert.False(check.Passes);
        Assert.Equal("Bán ma túy giá rẻ, liên hệ ngay", check.Converted);
        Assert.Equal("VNI", Assert.Single(check.Issues, i => i.Kind == ContentIssueKinds.LegacyEncoding).Category);
        var prohibited = Assert.Single(check.Issues, i => i.Kind == ContentIssueKinds.Prohibited);
        Assert.Equal("ma túy", check.Converted!.Substring(prohibited.Start, prohibited.Length));
        Assert.Equal("12.2.đ", prohibited.Category);
    }

    [Theory]
    [InlineData("Toi muon hoi ve thu tuc cap giay phep xay dung nha o")]
    [InlineData("Cam on ban da phan anh, Ban bien tap se chuyen den So Xay dung.")]
    [InlineData("Đã nhận được câu hỏi. So Tai chinh se tra loi trong ngay lam viec tiep theo")]
    public void Vietnamese_without_diacritics_is_flagged(string text)
    {
        var issue = Assert.Single(Rules.Check(text).Issues, i => i.Kind == ContentIssueKinds.Unaccented);
        Assert.Contains("không dấu", issue.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Please contact the one-stop office of Lao Cai province for more information.")]
    [InlineData("Thank you for your feedback, we will answer within one working day.")]
    [InlineData("Tôi có câu hỏi về thủ tục cấp giấy phép xây dựng.")]
    [InlineData("Welcome to Sa Pa. The town is open to visitors all year.")]
    public void English_and_accented_Vietnamese_are_not_flagged(string text) =>
        Assert.DoesNotContain(Rules.Check(text).Issues, i => i.Kind == ContentIssueKinds.Unaccented);

    [Fact]
    public void Every_corpus_sentence_stripped_of_its_diacritics_is_flagged()
    {
        var sentences = ProhibitedCorpusTests.Corpus().Select(c => c.Text).Where(t => VietnameseLetters.HasMarks(t)).ToList();
        var flagged = 0;
        var total = 0;
        var missed = new List<string>();
        foreach (var sentence in sentences)
        {
            Assert.DoesNotContain(Rules.Check(sentence).Issues, i => i.Kind == ContentIssueKinds.Unaccented);
            var bare = VietnameseLetters.FoldText(sentence);
            if (bare.Split(' ').Length >= 5)
            {
                total++;
                if (Rules.Check(bare).Issues.Any(i => i.Kind == ContentIssueKinds.Unaccented))
                {
                    flagged++;
                }
                else
                {
                    missed.Add(bare);
                }
            }
        }

        Assert.True(flagged >= total * 0.95, $"{flagged} of {total} unaccented sentences flagged; missed: {string.Join(" | ", missed)}");
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(4, true)]
    [InlineData(5, false)]
    [InlineData(6, false)]
    public void Official_information_must_cite_its_source(int category, bool required)
    {
        const string text = "Tỉnh điều chỉnh giờ làm việc mùa đông từ ngày 1 tháng 12.";
        Assert.Equal(required, Rules.Check(text, category, []).Issues.Any(i => i.Kind == ContentIssueKinds.MissingSource));
        Assert.DoesNotContain(Rules.Check(text, category, ["Quyết định 1933/QĐ-UBND"]).Issues, i => i.Kind == ContentIssueKinds.MissingSource);
        Assert.DoesNotContain(Rules.Check(text + " Theo Công văn số 4999/UBND-VX.", category, []).Issues, i => i.Kind == ContentIssueKinds.MissingSource);
        Assert.DoesNotContain(Rules.Check(text + " https://laocai.gov.vn/tin/123", category, []).Issues, i => i.Kind == ContentIssueKinds.MissingSource);
    }
}
