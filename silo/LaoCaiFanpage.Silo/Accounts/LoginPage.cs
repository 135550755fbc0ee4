using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using LaoCaiFanpage.Contracts.Time;
using LaoCaiFanpage.Dashboard;
using LaoCaiFanpage.Silo.Http;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;

namespace LaoCaiFanpage.Silo.Accounts;

/// <summary>
/// The browser's doors: the Vietnamese sign-in page (form posts checked against forgery), sign-out,
/// and kiosk links that turn a wall screen into a read-only display.
/// </summary>
public static class LoginPage
{
    // Escapes markup characters but keeps Vietnamese letters readable in the page source.
    internal static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public static IEndpointRouteBuilder MapLoginPage(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/login", Show).AllowAnonymous().ExcludeFromDescription();
        routes.MapPost("/login", SignIn).AllowAnonymous().DisableAntiforgery().RequireRateLimiting(AccountsSetup.SignInLimit).ExcludeFromDescription();
        routes.MapPost("/logout", SignOut).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
        routes.MapGet("/kiosk/{token}", OpenKiosk).AllowAnonymous().RequireRateLimiting(AccountsSetup.SignInLimit).ExcludeFromDescription();
        return routes;
    }

    private static IResult Show(HttpContext context, IAntiforgery antiforgery, string? returnUrl) =>
        Page(context, antiforgery, StatusCodes.Status200OK, null, LocalOrRoot(returnUrl));

    private static async Task<IResult> SignIn(HttpContext context, IAntiforgery antiforgery, AccountStore accounts)
    {
        if (!context.Request.HasFormContentType)
        {
            return Page(context, antiforgery, StatusCodes.Status400BadRequest, "Yêu cầu không hợp lệ.", "/");
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var returnUrl = LocalOrRoot(form["returnUrl"]);
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return Page(context, antiforgery, StatusCodes.Status400BadRequest, "Biểu mẫu đã hết hạn hoặc không hợp lệ. Vui lòng đăng nhập lại.", returnUrl);
        }

        var username = form["username"].ToString();
        var password = form["password"].ToString();
        var code = form["code"].ToString();
        if (username.Length is 0 or > 64 || password.Length is 0 or > 128 || code.Length > 32)
        {
            return Page(context, antiforgery, StatusCodes.Status400BadRequest, "Vui lòng nhập tên đăng nhập và mật khẩu.", returnUrl);
        }

        var result = await accounts.SignIn(username, password, SessionKinds.Cookie, context.Actor(), code.Length == 0 ? null : code, context.RequestAborted);
        switch (result.Status)
        {
            case SignInStatus.Succeeded:
                var session = result.Started!.Session;
                await context.SignInAsync(AccountsSetup.CookieScheme, SessionPrincipal.Create(session, AccountsSetup.CookieScheme),
                    new AuthenticationProperties { ExpiresUtc = session.ExpiresAt, IsPersistent = false });
                return Results.Redirect(session.Pending is null ? returnUrl : AccountPage.Path);
            case SignInStatus.LockedOut:
                return Page(context, antiforgery, StatusCodes.Status423Locked,
                    $"Máy này đã đăng nhập sai nhiều lần nên tạm bị khóa với tài khoản này. Thử lại sau {result.LockedUntil!.Value.ToVietnam():HH:mm} (giờ Việt Nam), hoặc đăng nhập từ máy khác.", returnUrl);
            case SignInStatus.SecondFactorRequired:
                return Page(context, antiforgery, StatusCodes.Status401Unauthorized,
                    "Tài khoản này cần mã xác thực: nhập lại mật khẩu và mã 6 số trong ứng dụng xác thực (hoặc một mã dự phòng).", returnUrl, askCode: true);
            default:
                return Page(context, antiforgery, StatusCodes.Status401Unauthorized, "Tên đăng nhập, mật khẩu hoặc mã xác thực không đúng.", returnUrl);
        }
    }

    private static async Task<IResult> SignOut(HttpContext context, IAntiforgery antiforgery, AccountStore accounts)
    {
        if (!context.Request.HasFormContentType || !await antiforgery.IsRequestValidAsync(context))
        {
            return Page(context, antiforgery, StatusCodes.Status400BadRequest, "Biểu mẫu đã hết hạn hoặc không hợp lệ.", "/");
        }

        if (context.User.SessionId() is { } sessionId)
        {
            await accounts.SignOut(sessionId, context.Actor(), context.RequestAborted);
        }

        await context.SignOutAsync(AccountsSetup.CookieScheme);
        return Results.Redirect("/login");
    }

    private static async Task<IResult> OpenKiosk(string token, HttpContext context, AccountStore accounts)
    {
        var session = token.Length <= 128 ? await accounts.OpenKiosk(token, context.Actor(), context.RequestAborted) : null;
        if (session is null)
        {
            return Html(StatusCodes.Status404NotFound, "Liên kết màn hình không hợp lệ",
                "<p class=\"error\">Mã ghép nối màn hình không hợp lệ: đã dùng, đã hết hạn hoặc đã bị thu hồi. Vui lòng nhờ quản trị viên tạo mã mới.</p>");
        }

        await context.SignInAsync(AccountsSetup.CookieScheme, SessionPrincipal.Create(session, AccountsSetup.CookieScheme),
            new AuthenticationProperties { ExpiresUtc = session.ExpiresAt, IsPersistent = true });
        return Results.Redirect("/");
    }

    /// <summary>The 403 page for a signed-in person who opened a page their roles do not allow.</summary>
    public static Task WriteForbidden(HttpContext context)
    {
        context.Response.ContentType = "text/html; charset=utf-8";
        return context.Response.WriteAsync(Document("Không có quyền truy cập",
            "<p class=\"error\">Tài khoản của bạn không có quyền xem trang này.</p><p><a href=\"/login\">Đăng nhập bằng tài khoản khác</a></p>"));
    }

    private static IResult Page(HttpContext context, IAntiforgery antiforgery, int status, string? error, string returnUrl, bool askCode = false)
    {
        var html = Encoder;
        var field = AntiforgeryField(context, antiforgery);
        var body = new StringBuilder();
        if (error is not null)
        {
            body.Append("<p class=\"error\" role=\"alert\">").Append(html.Encode(error)).Append("</p>");
        }

        if (context.User.Identity?.IsAuthenticated == true)
        {
            body.Append("<p>Bạn đang đăng nhập với tài khoản <strong>").Append(html.Encode(context.User.Identity.Name ?? "")).Append("</strong>.</p>")
                .Append("<p><a href=\"/\">Về màn hình giám sát</a></p>")
                .Append("<form method=\"post\" action=\"/logout\">").Append(field).Append("<button type=\"submit\" id=\"logout\">Đăng xuất</button></form>");
        }

        body.Append("<form method=\"post\" action=\"/login\" id=\"login-form\">").Append(field)
            .Append("<input type=\"hidden\" name=\"returnUrl\" value=\"").Append(html.Encode(returnUrl)).Append("\">")
            .Append("<label for=\"username\">Tên đăng nhập</label><input id=\"username\" name=\"username\" autocomplete=\"username\" required maxlength=\"64\">")
            .Append("<label for=\"password\">Mật khẩu</label><input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" required maxlength=\"128\">")
            .Append("<label for=\"code\">Mã xác thực").Append(askCode ? "" : " <small>(nếu tài khoản đã bật xác thực hai bước)</small>")
            .Append("</label><input id=\"code\" name=\"code\" inputmode=\"numeric\" autocomplete=\"one-time-code\" maxlength=\"32\"").Append(askCode ? " required autofocus" : "").Append('>')
            .Append("<button type=\"submit\" id=\"sign-in\">Đăng nhập</button></form>");
        return Html(status, "Đăng nhập", body.ToString());
    }

    // One line, so that its hash in the Content-Security-Policy is the hash of exactly what the page carries.
    private const string Style = "body { font-family: \"DejaVu Sans\", \"Segoe UI\", Arial, sans-serif; background: #0b1a2b; color: #f2f5f8; display: flex; justify-content: center; padding-top: 10vh; } main { background: #132a44; padding: 2rem 2.5rem; border-radius: 8px; min-width: 22rem; } h1 { font-size: 1.4rem; margin-top: 0; } label { display: block; margin-top: 1rem; } input { width: 100%; padding: .5rem; font-size: 1rem; box-sizing: border-box; } button { margin-top: 1.2rem; padding: .6rem 1.2rem; font-size: 1rem; } .error { color: #ffb4a8; font-weight: bold; } a { color: #9fd0ff; }";

    /// <summary>The page's inline style as the Content-Security-Policy allows it.</summary>
    public static IReadOnlyList<string> StyleHashes { get; } = [DashboardExtensions.InlineHash(Style)];

    /// <summary>The hidden field that proves a form was served by this site (every form of the sign-in and account pages).</summary>
    internal static string AntiforgeryField(HttpContext context, IAntiforgery antiforgery)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        return $"<input type=\"hidden\" name=\"{Encoder.Encode(tokens.FormFieldName)}\" value=\"{Encoder.Encode(tokens.RequestToken ?? "")}\">";
    }

    internal static IResult Html(int status, string title, string body) =>
        Results.Content(Document(title, body), "text/html; charset=utf-8", Encoding.UTF8, status);

    private static string Document(string title, string body) => $$"""
        <!DOCTYPE html>
        <html lang="vi">
        <head>
          <meta charset="utf-8">
          <meta name="viewport" content="width=device-width, initial-scale=1">
          <title>{{Encoder.Encode(title)}} — Trang thông tin UBND tỉnh Lào Cai</title>
          <style>{{Style}}</style>
        </head>
        <body><main>
          <h1>Ủy ban nhân dân tỉnh Lào Cai<br><small>{{Encoder.Encode(title)}}</small></h1>
          {{body}}
        </main></body>
        </html>
        """;

    /// <summary>
    /// Only a path on this site: an open redirect would let a phishing link borrow our sign-in page. Browsers drop
    /// tabs and line breaks from a URL and read a backslash as a slash, so "/\t/evil.example" and "/\\evil.example"
    /// would leave the site: a path with any control character or backslash goes to the start page instead.
    /// </summary>
    public static string LocalOrRoot(string? url) =>
        !string.IsNullOrEmpty(url) && url.Length < 512 && url[0] == '/' && (url.Length == 1 || url[1] is not ('/' or '\\'))
            && !url.Any(c => char.IsControl(c) || c == '\\' || char.IsWhiteSpace(c)) ? url : "/";
}
