using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using LaoCaiFanpage.FunctionalTests.Infrastructure;
using Xunit.Abstractions;

namespace LaoCaiFanpage.FunctionalTests.Accounts;

/// <summary>
/// Every endpoint × every role (and anonymous), over HTTP against the real host. The expectations are
/// written out here from the regulation's division of powers, not read from the product's policy table.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class AuthorizationMatrixTests(HostFixture fixture, ITestOutputHelper output)
{
    private const string Admin = "Admin", Staff = "EditorialStaff", Head = "EditorialHead", Chief = "ChiefOfOffice", Standing = "StandingCommittee",
        Unit = "UnitOfficer", UnitHead = "UnitHead", Crisis = "CrisisOfficer", Leader = "Leadership", Wall = "WallDisplay";

    /// <summary>Roles only a service token holds: a reporting tool's, an impostor-import script's.</summary>
    private const string ReportTool = "ReportReader", ImpostorScript = "ImpostorReporter";

    private static readonly string[] AllRoles = [Admin, Staff, Head, Chief, Standing, Unit, UnitHead, Crisis, Leader, Wall];
    private static readonly string[] Screens = [Admin, Staff, Head, Chief, Standing, Crisis, Leader, Wall];

    /// <summary>A unit's head reads and answers its cases like its officers (R9) and is told when they are late (R14).</summary>
    private static readonly string[] CaseReaders = [Admin, Staff, Head, Chief, Standing, Unit, UnitHead, Crisis, Leader];
    private static readonly string[] Routers = [Admin, Staff, Head, Chief];
    private static readonly string[] AdminOnly = [Admin];
    private static readonly string[] Drafters = [Admin, Staff, Head, Chief, Unit, UnitHead];

    /// <summary>A person's own profile, notifications and push subscriptions: everyone but a wall screen, which is nobody.</summary>
    private static readonly string[] People = [Admin, Staff, Head, Chief, Standing, Unit, UnitHead, Crisis, Leader];

    /// <summary>Whoever writes or approves what is published checks it against the content rules (R7).</summary>
    private static readonly string[] ContentCheckers = [Admin, Staff, Head, Chief, Standing, Unit, UnitHead];

    /// <summary>R8.3/R8.4c: the Editorial Board decides on flagged comments — an administrator does not judge content.</summary>
    private static readonly string[] Moderators = [Staff, Head, Chief];

    /// <summary>R8.4d: the Department's crisis officers raise signals; they and the Chief of Office (alerts escalate to him) handle them.</summary>
    private static readonly string[] CrisisRaisers = [Crisis];
    private static readonly string[] CrisisHandlers = [Crisis, Chief];
    private static readonly string[] CrisisReaders = [Admin, Staff, Head, Chief, Standing, Crisis, Leader];

    /// <summary>R15.2: the Department watches for impostor pages; the Editorial Board may report one; the Department (and the Chief of Office) decide.</summary>
    private static readonly string[] ImpostorReporters = [Staff, Head, Chief, Crisis, ImpostorScript];
    private static readonly string[] ImpostorHandlers = [Crisis, Chief];
    private static readonly string[] ImpostorReaders = [Admin, Staff, Head, Chief, Standing, Crisis, Leader];

    /// <summary>R10/R11/R13: reports are read by leadership and the Office; the Office (head, chief, admin) makes one again.</summary>
    private static readonly string[] ReportReaders = [Admin, Staff, Head, Chief, Standing, Crisis, Leader, ReportTool];
    private static readonly string[] ReportMakers = [Admin, Head, Chief];

    /// <summary>Art. 8.1: those answerable for what the page shows read its integrity findings, and leadership; the Chief of Office acknowledges them.</summary>
    private static readonly string[] IntegrityReaders = [Admin, Head, Chief, Standing, Leader];

    /// <summary>Article 8.4: only the Editorial Board head, the Chief of Office and the Standing Committee approve — never an administrator.</summary>
    private static readonly string[] Approvers = [Head, Chief, Standing];

    /// <summary>One row per endpoint: how to call it harmlessly, and who may.</summary>
    private sealed record Row(string Method, string Route, string Path, object? Body, string[] Allowed);

    private static readonly Row[] Matrix =
    [
        new("GET", "/", "/", null, Screens),
        new("POST", "/hubs/dashboard/negotiate", "/hubs/dashboard/negotiate?negotiateVersion=1", null, Screens),
        new("GET", "/api/threads/", "/api/threads", null, CaseReaders),
        new("GET", "/api/threads/{id}", "/api/threads/no-such-case", null, CaseReaders),
        new("GET", "/api/threads/{id}/clocks/{clockId}/explanation", "/api/threads/no-such-case/clocks/intake/explanation", null, CaseReaders),
        new("POST", "/api/threads/{id}/assign", "/api/threads/no-such-case/assign", new { units = new[] { "SXD" }, complexity = "own" }, Routers),
        new("POST", "/api/threads/{id}/coordination", "/api/threads/no-such-case/coordination", new { fromUnit = "SXD", toUnit = "STC", question = "?" }, [.. Routers, Unit, UnitHead]),
        new("POST", "/api/threads/{id}/assignee", "/api/threads/no-such-case/assignee", new { username = (string?)null }, [.. Routers, Unit, UnitHead]),
        new("GET", "/cases", "/cases", null, CaseReaders),
        new("GET", "/cases/{id}", "/cases/no-such-case", null, CaseReaders),
        new("GET", "/posts/{id}", "/posts/no-such-post", null, CaseReaders),
        new("GET", "/crises", "/crises", null, CrisisReaders),
        new("GET", "/impostors", "/impostors", null, ImpostorReaders),
        new("GET", "/leadership", "/leadership", null, ReportReaders),
        new("GET", "/units/{code}", "/units/SXD", null, AllRoles),
        new("GET", "/api/screens/charts/{name}", "/api/screens/charts/none.png", null, Screens),
        new("GET", "/api/reports/daily", "/api/reports/daily", null, ReportReaders),
        new("GET", "/api/reports/daily/{file}", "/api/reports/daily/1999-01-01", null, ReportReaders),
        new("POST", "/api/reports/daily/{date}/generate", "/api/reports/daily/1999-01-01/generate", new { }, ReportMakers),
        new("GET", "/api/reports/range", "/api/reports/range?from=1999-01-01&to=1999-01-02", null, ReportReaders),
        new("POST", "/api/impostors/candidates", "/api/impostors/candidates", new { }, ImpostorReporters),
        new("POST", "/api/impostors/candidates/import", "/api/impostors/candidates/import", new { }, ImpostorReporters),
        new("POST", "/api/impostors/search", "/api/impostors/search", new { }, ImpostorHandlers),
        new("GET", "/api/impostors/", "/api/impostors", null, ImpostorReaders),
        new("GET", "/api/impostors/{id}", "/api/impostors/page-00000000000000000000000000000000", null, ImpostorReaders),
        new("POST", "/api/impostors/{id}/{action}", "/api/impostors/page-00000000000000000000000000000000/confirm", new { }, ImpostorHandlers),
        new("POST", "/hubs/cases/negotiate", "/hubs/cases/negotiate?negotiateVersion=1", null, CaseReaders),
        new("POST", "/api/threads/{id}/classify", "/api/threads/no-such-case/classify", new { category = 5, authority = "office" }, Routers),
        new("POST", "/api/threads/{id}/reassign", "/api/threads/no-such-case/reassign", new { units = new[] { "SXD" }, complexity = "own" }, Routers),
        new("POST", "/api/threads/{id}/drafts", "/api/threads/no-such-case/drafts", new { text = "Trả lời", sources = Array.Empty<string>() }, Drafters),
        new("POST", "/api/threads/{id}/submit", "/api/threads/no-such-case/submit", new { }, Drafters),
        new("POST", "/api/threads/{id}/approve", "/api/threads/no-such-case/approve", new { }, Approvers),
        new("POST", "/api/threads/{id}/reject", "/api/threads/no-such-case/reject", new { reason = "Chưa đạt" }, Approvers),
        new("POST", "/api/threads/{id}/coordination/{clockId}/answer", "/api/threads/no-such-case/coordination/x/answer", new { text = "Đã có" }, [.. Routers, Unit, UnitHead]),
        new("POST", "/api/threads/{id}/merge", "/api/threads/no-such-case/merge", new { into = "no-such-case-2" }, Routers),
        new("POST", "/api/threads/{id}/close", "/api/threads/no-such-case/close", new { reason = "spam" }, Routers),
        new("POST", "/api/threads/{id}/correction", "/api/threads/no-such-case/correction", new { text = "x", reason = "y" }, Routers),
        new("POST", "/api/threads/{id}/removal", "/api/threads/no-such-case/removal", new { reason = "y" }, Routers),
        new("POST", "/api/threads/{id}/reopen", "/api/threads/no-such-case/reopen", new { reason = "Hỏi lại" }, Routers),
        new("GET", "/api/publishing/", "/api/publishing", null, Routers),
        new("GET", "/api/posts/", "/api/posts", null, CaseReaders),
        new("GET", "/api/posts/{id}", "/api/posts/no-such-post", null, CaseReaders),
        new("POST", "/api/posts/", "/api/posts", new { category = 9 }, Routers),
        new("POST", "/api/posts/{id}/drafts", "/api/posts/no-such-post/drafts", new { text = "Bài" }, Routers),
        new("POST", "/api/posts/{id}/submit", "/api/posts/no-such-post/submit", new { }, Routers),
        new("POST", "/api/posts/{id}/approve", "/api/posts/no-such-post/approve", new { }, Approvers),
        new("POST", "/api/posts/{id}/reject", "/api/posts/no-such-post/reject", new { reason = "Chưa đạt" }, Approvers),
        new("GET", "/api/posts/calendar", "/api/posts/calendar", null, CaseReaders),
        new("POST", "/api/posts/{id}/schedule", "/api/posts/no-such-post/schedule", new { publishAt = (string?)null }, Routers),
        new("POST", "/api/posts/{id}/correction", "/api/posts/no-such-post/correction", new { text = "x", reason = "y" }, Routers),
        new("POST", "/api/posts/{id}/removal", "/api/posts/no-such-post/removal", new { reason = "y" }, Routers),
        new("POST", "/api/posts/{id}/withdraw", "/api/posts/no-such-post/withdraw", new { reason = "Không đăng" }, Routers),
        new("POST", "/api/publishing/resume", "/api/publishing/resume", null, AdminOnly),
        new("POST", "/api/content/check", "/api/content/check", new { text = "Xin chào" }, ContentCheckers),
        new("GET", "/api/moderation", "/api/moderation", null, Moderators),
        new("POST", "/api/crises/signals", "/api/crises/signals", new { severity = 9 }, CrisisRaisers),
        new("GET", "/api/crises/", "/api/crises", null, CrisisReaders),
        new("GET", "/api/crises/{id}", "/api/crises/crisis-00000000000000000000000000000000", null, CrisisReaders),
        new("POST", "/api/crises/{id}/plan", "/api/crises/crisis-00000000000000000000000000000000/plan", new { }, CrisisRaisers),
        new("POST", "/api/crises/{id}/plan/submit", "/api/crises/crisis-00000000000000000000000000000000/plan/submit", null, CrisisRaisers),
        new("POST", "/api/crises/{id}/plan/approve", "/api/crises/crisis-00000000000000000000000000000000/plan/approve", null, Approvers),
        new("POST", "/api/crises/{id}/plan/return", "/api/crises/crisis-00000000000000000000000000000000/plan/return", new { reason = "x" }, Approvers),
        new("GET", "/api/crises/sources/", "/api/crises/sources", null, AdminOnly),
        new("POST", "/api/crises/sources/", "/api/crises/sources", new { }, AdminOnly),
        new("POST", "/api/crises/sources/{id}/secret", "/api/crises/sources/999999/secret", null, AdminOnly),
        new("POST", "/api/crises/sources/{id}/disable", "/api/crises/sources/999999/disable", null, AdminOnly),
        new("GET", "/api/integrity/findings", "/api/integrity/findings", null, IntegrityReaders),
        new("POST", "/api/integrity/findings/{id}/acknowledge", "/api/integrity/findings/integrity-999999/acknowledge", new { note = "x" }, [Chief]),
        new("POST", "/api/media/", "/api/media", null, Routers),
        new("GET", "/api/media/{id}", "/api/media/" + new string('0', 64), null, CaseReaders),
        new("GET", "/api/tokens/", "/api/tokens", null, AdminOnly),
        new("POST", "/api/tokens/", "/api/tokens", new { }, AdminOnly),
        new("POST", "/api/tokens/{id}/revoke", "/api/tokens/999999/revoke", null, AdminOnly),
        new("POST", "/api/crises/{id}/{action}", "/api/crises/crisis-00000000000000000000000000000000/acknowledge", new { }, CrisisHandlers),
        new("POST", "/api/threads/{id}/moderation/{messageId}", "/api/threads/no-such-case/moderation/m1", new { decision = "keep" }, Moderators),
        new("GET", "/api/units/", "/api/units", null, AllRoles),
        new("GET", "/api/units/{code}", "/api/units/SXD", null, AllRoles),
        new("GET", "/api/units/{code}/officers", "/api/units/SXD/officers", null, [.. ReportReaders, UnitHead]),
        new("GET", "/api/calendar/deadline", "/api/calendar/deadline?start=2026-11-27T10:00:00%2B07:00&days=1", null, AllRoles),
        new("GET", "/api/calendar/lunar", "/api/calendar/lunar?date=2026-02-17", null, AllRoles),
        new("GET", "/api/calendar/{year}", "/api/calendar/2026", null, AllRoles),
        new("GET", "/api/auth/me", "/api/auth/me", null, AllRoles),
        new("POST", "/api/auth/password", "/api/auth/password", new { }, People),
        new("POST", "/api/auth/second-factor", "/api/auth/second-factor", null, People),
        new("POST", "/api/auth/second-factor/confirm", "/api/auth/second-factor/confirm", new { }, People),
        new("GET", "/account/", "/account", null, People),
        new("POST", "/account/password", "/account/password", null, People),
        new("POST", "/account/second-factor", "/account/second-factor", null, People),
        new("POST", "/account/second-factor/confirm", "/account/second-factor/confirm", null, People),
        new("GET", "/api/me/", "/api/me", null, People),
        new("PUT", "/api/me/", "/api/me", new { }, People),
        new("GET", "/api/me/push/public-key", "/api/me/push/public-key", null, People),
        new("GET", "/api/me/push-subscriptions", "/api/me/push-subscriptions", null, People),
        new("POST", "/api/me/push-subscriptions", "/api/me/push-subscriptions", new { }, People),
        new("DELETE", "/api/me/push-subscriptions/{id}", "/api/me/push-subscriptions/999999", null, People),
        new("GET", "/api/me/notification-settings", "/api/me/notification-settings", null, People),
        new("PUT", "/api/me/notification-settings", "/api/me/notification-settings", new { }, People),
        new("GET", "/api/me/notifications", "/api/me/notifications", null, People),
        new("POST", "/api/me/notifications/{id}/read", "/api/me/notifications/999999/read", null, People),
        new("POST", "/api/me/notifications/read-all", "/api/me/notifications/read-all", null, People),
        new("GET", "/api/notifications/", "/api/notifications", null, AdminOnly),
        new("GET", "/api/users/", "/api/users", null, AdminOnly),
        new("POST", "/api/users/", "/api/users", new { }, AdminOnly),
        new("GET", "/api/users/{username}", "/api/users/no-such-user", null, AdminOnly),
        new("POST", "/api/users/{username}/disable", "/api/users/no-such-user/disable", null, AdminOnly),
        new("POST", "/api/users/{username}/enable", "/api/users/no-such-user/enable", null, AdminOnly),
        new("POST", "/api/users/{username}/password", "/api/users/no-such-user/password", new { password = "x" }, AdminOnly),
        new("POST", "/api/users/{username}/roles", "/api/users/no-such-user/roles", new { roles = new[] { "Leadership" } }, AdminOnly),
        new("POST", "/api/users/{username}/second-factor/reset", "/api/users/no-such-user/second-factor/reset", null, AdminOnly),
        new("PUT", "/api/users/{username}", "/api/users/no-such-user", new { email = "a@laocai.gov.vn" }, AdminOnly),
        new("GET", "/api/kiosks/", "/api/kiosks", null, AdminOnly),
        new("POST", "/api/kiosks/", "/api/kiosks", new { }, AdminOnly),
        new("POST", "/api/kiosks/{id}/revoke", "/api/kiosks/999999/revoke", null, AdminOnly),
        new("POST", "/api/kiosks/{id}/pairing", "/api/kiosks/999999/pairing", null, AdminOnly),
        new("GET", "/api/audit/", "/api/audit?pageSize=1", null, AdminOnly),
        new("GET", "/api/audit/verify", "/api/audit/verify", null, AdminOnly),
        new("GET", "/api/audit/export", "/api/audit/export?from=2026-11-01&to=2026-11-02", null, AdminOnly),
        new("GET", "/api/system/endpoints", "/api/system/endpoints", null, AdminOnly),
        new("GET", "/openapi/v1.json", "/openapi/v1.json", null, AdminOnly),
        new("GET", "/reference/{documentName?}", "/reference/", null, AdminOnly),
        new("GET", "/api/webhooks/inbox/", "/api/webhooks/inbox", null, AdminOnly),
        new("GET", "/api/webhooks/inbox/{receipt}", "/api/webhooks/inbox/9000000000000", null, CaseReaders),
        new("GET", "/api/webhooks/quarantine/", "/api/webhooks/quarantine", null, AdminOnly),
        new("GET", "/api/webhooks/reconcile/", "/api/webhooks/reconcile", null, AdminOnly),
        new("GET", "/api/webhooks/health/", "/api/webhooks/health", null, AdminOnly),
        new("POST", "/api/webhooks/health/subscription", "/api/webhooks/health/subscription", new { }, AdminOnly),
        new("POST", "/api/webhooks/reconcile/", "/api/webhooks/reconcile", new { }, AdminOnly),
        new("POST", "/api/webhooks/quarantine/{receipt}/retry", "/api/webhooks/quarantine/9000000000000/retry", new { }, AdminOnly),
        .. OrleansDashboard(),
    ];

    /// <summary>The Orleans cluster dashboard (page, assets and its JSON): administrators only — it can show grain state.</summary>
    private static IEnumerable<Row> OrleansDashboard() =>
        new (string Route, string Path)[]
        {
            ("/orleans/", "/orleans/"), ("/orleans/index.html", "/orleans/index.html"), ("/orleans/index.min.js", "/orleans/index.min.js"),
            ("/orleans/index.css", "/orleans/index.css"), ("/orleans/favicon.ico", "/orleans/favicon.ico"), ("/orleans/fonts/{**path}", "/orleans/fonts/x.woff"),
            ("/orleans/img/{**path}", "/orleans/img/x.png"), ("/orleans/version", "/orleans/version"), ("/orleans/ClusterStats", "/orleans/ClusterStats"),
            ("/orleans/DashboardCounters", "/orleans/DashboardCounters"), ("/orleans/GrainState", "/orleans/GrainState"),
            ("/orleans/GrainStats/{*grainName}", "/orleans/GrainStats/commentthread"), ("/orleans/GrainTypes", "/orleans/GrainTypes"),
            ("/orleans/HistoricalStats/{*path}", "/orleans/HistoricalStats/x"), ("/orleans/LifecycleStages", "/orleans/LifecycleStages"),
            ("/orleans/Reminders", "/orleans/Reminders"), ("/orleans/Reminders/{page:int}", "/orleans/Reminders/1"),
            ("/orleans/SiloCounters/{*address}", "/orleans/SiloCounters/x"), ("/orleans/SiloMetadata/{*address}", "/orleans/SiloMetadata/x"),
            ("/orleans/SiloProperties/{*address}", "/orleans/SiloProperties/x"), ("/orleans/SiloStats/{*address}", "/orleans/SiloStats/x"),
            ("/orleans/TopGrainMethods", "/orleans/TopGrainMethods"), ("/orleans/Trace", "/orleans/Trace"),
        }.Select(e => new Row("GET", e.Route, e.Path, null, AdminOnly));

    /// <summary>Open to anyone: health probes, Meta's webhook (its signature is its credential) and the doors to sign in.</summary>
    private static readonly string[] Anonymous =
    [
        "* /health/live", "* /health/ready", "GET /webhooks/facebook/", "POST /webhooks/facebook/",
        "GET /login", "POST /login", "POST /logout", "GET /kiosk/{token}", "POST /api/auth/login",
        // A monitoring system's signal: its HMAC signature is its credential.
        "POST /api/crises/sources/{id}/signals",
        // The reference page's scripts and icon (the Scalar library): like the other static files, they carry no data.
        "GET /reference/scalar.js", "GET /reference/scalar.aspnetcore.js", "GET /reference/favicon.svg",
    ];

    /// <summary>Any signed-in session may end itself; checked per role with a session of its own.</summary>
    private const string Logout = "POST /api/auth/logout";

    private static HttpRequestMessage Request(Row row) => new(new HttpMethod(row.Method), row.Path.TrimStart('/'))
    {
        Content = row.Body is null ? null : Infrastructure.Accounts.Json(row.Body),
    };

    [Fact]
    public async Task The_matrix_covers_every_endpoint_the_host_exposes()
    {
        var exposed = (await fixture.Client.GetJson("api/system/endpoints")).EnumerateArray()
            .SelectMany(e => (e.GetProperty("methods").GetArrayLength() == 0 ? ["*"] : e.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!))
                .Select(m => (Key: $"{m} {e.GetProperty("route").GetString()}", Anonymous: e.GetProperty("anonymous").GetBoolean())))
            .ToList();
        var covered = Matrix.Select(r => $"{r.Method} {r.Route}").Concat(Anonymous).Append(Logout).ToHashSet();
        // The hub's transport endpoints (WebSocket/long polling on /hubs/dashboard) are authorised like its negotiate endpoint.
        covered.Add("* /hubs/dashboard");
        covered.Add("* /hubs/dashboard/negotiate");
        covered.Add("* /hubs/cases");
        covered.Add("* /hubs/cases/negotiate");
        var missing = exposed.Where(e => !covered.Contains(e.Key)).Select(e => e.Key).ToList();
        Assert.True(missing.Count == 0, "endpoints without a row in the authorisation matrix: " + string.Join(", ", missing));
        Assert.Equal(Anonymous.Order(), exposed.Where(e => e.Anonymous).Select(e => e.Key).Order());
    }

    /// <summary>
    /// The operations the OpenAPI document describes (what integrators read) are the ones this matrix checks: a
    /// described endpoint without a row, or a row for an API route the document leaves out, fails.
    /// </summary>
    [Fact]
    public async Task The_matrix_covers_every_operation_of_the_API_description()
    {
        var document = await fixture.Client.GetJson("openapi/v1.json");
        var described = document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(operation => $"{operation.Name.ToUpperInvariant()} {path.Name}"))
            .ToList();
        Assert.True(described.Count > 100, $"only {described.Count} operations described");
        var rows = Matrix.Select(r => $"{r.Method} {r.Route.TrimEnd('/')}").Concat(Anonymous).Append(Logout).Select(Normalize).ToHashSet();
        var withoutRow = described.Select(Normalize).Where(d => !rows.Contains(d)).ToList();
        Assert.True(withoutRow.Count == 0, "described operations without a row in the authorisation matrix: " + string.Join(", ", withoutRow));
        var apiRows = Matrix.Where(r => r.Route.StartsWith("/api/", StringComparison.Ordinal))
            .Select(r => Normalize($"{r.Method} {r.Route.TrimEnd('/')}")).ToHashSet();
        var undescribed = apiRows.Except(described.Select(Normalize)).ToList();
        Assert.True(undescribed.Count == 0, "API routes the description leaves out: " + string.Join(", ", undescribed));

        // The document writes a route's trailing slash and parameter constraints its own way.
        static string Normalize(string key) => Regex.Replace(key.TrimEnd('/'), "{([^}:?]+)[^}]*}", "{$1}");
    }

    [Fact]
    public async Task Every_endpoint_answers_every_role_as_the_regulation_divides_the_powers()
    {
        var clients = new Dictionary<string, HttpClient> { [Admin] = fixture.Client };
        foreach (var role in AllRoles.Where(r => r != Admin && r != Wall))
        {
            clients[role] = (await fixture.NewUser(role, role is Unit or UnitHead ? "SXD" : null)).Client;
        }

        clients[Wall] = await KioskClient();
        var failures = new List<string>();
        var checkedCount = 0;
        foreach (var row in Matrix)
        {
            foreach (var role in AllRoles)
            {
                // Headers only: /orleans/Trace streams the log for as long as it is read.
                using var response = await clients[role].SendAsync(Request(row), HttpCompletionOption.ResponseHeadersRead);
                var status = (int)response.StatusCode;
                var allowed = row.Allowed.Contains(role);
                checkedCount++;
                if (allowed ? status is 401 or 403 : status != 403)
                {
                    failures.Add($"{row.Method} {row.Path} as {role}: {status} (expected {(allowed ? "allowed" : "403")})");
                }
            }

            using var anonymous = await fixture.Anonymous.SendAsync(Request(row), HttpCompletionOption.ResponseHeadersRead);
            // Pages and their forms lead to the sign-in page; the API and the hubs answer 401.
            var page = !row.Route.StartsWith("/api/", StringComparison.Ordinal) && !row.Route.StartsWith("/hubs/", StringComparison.Ordinal)
                && !row.Route.StartsWith("/openapi/", StringComparison.Ordinal);
            var expectedAnonymous = page ? HttpStatusCode.Redirect : HttpStatusCode.Unauthorized;
            if (anonymous.StatusCode != expectedAnonymous || (page && !anonymous.Headers.Location!.ToString().Contains("/login", StringComparison.Ordinal)))
            {
                failures.Add($"{row.Method} {row.Path} anonymous: {(int)anonymous.StatusCode} (expected {(int)expectedAnonymous})");
            }
        }

        foreach (var role in AllRoles)
        {
            // A fresh session per role: logging out ends it.
            using var own = role == Wall ? await KioskClient() : role == Admin ? await fixture.Host.CreateSignedInClient() : (await fixture.NewUser(role, role is Unit or UnitHead ? "SXD" : null)).Client;
            using var response = await own.PostAsync("api/auth/logout", null);
            using var after = await own.GetAsync("api/auth/me");
            if (response.StatusCode != HttpStatusCode.NoContent || after.StatusCode != HttpStatusCode.Unauthorized)
            {
                failures.Add($"{Logout} as {role}: {(int)response.StatusCode}, then /api/auth/me {(int)after.StatusCode}");
            }
        }

        output.WriteLine($"{checkedCount} endpoint × role checks, {Matrix.Length} anonymous checks");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>
    /// Every endpoint × every role a service token may hold: a token reaches what its role reads, writes only impostor
    /// reports (with that role), and never a person's own account — whatever the role's policies say.
    /// </summary>
    [Fact]
    public async Task Every_endpoint_answers_a_service_token_only_with_reads_and_its_one_write()
    {
        var failures = new List<string>();
        foreach (var role in new[] { Leader, Wall, ReportTool, ImpostorScript })
        {
            var issued = await Editorial.Post(fixture.Client, "api/tokens", new { name = $"Ma trận {role} {Guid.NewGuid():N}", roles = new[] { role }, expiresInDays = 1 }, HttpStatusCode.Created);
            using var client = fixture.Host.CreateClient();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", issued.GetProperty("token").GetString());
            foreach (var row in Matrix)
            {
                var reads = row.Method is "GET" or "HEAD" || row.Route.StartsWith("/hubs/", StringComparison.Ordinal);
                var impostorReport = row.Route.StartsWith("/api/impostors/candidates", StringComparison.Ordinal);
                // What any signed-in caller reads (the calendar, the units' public figures, who am I) a token reads too.
                var allowed = (row.Allowed.Contains(role) || ReferenceEquals(row.Allowed, AllRoles)) && !ReferenceEquals(row.Allowed, People) && (reads || impostorReport);
                using var response = await client.SendAsync(Request(row), HttpCompletionOption.ResponseHeadersRead);
                var status = (int)response.StatusCode;
                if (allowed ? status is 401 or 403 : status != 403)
                {
                    failures.Add($"{row.Method} {row.Path} with a {role} token: {status} (expected {(allowed ? "allowed" : "403")})");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>A screen signed in with a kiosk link (cookie), as a wall display is.</summary>
    private async Task<HttpClient> KioskClient()
    {
        var (_, url) = await fixture.Host.CreateKiosk("Ma trận quyền");
        var handler = new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false };
        var client = new HttpClient(handler) { BaseAddress = fixture.Host.BaseAddress };
        using var opened = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        return client;
    }
}
