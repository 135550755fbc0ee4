using System.Text;
using LaoCaiFanpage.Contracts.Accounts;
using LaoCaiFanpage.Silo.Http;
using Microsoft.AspNetCore.Antiforgery;

namespace LaoCaiFanpage.Silo.Accounts;

/// <summary>
/// A person's own account, in the browser: change the password (required after an administrator set it) and
/// enrol the second factor (required for administrators and approvers). Plain forms checked against forgery.
/// </summary>
public static class AccountPage
{
    public const string Path = "/account";

    public static IEndpointRouteBuilder MapAccountPage(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(Path).RequireAuthorization(AccessPolicies.Person).ExcludeFromDescription();
        group.MapGet("/", Show);
        group.MapPost("/password", ChangePassword).DisableAntiforgery().RequireRateLimiting(AccountsSetup.SignInLimit);
        group.MapPost("/second-factor", BeginSecondFactor).DisableAntiforgery();
        group.MapPost("/second-factor/confirm", ConfirmSecondFactor).DisableAntiforgery();
        return routes;
    }

    private static async Task<IResult> Show(HttpContext context, IAntiforgery antiforgery, AccountStore accounts) =>
        await Render(context, antiforgery, accounts, StatusCodes.Status200OK, null, null);

    private static async Task<IResult> ChangePassword(HttpContext context, IAntiforgery antiforgery, AccountStore accounts, PasswordPolicy policy)
    {
        if (await ReadForm(context, antiforgery) is not { } form)
        {
            return await Render(context, antiforgery, accounts, StatusCodes.Status400BadRequest, "Biểu mẫu đã hết hạn hoặc không hợp lệ.", null);
        }

        var refusal = await OwnPassword.Change(context, accounts, policy, form["currentPassword"], form["newPassword"]);
        if (refusal is not null)
        {
            return await Render(context, antiforgery, accounts, refusal.Status, refusal.Message, null);
        }

        // The cookie's principal still carries the old "pending" claim until the next request re-reads the session.
        return Results.Redirect(Path + "?changed=1");
    }

    private static async Task<IResult> BeginSecondFactor(HttpContext context, IAntiforgery antiforgery, AccountStore accounts)
    {
        if (await ReadForm(context, antiforgery) is null)
        {
            return await Render(context, antiforgery, accounts, StatusCodes.Status400BadRequest, "Biểu mẫu đã hết hạn hoặc không hợp lệ.", null);
        }

        var name = context.User.Identity!.Name!;
        var secret = await accounts.BeginSecondFactor(name, context.Actor(), context.RequestAborted);
        if (secret is null)
        {
            return await Render(context, antiforgery, accounts, StatusCodes.Status409Conflict, "Xác thực hai bước đã được bật cho tài khoản này.", null);
        }

        var html = LoginPage.Encoder;
        var body = new StringBuilder()
            .Append("<p>Mở ứng dụng xác thực trên điện thoại (Google Authenticator, Microsoft Authenticator, …), thêm tài khoản bằng khóa dưới đây, rồi nhập mã 6 số ứng dụng hiện ra.</p>")
            .Append("<p>Khóa: <code id=\"totp-secret\">").Append(html.Encode(SecondFactor.Base32(secret))).Append("</code></p>")
            .Append("<p><small>Liên kết cho ứng dụng: <code id=\"totp-uri\">").Append(html.Encode(SecondFactor.EnrollmentUri(secret, name))).Append("</code></small></p>")
            .Append("<form method=\"post\" action=\"").Append(Path).Append("/second-factor/confirm\" id=\"totp-confirm\">").Append(LoginPage.AntiforgeryField(context, antiforgery))
            .Append("<label for=\"code\">Mã 6 số</label><input id=\"code\" name=\"code\" inputmode=\"numeric\" autocomplete=\"one-time-code\" required maxlength=\"32\">")
            .Append("<button type=\"submit\">Xác nhận</button></form>");
        return LoginPage.Html(StatusCodes.Status200OK, "Bật xác thực hai bước", body.ToString());
    }

    private static async Task<IResult> ConfirmSecondFactor(HttpContext context, IAntiforgery antiforgery, AccountStore accounts)
    {
        if (await ReadForm(context, antiforgery) is not { } form)
        {
            return await Render(context, antiforgery, accounts, StatusCodes.Status400BadRequest, "Biểu mẫu đã hết hạn hoặc không hợp lệ.", null);
        }

        var codes = await accounts.ConfirmSecondFactor(context.User.Identity!.Name!, form["code"].ToString(), context.Actor(), context.RequestAborted);
        if (codes is null)
        {
            return await Render(context, antiforgery, accounts, StatusCodes.Status400BadRequest,
                "Mã không đúng. Bắt đầu lại và kiểm tra đồng hồ của điện thoại.", null);
        }

        var body = new StringBuilder()
            .Append("<p>Đã bật xác thực hai bước. Từ lần sau, khi đăng nhập hãy nhập thêm mã trong ứng dụng.</p>")
            .Append("<p><strong>Mã dự phòng</strong> — chỉ hiện một lần; cất giữ ở nơi an toàn. Mỗi mã dùng được một lần khi không có điện thoại:</p><ul id=\"recovery-codes\">");
        foreach (var code in codes)
        {
            body.Append("<li><code>").Append(LoginPage.Encoder.Encode(code)).Append("</code></li>");
        }

        body.Append("</ul><p><a href=\"/\">Tiếp tục</a></p>");
        return LoginPage.Html(StatusCodes.Status200OK, "Xác thực hai bước đã bật", body.ToString());
    }

    private static async Task<IFormCollection?> ReadForm(HttpContext context, IAntiforgery antiforgery) =>
        context.Request.HasFormContentType && await antiforgery.IsRequestValidAsync(context)
            ? await context.Request.ReadFormAsync(context.RequestAborted)
            : null;

    private static async Task<IResult> Render(HttpContext context, IAntiforgery antiforgery, AccountStore accounts, int status, string? error, string? notice)
    {
        var html = LoginPage.Encoder;
        var user = await accounts.FindUser(context.User.Identity!.Name!, context.RequestAborted);
        var pending = context.User.FindFirst(AccountClaims.Pending)?.Value;
        var body = new StringBuilder();
        if (error is not null)
        {
            body.Append("<p class=\"error\" role=\"alert\">").Append(html.Encode(error)).Append("</p>");
        }

        if (context.Request.Query.ContainsKey("changed"))
        {
            notice ??= "Đã đổi mật khẩu.";
        }

        if (notice is not null)
        {
            body.Append("<p role=\"status\" id=\"notice\">").Append(html.Encode(notice)).Append("</p>");
        }

        if (pending == PendingSteps.PasswordChange)
        {
            body.Append("<p class=\"error\" id=\"pending\">Mật khẩu của bạn do quản trị viên đặt: hãy đổi mật khẩu trước khi tiếp tục.</p>");
        }
        else if (pending == PendingSteps.SecondFactorEnrollment)
        {
            body.Append("<p class=\"error\" id=\"pending\">Vai trò của bạn cần xác thực hai bước: hãy bật trước khi tiếp tục.</p>");
        }

        var field = LoginPage.AntiforgeryField(context, antiforgery);
        body.Append("<p>Tài khoản: <strong>").Append(html.Encode(context.User.Identity.Name ?? "")).Append("</strong></p>")
            .Append("<h2>Đổi mật khẩu</h2><form method=\"post\" action=\"").Append(Path).Append("/password\" id=\"password-form\">").Append(field)
            .Append("<label for=\"currentPassword\">Mật khẩu hiện tại</label><input id=\"currentPassword\" name=\"currentPassword\" type=\"password\" autocomplete=\"current-password\" required maxlength=\"128\">")
            .Append("<label for=\"newPassword\">Mật khẩu mới</label><input id=\"newPassword\" name=\"newPassword\" type=\"password\" autocomplete=\"new-password\" required maxlength=\"128\">")
            .Append("<button type=\"submit\" id=\"change-password\">Đổi mật khẩu</button></form>")
            .Append("<h2>Xác thực hai bước</h2>");
        if (user?.SecondFactorEnabled == true)
        {
            body.Append("<p id=\"second-factor-state\">Đang bật.</p>");
        }
        else
        {
            body.Append("<p id=\"second-factor-state\">Chưa bật.</p><form method=\"post\" action=\"").Append(Path).Append("/second-factor\">").Append(field)
                .Append("<button type=\"submit\" id=\"enable-second-factor\">Bật xác thực hai bước</button></form>");
        }

        if (pending is null)
        {
            body.Append("<p><a href=\"/\">Về màn hình giám sát</a></p>");
        }

        return LoginPage.Html(status, "Tài khoản của tôi", body.ToString());
    }
}
