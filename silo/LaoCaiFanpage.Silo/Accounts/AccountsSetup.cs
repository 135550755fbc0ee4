using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using LaoCaiFanpage.Contracts.Accounts;
using LaoCaiFanpage.Grains.Audit;
using LaoCaiFanpage.Silo.Http;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace LaoCaiFanpage.Silo.Accounts;

/// <summary>
/// Sign-in for browsers (cookie) and API clients (bearer token), both backed by a session row that is
/// checked on every request; one policy per power (see <see cref="AccessPolicies"/>); everything else
/// needs a signed-in caller.
/// </summary>
public static class AccountsSetup
{
    /// <summary>Picks the cookie or the bearer handler per request.</summary>
    public const string SessionScheme = "Session";
    public const string CookieScheme = CookieAuthenticationDefaults.AuthenticationScheme;
    public const string BearerScheme = "Bearer";

    /// <summary>The rate-limiting policy of every sign-in door: the form, the API and kiosk links.</summary>
    public const string SignInLimit = "sign-in";

    public static WebApplicationBuilder AddAccounts(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<AuthOptions>().Bind(builder.Configuration.GetSection(AuthOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AuditOptions>().Bind(builder.Configuration.GetSection(AuditOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IPasswordHasher<UserAccount>, PasswordHasher<UserAccount>>();
        services.AddSingleton<PasswordPolicy>();
        services.AddSingleton<AccountStore>();
        services.AddSingleton<IAccountDirectory>(sp => sp.GetRequiredService<AccountStore>());
        services.AddSingleton<ServiceTokenStore>();
        // The chain key and the checkpoints' place, outside the database (a missing key on the cluster profile stops start-up).
        var chainKey = AuditChainKey.Load(builder.Configuration);
        var retention = builder.Configuration.GetSection(AuditOptions.Section).Get<AuditOptions>()?.RetentionDays ?? new AuditOptions().RetentionDays;
        services.AddSingleton(sp => new AuditLog(sp.GetRequiredService<Grains.Storage.FanpageDatabase>(), sp.GetRequiredService<Grains.Storage.WriteGate>(), chainKey, retention));
        services.AddHostedService<AuditSealer>();

        services.AddDataProtection().SetApplicationName("LaoCaiFanpage");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp =>
            new ConfigureOptions<KeyManagementOptions>(o => o.XmlRepository = new DatabaseXmlRepository(sp.GetRequiredService<Grains.Storage.FanpageDatabase>())));

        services.AddAuthentication(SessionScheme)
            .AddPolicyScheme(SessionScheme, null, o => o.ForwardDefaultSelector = context =>
                BearerSessionHandler.TokenOf(context.Request) is not null ? BearerScheme : CookieScheme)
            .AddScheme<AuthenticationSchemeOptions, BearerSessionHandler>(BearerScheme, null)
            .AddCookie(CookieScheme, o =>
            {
                o.Cookie.Name = "lcf.session";
                o.Cookie.HttpOnly = true;
                // Strict: no other site can make a browser send it, which is what keeps the JSON API safe from CSRF.
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.LoginPath = "/login";
                o.LogoutPath = "/logout";
                o.ReturnUrlParameter = "returnUrl";
                o.SlidingExpiration = false;
                o.Events = new CookieAuthenticationEvents
                {
                    OnValidatePrincipal = ValidateSession,
                    OnRedirectToLogin = context => Answer(context, StatusCodes.Status401Unauthorized),
                    OnRedirectToAccessDenied = context => Answer(context, StatusCodes.Status403Forbidden),
                };
            });

        services.AddAuthorization(o =>
        {
            foreach (var (policy, roles) in AccessPolicies.RolesByPolicy)
            {
                // A person's own account: a service token holding Leadership is still nobody's account.
                o.AddPolicy(policy, policy == AccessPolicies.OwnAccount
                    ? p => p.RequireAuthenticatedUser().RequireRole(roles).RequireAssertion(c => !ServiceTokenStore.IsService(c.User))
                    : p => p.RequireAuthenticatedUser().RequireRole(roles));
            }

            o.AddPolicy(AccessPolicies.Person, p => p.RequireAuthenticatedUser().RequireAssertion(c =>
                c.User.Identity?.Name is { } name && !name.StartsWith("kiosk:", StringComparison.Ordinal) && !ServiceTokenStore.IsService(c.User)));
            o.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
        });
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "lcf.antiforgery";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.FormFieldName = "__csrf";
        });

        var perMinute = builder.Configuration.GetSection(AuthOptions.Section).Get<AuthOptions>()?.LoginAttemptsPerMinute ?? new AuthOptions().LoginAttemptsPerMinute;
        services.AddRateLimiter(o =>
        {
            o.AddPolicy(SignInLimit, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Actor().Ip ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            o.OnRejected = async (context, cancellationToken) =>
            {
                var retry = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1);
                context.HttpContext.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retry.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                await TypedResults.Problem(
                    title: "Quá nhiều lần đăng nhập / Too many sign-in attempts",
                    detail: $"This address made more than {perMinute} sign-in attempts in a minute; try again in {(int)Math.Ceiling(retry.TotalSeconds)} s.",
                    statusCode: StatusCodes.Status429TooManyRequests).ExecuteAsync(context.HttpContext);
            };
        });

        services.Configure<ForwardedHeadersOptions>(o =>
        {
            // Behind a reverse proxy the client's address comes from X-Forwarded-For, trusted only from the proxies named here.
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var proxy in builder.Configuration.GetSection("Network:KnownProxies").Get<string[]>() ?? [])
            {
                if (IPAddress.TryParse(proxy, out var address))
                {
                    o.KnownProxies.Add(address);
                }
            }

            // Or whole networks (CIDR), for proxies whose address is not fixed: containers, Kubernetes ingress pods.
            foreach (var network in builder.Configuration.GetSection("Network:KnownNetworks").Get<string[]>() ?? [])
            {
                if (System.Net.IPNetwork.TryParse(network, out var parsed))
                {
                    o.KnownIPNetworks.Add(parsed);
                }
            }
        });
        return builder;
    }

    public static WebApplication UseAccounts(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseAuthentication();
        app.Use(HoldPendingSessions);
        app.Use(GateServiceTokens);
        app.UseAuthorization();
        app.UseRateLimiter();
        return app;
    }

    /// <summary>
    /// A session whose owner must first change an administrator's password or enrol a second factor reaches only its
    /// own account (the API's /api/auth, the account page, sign-out); anything else answers 403 (API) or leads to the page.
    /// </summary>
    private static async Task HoldPendingSessions(HttpContext context, Func<Task> next)
    {
        var pending = context.User.FindFirst(AccountClaims.Pending)?.Value;
        var path = context.Request.Path;
        if (pending is null || path.StartsWithSegments("/api/auth") || path.StartsWithSegments(AccountPage.Path)
            || path.StartsWithSegments("/login") || path.StartsWithSegments("/logout") || path.StartsWithSegments("/health"))
        {
            await next();
            return;
        }

        if (IsApiRequest(context.Request))
        {
            var problem = TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden,
                title: pending == PendingSteps.PasswordChange ? "Cần đổi mật khẩu / Password change required" : "Cần bật xác thực hai bước / Second factor enrolment required",
                detail: pending == PendingSteps.PasswordChange
                    ? "An administrator set this account's password: change it with POST /api/auth/password before anything else."
                    : "This account's roles need a second factor: enrol with POST /api/auth/second-factor and /confirm before anything else.");
            problem.ProblemDetails.Extensions["code"] = pending;
            await problem.ExecuteAsync(context);
            return;
        }

        context.Response.Redirect(AccountPage.Path);
    }

    /// <summary>
    /// A service token reads, and writes only where its one write permission applies (reporting impostor pages);
    /// the screens' hub is read-only whatever its transport's method. Every use, and every refusal, is in the audit
    /// log under the token's name (a WebSocket when it opens; a request as its answer starts).
    /// </summary>
    private static async Task GateServiceTokens(HttpContext context, Func<Task> next)
    {
        if (!ServiceTokenStore.IsService(context.User))
        {
            await next();
            return;
        }

        var tokens = context.RequestServices.GetRequiredService<ServiceTokenStore>();
        var request = context.Request;
        var session = context.User.SessionId()!;
        var path = request.PathBase.Add(request.Path).Value ?? "/";
        var reads = HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || request.Path.StartsWithSegments("/hubs");
        var mayWrite = context.GetEndpoint()?.Metadata.GetOrderedMetadata<IAuthorizeData>()
            .Any(a => a.Policy == AccessPolicies.ReportImpostors) == true;
        if (!reads && !mayWrite)
        {
            await tokens.RecordUse(context.Actor(), session, request.Method, path, StatusCodes.Status403Forbidden, "service-token.refused");
            var problem = TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Mã truy cập chỉ để đọc / A service token only reads",
                detail: "A service token reads; the only change it may make is reporting an impostor page (with the ImpostorReporter role).");
            problem.ProblemDetails.Extensions["code"] = "read-only-token";
            await problem.ExecuteAsync(context);
            return;
        }

        if (context.WebSockets.IsWebSocketRequest)
        {
            await tokens.RecordUse(context.Actor(), session, request.Method, path, StatusCodes.Status101SwitchingProtocols, "service-token.used");
            await next();
            return;
        }

        // Logged as the answer starts, so no caller ever holds an answer whose use is not yet in the log.
        var recorded = false;
        Task Record()
        {
            recorded = true;
            return tokens.RecordUse(context.Actor(), session, request.Method, path, context.Response.StatusCode, "service-token.used");
        }

        context.Response.OnStarting(() => recorded ? Task.CompletedTask : Record());
        try
        {
            await next();
        }
        finally
        {
            if (!recorded)
            {
                await Record();
            }
        }
    }

    /// <summary>Machines' requests, answered 401 when signed out (a person's page is sent to the sign-in form instead).</summary>
    public static bool IsApiRequest(HttpRequest request) =>
        request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/hubs") || request.Path.StartsWithSegments("/openapi");

    private static async Task ValidateSession(CookieValidatePrincipalContext context)
    {
        var accounts = context.HttpContext.RequestServices.GetRequiredService<AccountStore>();
        var sessionId = context.Principal?.SessionId();
        var session = sessionId is null ? null : await accounts.FindSession(sessionId, context.HttpContext.RequestAborted);
        if (session is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieScheme);
            return;
        }

        // Roles and unit as they are now: an administrator's change applies on the next request.
        context.ReplacePrincipal(SessionPrincipal.Create(session, CookieScheme));
    }

    private static Task Answer(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (IsApiRequest(context.Request) || status == StatusCodes.Status403Forbidden)
        {
            context.Response.StatusCode = status;
            return status == StatusCodes.Status403Forbidden && !IsApiRequest(context.Request)
                ? LoginPage.WriteForbidden(context.HttpContext)
                : Task.CompletedTask;
        }

        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
