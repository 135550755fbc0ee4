using Microsoft.Extensions.Options;

namespace LaoCaiFanpage.Grains.Impostors;

/// <summary>The avatar file is a readable picture and ICU's spoof checker is there: checked at start-up, with the reason.</summary>
internal sealed class ImpostorOptionsCheck : IValidateOptions<ImpostorOptions>
{
    public ValidateOptionsResult Validate(string? name, ImpostorOptions options) =>
        ImpostorSetup.Problem(options) is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
}
