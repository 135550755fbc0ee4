using LaoCaiFanpage.Grains.Impostors;
using LaoCaiFanpage.Tests.Shared;
using Xunit.Abstractions;

namespace LaoCaiFanpage.UnitTests.Impostors;

/// <summary>The profile-picture hash: the same picture re-encoded or resized matches; a different one does not.</summary>
public sealed class PerceptualHashTests(ITestOutputHelper output)
{
    private static readonly ulong Official = PerceptualHash.Of(TestPictures.Official())!.Value;

    [Theory]
    [InlineData(400, 95)]
    [InlineData(160, 55)]
    [InlineData(64, 30)]
    [InlineData(1000, 80)]
    public void The_same_picture_resized_and_re_encoded_matches(int size, int quality)
    {
        var copy = PerceptualHash.Of(TestPictures.OfficialCopy(size, quality))!.Value;
        var distance = PerceptualHash.Distance(Official, copy);
        output.WriteLine($"{size}px JPEG q{quality}: {distance} bits apart");
        Assert.True(distance < PerceptualHash.SameBelow, $"{distance} bits");
        Assert.Equal(1.0, PerceptualHash.Similarity(Official, copy));
    }

    [Theory]
    [InlineData("a")]
    [InlineData("b")]
    [InlineData("c")]
    public void A_different_picture_does_not(string which)
    {
        var other = PerceptualHash.Of(TestPictures.Other(which))!.Value;
        var distance = PerceptualHash.Distance(Official, other);
        output.WriteLine($"picture {which}: {distance} bits apart");
        Assert.True(distance >= PerceptualHash.DifferentFrom, $"{distance} bits");
        Assert.Equal(0.0, PerceptualHash.Similarity(Official, other));
    }

    [Fact]
    public void Bytes_that_are_not_a_picture_have_no_hash()
    {
        Assert.Null(PerceptualHash.Of([]));
        Assert.Null(PerceptualHash.Of("<svg onload=alert(1)>"u8));
        var random = new byte[5000];
        new Random(3).NextBytes(random);
        Assert.Null(PerceptualHash.Of(random));
        var truncated = TestPictures.Official()[..200];
        _ = PerceptualHash.Of(truncated); // a cut-off PNG may decode partly or not at all, but never throws
    }
}
