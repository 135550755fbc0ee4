using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace LaoCaiFanpage.Silo.Accounts;

/// <summary>
/// API clients: <c>Authorization: Bearer {token}</c> from <c>POST /api/auth/login</c>, or another system's service
/// token (<see cref="ServiceTokenStore"/>). The token is
/// looked up on every request, so sign-out and disabling the account end it at once. Browsers cannot
/// set headers on WebSockets, so the hub also accepts the token as <c>access_token</c> in the query.
/// </summary>
public sealed class BearerSessionHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    AccountStore accounts,
    ServiceTokenStore serviceTokens) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public static string? TokenOf(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return header["Bearer ".Length..].Trim();
        }

        return request.Path.StartsWithSegments("/hubs") && request.Query.TryGetValue("access_token", out var query) ? query.ToString() : null;
    }

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = TokenOf(Request);
        if (string.IsNullOrEmpty(token))
        {
            return AuthenticateResult.NoResult();
        }

        if (token.Length > 128)
        {
            return AuthenticateResult.Fail("The token is malformed.");
        }

        var session = ServiceTokenStore.IsServiceToken(token)
            ? await serviceTokens.Find(token, Context.RequestAborted)
            : await accounts.FindSessionByToken(token, Context.RequestAborted);
        return session is null
            ? AuthenticateResult.Fail("The token is unknown, expired or revoked.")
            : AuthenticateResult.Success(new AuthenticationTicket(SessionPrincipal.Create(session, Scheme.Name),
                new AuthenticationProperties { ExpiresUtc = session.ExpiresAt }, Scheme.Name));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
        return Task.CompletedTask;
    }
}
