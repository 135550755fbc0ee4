using System.ComponentModel.DataAnnotations;
using LaoCaiFanpage.Grains.Settings;

namespace LaoCaiFanpage.Silo.Webhooks;

/// <summary>The Meta app (configuration section <c>Facebook</c>). There is no built-in secret.</summary>
public sealed class FacebookOptions : IValidatableObject
{
    public const string Section = "Facebook";

    [Required(ErrorMessage = "Facebook:AppSecret is required (the Meta app secret that signs webhook deliveries).")]
    [MinLength(8, ErrorMessage = "Facebook:AppSecret is too short to be a Meta app secret.")]
    public string AppSecret { get; set; } = string.Empty;

    /// <summary>
    /// While the app secret is being rotated: the secret before the current one, still accepted so that no delivery
    /// is refused while hosts change over (docs/runbook.md). Remove it once every host has the new secret.
    /// </summary>
    [MinLength(8, ErrorMessage = "Facebook:PreviousAppSecret is too short to be a Meta app secret.")]
    public string? PreviousAppSecret { get; set; }

    [Required(ErrorMessage = "Facebook:VerifyToken is required (the token entered in the Meta app's webhook settings).")]
    [MinLength(8, ErrorMessage = "Facebook:VerifyToken must be at least 8 characters.")]
    public string VerifyToken { get; set; } = string.Empty;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        SecretSettings.Placeholder("Facebook:AppSecret", AppSecret)
            .Concat(SecretSettings.Placeholder("Facebook:PreviousAppSecret", PreviousAppSecret))
            .Concat(SecretSettings.Placeholder("Facebook:VerifyToken", VerifyToken));
}
