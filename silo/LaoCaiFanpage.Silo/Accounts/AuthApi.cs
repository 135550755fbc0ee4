using System.Globalization;
using System.Security.Claims;
using LaoCaiFanpage.Contracts.Accounts;
using LaoCaiFanpage.Contracts.Time;
using LaoCaiFanpage.Silo.Http;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LaoCaiFanpage.Silo.Accounts;

/// <summary>
/// Sign-in for API clients (a bearer token per session), and what every signed-in person does for their own
/// account: change their password, enrol a second factor.
/// </summary>
public static class AuthApi
{
    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/auth").WithTags("Auth");
        group.MapPost("/login", Login).WithSummary("Signs in with username, password and, when enabled, a one-time code; answers a bearer token").AllowAnonymous().DisableAntiforgery().RequireRateLimiting(AccountsSetup.SignInLimit);
        group.MapPost("/logout", Logout).WithSummary("Ends the calling session").RequireAuthorization(AccessPolicies.SignedIn).DisableAntiforgery();
        group.MapGet("/me", Me).WithSummary("Who the caller is: name, roles, unit, session").RequireAuthorization(AccessPolicies.SignedIn);
        group.MapPost("/password", ChangePassword).WithSummary("Changes the caller's own password").RequireAuthorization(AccessPolicies.Person).DisableAntiforgery().RequireRateLimiting(AccountsSetup.SignInLimit);
        group.MapPost("/second-factor", BeginSecondFactor).WithSummary("Starts setting up the caller's authenticator app").RequireAuthorization(AccessPolicies.Person).DisableAntiforgery();
        // Not a sign-in door: the session holding it already has the secret being confirmed.
        group.MapPost("/second-factor/confirm", ConfirmSecondFactor).WithSummary("Confirms the authenticator app with a code; answers recovery codes").RequireAuthorization(AccessPolicies.Person).DisableAntiforgery();
        return routes;
    }

    /// <summary><paramref name="Pending"/>: what the session must do first (<see cref="PendingSteps"/>), or null.</summary>
    public sealed record TokenResponse(string AccessToken, DateTimeOffset ExpiresAt, string? Pending, string TokenType = "Bearer");

    public sealed record MeResponse(string Username, string? DisplayName, IReadOnlyList<string> Roles, string? Unit, string? Pending);

    /// <summary>The secret, shown once, as text to type into an authenticator app and as its <c>otpauth://</c> link.</summary>
    public sealed record SecondFactorSetup(string Secret, string Uri);

    /// <summary>Shown once: each opens the account once in place of a code.</summary>
    public sealed record RecoveryCodes(IReadOnlyList<string> Codes);

    private static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> Login(HttpContext context, AccountStore accounts, TimeProvider time)
    {
        var body = await CommandBody.Read(context.Request, context.RequestAborted);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var username = body.Text("username");
        var password = body.Text("password");
        var code = body.Text("code");
        if (username is null or { Length: 0 or > 64 } || password is null or { Length: 0 or > 128 } || code is { Length: > 32 })
        {
            return Problems.InvalidParameter("username (1–64 characters) and password (1–128 characters) are required strings; code, when given, at most 32 characters.");
        }

        var result = await accounts.SignIn(username, password, SessionKinds.Bearer, context.Actor(), code, context.RequestAborted);
        return result.Status switch
        {
            SignInStatus.Succeeded => TypedResults.Ok(new TokenResponse(result.Started!.Token!, result.Started.Session.ExpiresAt, result.Started.Session.Pending)),
            SignInStatus.LockedOut => Locked(context, result.LockedUntil!.Value - time.GetUtcNow(), result.LockedUntil.Value),
            SignInStatus.SecondFactorRequired => SecondFactorRequired(),
            _ => Problems.Unauthorized("Đăng nhập không thành công / Sign-in failed", "The username, password or code is wrong."),
        };
    }

    private static ProblemHttpResult SecondFactorRequired()
    {
        var problem = Problems.Unauthorized("Cần mã xác thực / Second factor required",
            "This account signs in with a code from its authenticator app (or a recovery code): send it as code.");
        problem.ProblemDetails.Extensions["code"] = "second-factor-required";
        return problem;
    }

    /// <summary>Only after the right password (and code): a guesser learns nothing from a lock.</summary>
    private static ProblemHttpResult Locked(HttpContext context, TimeSpan remaining, DateTimeOffset until)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(remaining.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(statusCode: StatusCodes.Status423Locked, title: "Tài khoản tạm khóa / Account locked",
            detail: $"Too many failed sign-ins from this address: it may sign in to this account again at {until.ToVietnam():yyyy-MM-dd HH:mm:ss} (Vietnam time); other addresses are not affected.");
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
        [.. context.User.FindAll(ClaimTypes.Role).Select(c => c.Value)],
        context.User.FindFirst(AccountClaims.Unit)?.Value,
        context.User.FindFirst(AccountClaims.Pending)?.Value));

    /// <summary><c>{"currentPassword", "newPassword"}</c>: the owner's own change; other sessions of theirs end.</summary>
    private static async Task<Results<NoContent, ProblemHttpResult>> ChangePassword(HttpContext context, AccountStore accounts, PasswordPolicy policy)
    {
        var body = await CommandBody.Read(context.Request, context.RequestAborted);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var outcome = await OwnPassword.Change(context, accounts, policy, body.Text("currentPassword"), body.Text("newPassword"));
        return outcome is null ? TypedResults.NoContent() : outcome.Status == StatusCodes.Status401Unauthorized
            ? Problems.Unauthorized("Mật khẩu hiện tại không đúng / Wrong current password", outcome.Message)
            : Problems.BadRequest("Mật khẩu không đạt yêu cầu / Password rejected", outcome.Message);
    }

    private static async Task<Results<Ok<SecondFactorSetup>, ProblemHttpResult>> BeginSecondFactor(HttpContext context, AccountStore accounts)
    {
        var name = context.User.Identity!.Name!;
        var secret = await accounts.BeginSecondFactor(name, context.Actor(), context.RequestAborted);
        return secret is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Đã bật xác thực hai bước / Second factor already on",
                detail: "This account's second factor is in force; an administrator can reset it if the phone is lost.")
            : TypedResults.Ok(new SecondFactorSetup(SecondFactor.Base32(secret), SecondFactor.EnrollmentUri(secret, name)));
    }

    private static async Task<Results<Ok<RecoveryCodes>, ProblemHttpResult>> ConfirmSecondFactor(HttpContext context, AccountStore accounts)
    {
        var body = await CommandBody.Read(context.Request, context.RequestAborted);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var code = body.Text("code");
        if (code is null or { Length: 0 or > 32 })
        {
            return Problems.InvalidParameter("code must be the six digits the authenticator app shows.");
        }

        var codes = await accounts.ConfirmSecondFactor(context.User.Identity!.Name!, code, context.Actor(), context.RequestAborted);
        return codes is null
            ? Problems.BadRequest("Mã xác thực không đúng / Wrong code", "The code does not match the secret being enrolled (start with POST /api/auth/second-factor; check the phone's clock).")
            : TypedResults.Ok(new RecoveryCodes(codes));
    }
}
