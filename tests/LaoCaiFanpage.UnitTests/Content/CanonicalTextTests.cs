using LaoCaiFanpage.Grains.Content;

namespace LaoCaiFanpage.UnitTests.Content;

/// <summary>
/// The canonical text every Vietnamese lexicon reads (the Article 12 filter, sentiment, crisis keywords): disguises
/// undone, each word pointing at the writer's own text. Most texts are read in one pass; a text with letters spread
/// out or glued is read again, grouped, and must come out as if read that way from the start.
/// </summary>
public sealed class CanonicalTextTests
{
    private static readonly TeencodeTable Teencode = new([new("ko", "không"), new("ae", "anh em"), new("đt", "điện thoại")]);

    [Theory]
    [InlineData("Bán MA TÚY!!", " ban ma tuy ")]
    [InlineData("Bán m.a t.u.y", " ban ma tuy ")]
    [InlineData("bán m a t u y đá", " ban matuy da ")]
    [InlineData("tuyyyy", " tuy ")]
    [InlineData("m@ tu\u0301y", " ma tuy ")]
    [InlineData("giá 50k", " gia 50k ")]
    [InlineData("fb jờ wá", " phb gio qua ")]
    [InlineData("ko bít ae ơi", " khong bit anh em oi ")]
    [InlineData("mа túy", " ma tuy ")]
    [InlineData("", " ")]
    [InlineData("?!… 😡", " ")]
    public void Disguises_are_undone_word_by_word(string text, string canonical)
    {
        using var read = CanonicalText.Create(text, Teencode);

        Assert.Equal(canonical, read.Span.ToString());
    }

    /// <summary>
    /// The spread letters come after words already read in the first pass: the second reading starts over, so no word
    /// is there twice and every word still points at what the writer wrote.
    /// </summary>
    [Fact]
    public void Letters_spread_late_in_a_text_are_read_again_from_the_start_and_point_at_the_writers_text()
    {
        const string text = "Cần bán gấp, giá rẻ: m.a t.u.y đá, ib";

        using var read = CanonicalText.Create(text, Teencode);

        Assert.Equal(" can ban gap gia re ma tuy da ib ", read.Span.ToString());
        Assert.Equal(["Cần", "bán", "gấp", "giá", "rẻ", "m.a", "t.u.y", "đá", "ib"], read.Tokens.Select(t => text[t.OriginalStart..t.OriginalEnd]));
        Assert.Equal([false, false, false, false, false, true, true, false, false], read.Tokens.Select(t => t.Evasive));
    }

    [Fact]
    public void Every_word_carries_the_hash_of_its_canonical_form_and_a_teencode_word_for_several_says_so()
    {
        using var read = CanonicalText.Create("ae gọi số đt nhé", Teencode);

        Assert.Equal([true, false, false, true, false], read.Tokens.Select(t => t.Compound));
        foreach (var token in read.Tokens.Where(t => !t.Compound))
        {
            Assert.Equal(WordHash.Of(read.Span.Slice(token.CanonStart, token.CanonLength)), token.Hash);
        }
    }

    [Theory]
    [InlineData("Cho tôi hỏi thủ tục cấp lại giấy phép", true)]
    [InlineData("cho toi hoi thu tuc cap lai giay phep", false)]
    [InlineData("cho toi hỏi thu tuc cap lai giay phep ạ", false)]
    [InlineData("50 100 200", false)]
    public void A_writer_who_uses_diacritics_is_told_apart_from_one_who_does_not(string text, bool accented)
    {
        using var read = CanonicalText.Create(text, Teencode);

        Assert.Equal(accented, read.IsAccented);
    }

    /// <summary>The thread's buffers are reused: a long text after a short one, and a short one after, read whole.</summary>
    [Fact]
    public void Texts_of_any_length_in_turn_are_read_whole()
    {
        var words = Enumerable.Range(0, 3000).Select(i => i % 2 == 0 ? "bán" : "m.a").ToArray();
        using (var first = CanonicalText.Create("một hai", Teencode))
        {
            Assert.Equal(2, first.Tokens.Count);
        }

        using (var longer = CanonicalText.Create(string.Join(' ', words), Teencode))
        {
            Assert.Equal(3000, longer.Tokens.Count);
        }

        using var last = CanonicalText.Create("ba", Teencode);
        Assert.Equal(" ba ", last.Span.ToString());
        Assert.Single(last.Tokens);
    }
}
