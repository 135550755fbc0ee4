using LaoCaiFanpage.Silo.Accounts;
using Microsoft.Extensions.Options;

namespace LaoCaiFanpage.UnitTests.Accounts;

public sealed class PasswordPolicyTests
{
    private readonly PasswordPolicy _policy = new(Options.Create(new AuthOptions { PasswordMinLength = 12 }));

    [Theory]
    [InlineData("Bien-tap-vien-2026")]
    [InlineData("mùa lúa chín ở Mường Hum 7")]
    [InlineData("correct horse battery 9")]
    public void Long_mixed_passwords_pass(string password) => Assert.Empty(_policy.Check("bientap", password));

    [Theory]
    [InlineData(null, "trống")]
    [InlineData("", "trống")]
    [InlineData("Ngan-1", "ít nhất 12")]
    [InlineData("chicochucaithoi", "chữ cái và chữ số")]
    [InlineData("123456789012345", "chữ cái và chữ số")]
    [InlineData("xx-bientap-2026", "tên đăng nhập")]
    [InlineData("Password1234", "dễ đoán")]
    [InlineData("aaaaaaaa1111", "dễ đoán")]
    public void Weak_passwords_are_refused_with_the_reason_in_vietnamese(string? password, string reason) =>
        Assert.Contains(_policy.Check("bientap", password), p => p.Contains(reason, StringComparison.Ordinal));

    [Fact]
    public void Passwords_over_128_characters_are_refused() =>
        Assert.Contains(_policy.Check("x", new string('a', 120) + "123456789"), p => p.Contains("128", StringComparison.Ordinal));
}
