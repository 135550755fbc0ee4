using LaoCaiFanpage.Contracts.Accounts;
using LaoCaiFanpage.Silo.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LaoCaiFanpage.Silo.Accounts;

/// <summary>Sign-in for API clients: a bearer token per session.</summary>
public static class AuthApi
{
    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/auth").WithTags("Auth");
        group.MapPost("/login", Login).AllowAnonymous().DisableAntiforgery().RequireRateLimiting(AccountsSetup.SignInLimit);
        group.MapPost("/logout", Logout).RequireAuthorization(AccessPolicies.SignedIn).DisableAntiforgery();
        group.MapGet("/me", Me).RequireAuthorization(AccessPolicies.SignedIn);
        return routes;
    }

    public sealed record TokenResponse(string AccessToken, DateTimeOffset ExpiresAt, string TokenType = "Bearer");

    public sealed record MeResponse(string Username, string? DisplayName, IReadOnlyList<string> Roles, string? Unit);

    private static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> Login(HttpContext context, AccountStore accounts, TimeProvider time)
    {
        var body = await CommandBody.Read(context.Request, context.RequestAborted);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var username = body.Text("username");
        var password = body.Text("password");
        if (username is null or { Length: 0 or > 64 } || password is null or { Length: 0 or > 128 })
        {
            return Problems.InvalidParameter("username (1–64 characters) and password (1–128 characters) are required strings.");
        }

        var result = await accounts.SignIn(username, password, SessionKinds.Bearer, context.Actor(), context.RequestAborted);
        return result.Status switch
        {
            SignInStatus.Succeeded => TypedResults.Ok(new TokenResponse(result.Started!.Token!, result.Started.Session.ExpiresAt)),
            SignInStatus.LockedOut => Locked(context, result.LockedUntil!.Value - time.GetUtcNow(), result.LockedUntil.Value),
            _ => Problems.Unauthorized("Đăng nhập không thành công / Sign-in failed", "The username or password is wrong."),
        };
    }

    private static ProblemHttpResult Locked(HttpContext context, TimeSpan remaining, DateTimeOffset until)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(remaining.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Problem(statusCode: StatusCodes.Status423Locked, title: "Tài khoản tạm khóa / Account locked",
            detail: $"Too many failed sign-ins: the account is locked until {LaoCaiFanpage.Contracts.Time.VietnamTime.ToVietnam(until):yyyy-MM-dd HH:mm:ss} (Vietnam time).");
    }

    private static async Task<NoContent> Logout(HttpContext context, AccountStore accounts)
    {
        if (context.User.SessionId() is { } sessionId)
        {
            await accounts.SignOut(sessionId, context.Actor(), context.RequestAborted);
        }

        if (context.User.Identity?.AuthenticationType == AccountsSetup.CookieScheme)
        {
            await context.SignOutAsync(AccountsSetup.CookieScheme);
        }

        return TypedResults.NoContent();
    }

    private static Ok<MeResponse> Me(HttpContext context) => TypedResults.Ok(new MeResponse(
        context.User.Identity!.Name!,
        context.User.FindFirst(AccountClaims.DisplayName)?.Value,
        [.. context.User.FindAll(System.Security.Claims.ClaimTypes.Role).Select(c => c.Value)],
        context.User.FindFirst(AccountClaims.Unit)?.Value));
}
