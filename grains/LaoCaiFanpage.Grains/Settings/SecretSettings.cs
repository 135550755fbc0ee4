using System.ComponentModel.DataAnnotations;

namespace LaoCaiFanpage.Grains.Settings;

/// <summary>
/// Rules for secrets read from configuration: an example file's placeholder ("CHANGE-ME", "your-secret", …) is refused
/// at start-up rather than run with, and a secret that signs what the service sends out is long enough to be one.
/// </summary>
public static class SecretSettings
{
    /// <summary>The shortest secret accepted for signing outbound webhooks (HMAC-SHA256): 32 characters.</summary>
    public const int MinOutboundSecretLength = 32;

    private static readonly string[] Placeholders =
        ["change-me", "changeme", "change_me", "replace-me", "replaceme", "your-secret", "yoursecret", "<secret>", "placeholder", "todo", "xxxxxxxx", "secret"];

    /// <summary>True when the value is (or contains) one of the placeholders example files use.</summary>
    public static bool IsPlaceholder(string? value) =>
        value is { Length: > 0 } && Placeholders.Any(p => value.Equals(p, StringComparison.OrdinalIgnoreCase)
            || (p.Length >= 8 && value.Contains(p, StringComparison.OrdinalIgnoreCase)));

    /// <summary>A placeholder refusal for <paramref name="setting"/>, or nothing.</summary>
    public static IEnumerable<ValidationResult> Placeholder(string setting, string? value)
    {
        if (IsPlaceholder(value))
        {
            yield return new ValidationResult($"{setting} is still the example's placeholder: set the real value.", [setting]);
        }
    }

    /// <summary>An outbound receiver's signing secret: required once its URL is set, at least 32 characters, not a placeholder.</summary>
    public static IEnumerable<ValidationResult> OutboundSecret(string section, string? url, string? secret)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            yield break;
        }

        if (string.IsNullOrEmpty(secret) || secret.Length < MinOutboundSecretLength)
        {
            yield return new ValidationResult(
                $"{section}:Secret must be at least {MinOutboundSecretLength} characters when {section}:Url is set: the receiver checks every body's signature with it.",
                [section + ":Secret"]);
        }

        foreach (var result in Placeholder(section + ":Secret", secret))
        {
            yield return result;
        }
    }
}
