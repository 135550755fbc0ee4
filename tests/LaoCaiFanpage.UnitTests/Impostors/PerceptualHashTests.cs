using LaoCaiFanpage.Grains.Impostors;
using LaoCaiFanpage.Tests.Shared;
using Xunit.Abstractions;

namespace LaoCaiFanpage.UnitTests.Impostors;

/// <summary>The profile-picture hash: the same picture re-encoded or resized matches; a different one does not.</summary>
public sealed class PerceptualHashTests(ITestOutputHelper output)
{
    private const long Max = 16_000_000;
    private static readonly ulong Official = PerceptualHash.Of(TestPictures.Official(), Max)!.Value;

    [Theory]
    [InlineData(400, 95)]
    [InlineData(160, 55)]
    [InlineData(64, 30)]
    [InlineData(1000, 80)]
    public void The_same_picture_resized_and_re_encoded_matches(int size, int quality)
    {
        var copy = PerceptualHash.Of(TestPictures.OfficialCopy(size, quality), Max)!.Value;
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
        var other = PerceptualHash.Of(TestPictures.Other(which), Max)!.Value;
        var distance = PerceptualHash.Distance(Official, other);
        output.WriteLine($"picture {which}: {distance} bits apart");
        Assert.True(distance >= PerceptualHash.DifferentFrom, $"{distance} bits");
        Assert.Equal(0.0, PerceptualHash.Similarity(Official, other));
    }

    [Fact]
    public void Bytes_that_are_not_a_picture_have_no_hash()
    {
        Assert.Null(PerceptualHash.Of([], Max));
        Assert.Null(PerceptualHash.Of("<svg onload=alert(1)>"u8, Max));
        var random = new byte[5000];
        new Random(3).NextBytes(random);
        Assert.Null(PerceptualHash.Of(random, Max));
        var truncated = TestPictures.Official()[..200];
        _ = PerceptualHash.Of(truncated, Max); // a cut-off PNG may decode partly or not at all, but never throws
    }

    /// <summary>A 2 KiB BMP whose header declares 40,000 × 40,000 pixels (4.8 GB to decode).</summary>
    [Fact]
    public void A_picture_declaring_too_many_pixels_is_refused_from_its_header_before_decoding()
    {
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var refusal = PerceptualHash.Refusal(TestPictures.DecompressionBomb(), Max);
        Assert.Null(PerceptualHash.Of(TestPictures.DecompressionBomb(), Max));
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        output.WriteLine($"{refusal}; {allocated:N0} bytes allocated");
        Assert.Contains("40,000 × 40,000", refusal, StringComparison.Ordinal);
        Assert.True(allocated < 1_000_000, $"{allocated:N0} bytes allocated");
        Assert.Null(PerceptualHash.Refusal(TestPictures.Official(), Max));
        Assert.NotNull(PerceptualHash.Refusal(TestPictures.OfficialCopy(1000, 80), 999_999)); // 1000 × 1000 > 999,999
    }
}
