using LaoCaiFanpage.Dashboard;

namespace LaoCaiFanpage.Silo.Hosting;

/// <summary>
/// The headers every response carries so a browser confines what the pages may do: scripts and styles from this
/// site only (plus the pages' own one-line start-up scripts and the sign-in page's style, by hash), no framing by
/// other sites (unless <c>Network:FrameAncestors</c> names the sites that may embed the wall, e.g. the Office's
/// intranet), no MIME sniffing, no referrer (kiosk pairing codes travel in URLs), and HSTS once served over HTTPS.
/// </summary>
public static class SecurityHeaders
{
    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        var frameAncestors = app.Configuration.GetSection("Network:FrameAncestors").Get<string[]>() ?? [];
        var scripts = string.Join(' ', DashboardExtensions.InlineScriptHashes);
        var styles = string.Join(' ', Accounts.LoginPage.StyleHashes);
        string Policy(string ancestors) =>
            $"default-src 'self'; script-src 'self' {scripts}; style-src 'self' {styles}; img-src 'self' data: blob:; connect-src 'self'; "
            + $"font-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors {ancestors}";
        var strict = Policy("'none'");

        // The API reference page (Scalar, administrators only, showing nothing but the service's own description) starts
        // itself with an inline module script, styles its components inline and compiles some code at run time: only
        // that page may (a hash or nonce would switch 'unsafe-inline' off, so this policy has none).
        const string reference = "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data: blob:; connect-src 'self'; font-src 'self' data:; worker-src 'self' blob:; object-src 'none'; "
            + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
        var screens = frameAncestors.Length == 0 ? strict : Policy(string.Join(' ', frameAncestors));
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                var screen = context.Request.Path == "/" || context.Request.Path.StartsWithSegments("/units");
                headers.ContentSecurityPolicy = screen ? screens
                    : context.Request.Path.StartsWithSegments(ApiDescription.ReferencePath) ? reference
                    : strict;
                if (!screen || frameAncestors.Length == 0)
                {
                    headers.XFrameOptions = "DENY";
                }

                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
                if (context.Request.IsHttps)
                {
                    headers.StrictTransportSecurity = "max-age=31536000; includeSubDomains";
                }

                return Task.CompletedTask;
            });
            return next(context);
        });
        return app;
    }
}
