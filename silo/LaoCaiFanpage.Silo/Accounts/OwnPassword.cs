using LaoCaiFanpage.Silo.Http;

namespace LaoCaiFanpage.Silo.Accounts;

/// <summary>The owner's own password change, the same rules for the API and the account page.</summary>
public static class OwnPassword
{
    public sealed record Refusal(int Status, string Message);

    /// <summary>Null when changed; otherwise why not (401: the current password is wrong; 400: the new one is not allowed).</summary>
    public static async Task<Refusal?> Change(HttpContext context, AccountStore accounts, PasswordPolicy policy, string? current, string? replacement)
    {
        var name = context.User.Identity!.Name!;
        if (current is null or { Length: 0 or > 128 })
        {
            return new(StatusCodes.Status400BadRequest, "Vui lòng nhập mật khẩu hiện tại / currentPassword is required.");
        }

        var weak = policy.Check(name, replacement);
        if (weak.Count > 0)
        {
            return new(StatusCodes.Status400BadRequest, string.Join(" ", weak));
        }

        if (string.Equals(current, replacement, StringComparison.Ordinal))
        {
            return new(StatusCodes.Status400BadRequest, "Mật khẩu mới phải khác mật khẩu hiện tại / The new password must differ from the current one.");
        }

        return await accounts.ChangeOwnPassword(name, context.User.SessionId() ?? "", current, replacement!, context.Actor(), context.RequestAborted)
            ? null
            : new(StatusCodes.Status401Unauthorized, "Mật khẩu hiện tại không đúng / The current password is wrong.");
    }
}
