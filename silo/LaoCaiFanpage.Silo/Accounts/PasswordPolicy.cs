using Microsoft.Extensions.Options;

namespace LaoCaiFanpage.Silo.Accounts;

/// <summary>
/// What a password must be: long (length matters most), not only letters or only digits, not the
/// username, not one of the passwords every guesser tries first. Messages in Vietnamese and English.
/// </summary>
public sealed class PasswordPolicy(IOptions<AuthOptions> options)
{
    private static readonly string[] Common =
    [
        "123456789012", "1234567890123", "password1234", "password12345", "matkhau12345", "matkhau123456",
        "qwerty123456", "admin1234567", "abc123456789", "laocai123456", "ubndlaocai123", "12345678abcd",
    ];

    public int MinLength => options.Value.PasswordMinLength;

    public IReadOnlyList<string> Check(string username, string? password)
    {
        var problems = new List<string>();
        if (string.IsNullOrEmpty(password))
        {
            problems.Add("Mật khẩu không được để trống / The password is required.");
            return problems;
        }

        if (password.Length < MinLength)
        {
            problems.Add($"Mật khẩu phải có ít nhất {MinLength} ký tự / The password must have at least {MinLength} characters.");
        }

        if (password.Length > 128)
        {
            problems.Add("Mật khẩu dài quá 128 ký tự / The password must have at most 128 characters.");
        }

        if (!password.Any(char.IsLetter) || password.All(char.IsLetter))
        {
            problems.Add("Mật khẩu phải có cả chữ cái và chữ số hoặc ký hiệu / The password must mix letters with digits or symbols.");
        }

        if (!string.IsNullOrEmpty(username) && password.Contains(username, StringComparison.OrdinalIgnoreCase))
        {
            problems.Add("Mật khẩu không được chứa tên đăng nhập / The password must not contain the username.");
        }

        if (Common.Contains(password.ToLowerInvariant(), StringComparer.Ordinal) || password.Distinct().Count() < 4)
        {
            problems.Add("Mật khẩu quá dễ đoán / The password is too easy to guess.");
        }

        return problems;
    }
}
