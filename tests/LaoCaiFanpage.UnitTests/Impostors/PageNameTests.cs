using System.Text;
using LaoCaiFanpage.Grains.Impostors;

namespace LaoCaiFanpage.UnitTests.Impostors;

/// <summary>The normaliser: what a reader sees of a page name, whatever letters it was written with.</summary>
public sealed class PageNameTests
{
    [Theory]
    [InlineData("UBND tỉnh Lào Cai")]
    [InlineData("UBND TỈNH LÀO CAI")]
    [InlineData("UBND Tinh Lao Cai")]
    [InlineData("UBND tỉnh Lào Ca\u0456")] // Cyrillic і
    [InlineData("U\u0392ND tỉnh Lào Cai")] // Greek Beta
    [InlineData("\u0423BND tỉnh Lào Cai")] // Cyrillic У (its skeleton is y): look-alike, one letter off
    [InlineData("𝐔𝐁𝐍𝐃 𝐭𝐢̉𝐧𝐡 𝐋𝐚̀𝐨 𝐂𝐚𝐢")] // mathematical bold with combining marks
    [InlineData("ＵＢＮＤ　ＴỈＮＨ　ＬÀＯ　ＣＡＩ")] // fullwidth
    [InlineData("UBND-Tỉnh-Lào-Cai 🇻🇳")]
    [InlineData("Uỷ ban nhân dân tỉnh Lào Cai")]
    [InlineData("Ủy Ban Nhân Dân Tỉnh Lào Cai")]
    public void Disguised_names_read_as_the_official_name(string name)
    {
        var official = PageName.Of("UBND tỉnh Lào Cai");
        Assert.True(NameSimilarity.Of(PageName.Of(name), official) >= 0.9, $"{name}: {string.Join(' ', PageName.Of(name).Expanded)}");
    }

    [Fact]
    public void Folding_handles_d_stroke_and_every_tone()
    {
        var name = PageName.Of("Đoàn Thị Hằng Ngỡ Ẩn Độ");
        Assert.Equal(["doan", "thi", "hang", "ngo", "an", "do"], name.Words);
    }

    [Fact]
    public void Abbreviations_are_written_out()
    {
        Assert.Equal(["uy", "ban", "nhan", "dan", "thanh", "pho", "lao", "cai"], PageName.Of("UBND TP. Lào Cai").Expanded);
        Assert.Equal(["hoi", "dong", "nhan", "dan", "tinh", "lao", "cai"], PageName.Of("HĐND tỉnh Lào Cai").Expanded);
    }

    [Fact]
    public void Tricks_are_noticed()
    {
        Assert.True(PageName.Of("UBND tỉnh Lào Ca\u0456").LookAlikeLetters);
        Assert.False(PageName.Of("UBND tỉnh Lào Cai").LookAlikeLetters);
        Assert.False(PageName.Of("Новости Москвы").LookAlikeLetters); // a Russian name is not a disguise
        Assert.True(PageName.Of("𝐔𝐁𝐍𝐃 tỉnh Lào Cai").Decorated);
        Assert.False(PageName.Of("UBND tỉnh Lào Cai").Decorated);
        Assert.False(PageName.Of("UBND tỉnh Lào Cai".Normalize(NormalizationForm.FormD)).Decorated);
        Assert.True(PageName.Of("UBND tỉnh Lào Cai ✔").Badge);
        Assert.True(PageName.Of("UBND tỉnh Lào Cai 🇻🇳").Emoji);
        Assert.False(PageName.Of("UBND tỉnh Lào Cai").Emoji);
    }

    [Theory]
    [InlineData("UBND thành phố Lào Cai", 0.75, 0.9)]
    [InlineData("Báo Lào Cai", 0.0, 0.6)]
    [InlineData("Quán phở Hà Nội", 0.0, 0.35)]
    public void Other_names_are_less_alike(string name, double low, double high)
    {
        var similarity = NameSimilarity.Of(PageName.Of(name), PageName.Of("UBND tỉnh Lào Cai"));
        Assert.InRange(similarity, low, high);
    }

    [Fact]
    public void Hostile_names_never_throw()
    {
        var random = new Random(7);
        for (var i = 0; i < 2000; i++)
        {
            var chars = new char[random.Next(0, 80)];
            for (var j = 0; j < chars.Length; j++)
            {
                chars[j] = (char)random.Next(0, 0x10000);
            }

            var name = PageName.Of(new string(chars));
            Assert.All(name.Words, w => Assert.Matches("^[a-z0-9]+$", w));
            _ = NameSimilarity.Of(name, PageName.Of("UBND tỉnh Lào Cai"));
        }
    }

    [Theory]
    [InlineData("UBNDTLC", "UBNDTIC")]
    [InlineData("UBNDTLC", "UBNDT1C")]
    [InlineData("UBNDTLC", "ubndtlc")]
    [InlineData("bo0k", "book")]
    public void Skeletons_of_look_alike_strings_are_equal(string a, string b) =>
        Assert.Equal(ConfusableSkeleton.Of(a).ToLowerInvariant().Replace('0', 'o'), ConfusableSkeleton.Of(b).ToLowerInvariant().Replace('0', 'o'));

    [Fact]
    public void The_skeleton_comes_from_the_system_ICU()
    {
        Assert.False(string.IsNullOrEmpty(ConfusableSkeleton.Version));
        Assert.Equal(ConfusableSkeleton.Of("paypal"), ConfusableSkeleton.Of("р\u0430ур\u0430l")); // Cyrillic р а у
        Assert.NotEqual(ConfusableSkeleton.Of("laocai"), ConfusableSkeleton.Of("hanoi"));
    }
}
