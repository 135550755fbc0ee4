using System.Text;
using LaoCaiFanpage.Contracts.Security;

namespace LaoCaiFanpage.UnitTests.Webhooks;

public sealed class WebhookSignatureTests
{
    private static readonly byte[] VectorBody = Encoding.UTF8.GetBytes("""{"object":"page","entry":[]}""");
    private const string VectorSignature = "sha256=c47e939d68bb69e8107ac2b0bf5f0da451e2cd79844ddf07688c4371c9b4b974";

    [Fact]
    public void Computes_the_documented_test_vector()
    {
        Assert.Equal(VectorSignature, HmacSignature.Compute("demo_app_secret", VectorBody));
    }

    [Fact]
    public void Accepts_the_documented_test_vector_in_either_hex_case()
    {
        Assert.True(HmacSignature.IsValid("demo_app_secret", VectorBody, VectorSignature));
        Assert.True(HmacSignature.IsValid("demo_app_secret", VectorBody, VectorSignature.ToUpperInvariant().Replace("SHA256=", "sha256=", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sha256=")]
    [InlineData("sha1=c47e939d68bb69e8107ac2b0bf5f0da451e2cd79")]
    [InlineData("c47e939d68bb69e8107ac2b0bf5f0da451e2cd79844ddf07688c4371c9b4b974")]
    [InlineData("sha256=c47e939d68bb69e8107ac2b0bf5f0da451e2cd79844ddf07688c4371c9b4b97")]
    [InlineData("sha256=c47e939d68bb69e8107ac2b0bf5f0da451e2cd79844ddf07688c4371c9b4b9744")]
    [InlineData("sha256=z47e939d68bb69e8107ac2b0bf5f0da451e2cd79844ddf07688c4371c9b4b974")]
    [InlineData("sha256=d47e939d68bb69e8107ac2b0bf5f0da451e2cd79844ddf07688c4371c9b4b974")]
    public void Refuses_missing_malformed_or_wrong_signatures(string? header)
    {
        Assert.False(HmacSignature.IsValid("demo_app_secret", VectorBody, header));
    }

    [Fact]
    public void Refuses_a_body_changed_by_one_byte_or_a_different_secret()
    {
        var tampered = (byte[])VectorBody.Clone();
        tampered[^2] = (byte)' ';
        Assert.False(HmacSignature.IsValid("demo_app_secret", tampered, VectorSignature));
        Assert.False(HmacSignature.IsValid("another_app_secret", VectorBody, VectorSignature));
    }

    [Fact]
    public void Signs_the_raw_bytes_not_a_reserialised_json()
    {
        // Meta escapes non-ASCII as \uXXXX in the body it signs; the same text unescaped is different bytes.
        var escaped = Encoding.UTF8.GetBytes("""{"message":"L\u00e0o Cai"}""");
        var unescaped = Encoding.UTF8.GetBytes("""{"message":"Lào Cai"}""");
        var signature = HmacSignature.Compute("demo_app_secret", escaped);
        Assert.True(HmacSignature.IsValid("demo_app_secret", escaped, signature));
        Assert.False(HmacSignature.IsValid("demo_app_secret", unescaped, signature));
    }
}
