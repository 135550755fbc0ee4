using LaoCaiFanpage.Grains.Content;

namespace LaoCaiFanpage.UnitTests.Content;

/// <summary>The multi-phrase search under the lexicons: whole words, every start, teencode words for several, many branches.</summary>
public sealed class PatternSetTests
{
    private static readonly TeencodeTable Teencode = new([new("đt", "điện thoại"), new("ae", "anh em")]);

    [Fact]
    public void Every_phrase_is_found_at_every_start_overlapping_ones_too()
    {
        var set = Set("ma túy", "ma túy đá", "túy", "đá");

        var hits = Hits(set, "bán ma túy đá, ma túy");

        Assert.Equal(
            ["ma túy 1-2", "ma túy đá 1-3", "túy 2-2", "đá 3-3", "ma túy 4-5", "túy 5-5"],
            hits);
    }

    [Fact]
    public void Only_whole_words_match()
    {
        var set = Set("ma túy", "bán");

        Assert.Empty(Hits(set, "mama túyy bánh ma to túy"));
    }

    [Fact]
    public void A_phrase_may_end_inside_a_teencode_word_that_stands_for_several()
    {
        var set = Set("gọi số điện thoại", "anh em");

        Assert.Equal(["anh em 0-0", "gọi số điện thoại 1-3"], Hits(set, "ae gọi số đt"));
    }

    /// <summary>A common first word is followed by many others in a large lexicon ("không …", "bán …").</summary>
    [Fact]
    public void A_word_followed_by_many_others_finds_each_of_them()
    {
        var followers = Enumerable.Range(0, 40).Select(i => "bán " + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var set = Set(followers);

        foreach (var phrase in followers)
        {
            Assert.Equal([phrase + " 1-2"], Hits(set, "tôi " + phrase + " nhé"));
        }

        Assert.Empty(Hits(set, "tôi bán 99 nhé"));
    }

    [Fact]
    public void A_text_with_no_phrase_gets_an_empty_list()
    {
        var set = Set("ma túy");

        using var canonical = CanonicalText.Create("Cho tôi hỏi lịch tiếp công dân", Teencode);
        Assert.Empty(set.Find(canonical));
    }

    private static PatternSet<string> Set(params string[] phrases) =>
        new(phrases.Select(p => (CanonicalText.Pattern(p, Teencode), p)));

    private static List<string> Hits(PatternSet<string> set, string text)
    {
        using var canonical = CanonicalText.Create(text, Teencode);
        return [.. set.Find(canonical).OrderBy(h => h.First).ThenBy(h => h.Last).Select(h => $"{h.Value} {h.First}-{h.Last}")];
    }
}
