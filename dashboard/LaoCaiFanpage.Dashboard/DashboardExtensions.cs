using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using System.Text.Unicode;
using LaoCaiFanpage.Contracts.Accounts;
using LaoCaiFanpage.Contracts.Time;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace LaoCaiFanpage.Dashboard;

public static class DashboardExtensions
{
    private static readonly Lazy<string> WallPage = new(() => Page("wall"));
    private static readonly Lazy<string> CasesPage = new(() => Page("cases"));
    private static readonly Lazy<string> CasePage = new(() => Page("case"));
    private static readonly Lazy<string> PostPage = new(() => Page("post"));
    private static readonly Lazy<string> CrisesPage = new(() => Page("crises"));
    private static readonly Lazy<string> ImpostorsPage = new(() => Page("impostors"));
    private static readonly Lazy<string> LeadershipPage = new(() => Page("leadership"));
    private static readonly Lazy<string> UnitPage = new(() => Page("unit"));

    /// <summary>
    /// The SHA-256 of each inline script in the embedded pages (each page's one-line start-up call), for the
    /// Content-Security-Policy: those run, nothing else inline does.
    /// </summary>
    public static IReadOnlyList<string> InlineScriptHashes { get; } =
    [
        .. new[] { "wall", "cases", "case", "post", "crises", "impostors", "leadership", "unit" }
            .SelectMany(name => Regex.Matches(Page(name), "<script>(.*?)</script>", RegexOptions.Singleline))
            .Select(m => InlineHash(m.Groups[1].Value))
            .Distinct(),
    ];

    /// <summary>An inline script's or style's source as a Content-Security-Policy allows it by hash.</summary>
    public static string InlineHash(string inline) =>
        "'sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(inline))) + "'";

    private static string Page(string name)
    {
        using var stream = typeof(DashboardExtensions).Assembly.GetManifestResourceStream($"LaoCaiFanpage.Dashboard.Pages.{name}.html")
            ?? throw new InvalidOperationException($"The {name} page is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public static IServiceCollection AddDashboard(this IServiceCollection services)
    {
        services.AddOptions<DashboardOptions>()
            .BindConfiguration("Fanpage")
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSignalR().AddJsonProtocol(json =>
        {
            json.PayloadSerializerOptions.Encoder = JavaScriptEncoder.Create(UnicodeRanges.All);
            json.PayloadSerializerOptions.Converters.Add(new VietnamTimeJsonConverter());
            json.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower));
        });
        services.AddSingleton<DashboardBroadcaster>();
        services.AddSingleton<ScreenConnections>();
        services.AddSingleton<ScreenPrivacy>();
        services.AddHostedService(sp => sp.GetRequiredService<DashboardBroadcaster>());
        return services;
    }

    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder routes)
    {
        // A connection ends when its session's sign-in expires, not weeks later (a wall's kiosk session reconnects with its cookie).
        routes.MapHub<DashboardHub>(DashboardHub.Path, o => o.CloseOnAuthenticationExpiration = true);
        routes.MapHub<CaseHub>(CaseHub.Path, o => o.CloseOnAuthenticationExpiration = true);
        // The wall page itself is behind sign-in (its scripts and styles are static and hold no data).
        routes.MapGet("/", () => Results.Content(WallPage.Value, "text/html; charset=utf-8"))
            .RequireAuthorization(AccessPolicies.Screens)
            .ExcludeFromDescription();

        // Officer pages: the queues and the case page (what each may see and do is decided by the API they call).
        routes.MapGet("/cases", () => Results.Content(CasesPage.Value, "text/html; charset=utf-8"))
            .RequireAuthorization(AccessPolicies.ReadCases)
            .ExcludeFromDescription();
        routes.MapGet("/cases/{id}", (string id) => Results.Content(CasePage.Value, "text/html; charset=utf-8"))
            .RequireAuthorization(AccessPolicies.ReadCases)
            .ExcludeFromDescription();
        routes.MapGet("/posts/{id}", (string id) => Results.Content(PostPage.Value, "text/html; charset=utf-8"))
            .RequireAuthorization(AccessPolicies.ReadCases)
            .ExcludeFromDescription();

        // Crisis officers' page (R8.4d): crises live, the Department's signals, acknowledge → respond → resolve.
        routes.MapGet("/crises", () => Results.Content(CrisesPage.Value, "text/html; charset=utf-8"))
            .RequireAuthorization(AccessPolicies.ReadCrises)
            .ExcludeFromDescription();

        // The Department's impostor-page register (R15.2): scores with reasons, reporting, the lifecycle.
        routes.MapGet("/impostors", () => Results.Content(ImpostorsPage.Value, "text/html; charset=utf-8"))
            .RequireAuthorization(AccessPolicies.ReadImpostors)
            .ExcludeFromDescription();

        // Leadership's reports (R10, R11, R13): the daily archive, pushed when ready, and any period's review.
        routes.MapGet("/leadership", () => Results.Content(LeadershipPage.Value, "text/html; charset=utf-8"))
            .RequireAuthorization(AccessPolicies.ReadReports)
            .ExcludeFromDescription();

        // A unit's screen (its queue and clocks): like the units' SLA board it names cases by id only (R13).
        routes.MapGet("/units/{code}", (string code) => Results.Content(UnitPage.Value, "text/html; charset=utf-8"))
            .RequireAuthorization(AccessPolicies.SignedIn)
            .ExcludeFromDescription();
        return routes;
    }
}
