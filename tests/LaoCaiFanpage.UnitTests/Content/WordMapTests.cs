using LaoCaiFanpage.Grains.Content;

namespace LaoCaiFanpage.UnitTests.Content;

public sealed class WordMapTests
{
    /// <summary>Thousands of words in a table twice their number: many share a first slot and are found by probing on.</summary>
    [Fact]
    public void Every_word_is_found_with_its_value_and_no_other_word_is()
    {
        var words = Enumerable.Range(0, 5000).Select(i => "w" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var map = new WordMap<string>([.. words.Select(w => KeyValuePair.Create(w, w.ToUpperInvariant()))]);

        Assert.Equal(5000, map.Count);
        for (var i = 0; i < words.Length; i++)
        {
            Assert.Equal(i, map.IndexOf(words[i], WordHash.Of(words[i])));
            Assert.Equal(words[i].ToUpperInvariant(), map.Find(words[i], WordHash.Of(words[i])));
        }

        Assert.Null(map.Find("w5000", WordHash.Of("w5000")));
        Assert.Equal(-1, map.IndexOf("", WordHash.Of("")));
    }

    /// <summary>A hash that agrees is not enough: the letters are compared.</summary>
    [Fact]
    public void A_word_probed_with_another_words_hash_is_not_found()
    {
        var map = new WordMap<string>([KeyValuePair.Create("ma", "drug"), KeyValuePair.Create("tuy", "drug")]);

        Assert.Null(map.Find("me", WordHash.Of("ma")));
        Assert.Equal("drug", map.Find("ma", WordHash.Of("ma")));
    }

    [Fact]
    public void A_word_given_twice_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new WordMap<int>([KeyValuePair.Create("ma", 1), KeyValuePair.Create("ma", 2)]));

        Assert.Contains("'ma'", error.Message, StringComparison.Ordinal);
    }
}
