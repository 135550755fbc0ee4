using System.Text.Json.Serialization;
using LaoCaiFanpage.Contracts.Time;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LaoCaiFanpage.Dashboard;

public static class DashboardExtensions
{
    private static readonly Lazy<string> WallPage = new(() =>
    {
        using var stream = typeof(DashboardExtensions).Assembly.GetManifestResourceStream("LaoCaiFanpage.Dashboard.Pages.wall.html")
            ?? throw new InvalidOperationException("The wall page is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    public static IServiceCollection AddDashboard(this IServiceCollection services)
    {
        services.AddOptions<DashboardOptions>()
            .BindConfiguration("Fanpage")
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSignalR().AddJsonProtocol(json =>
        {
            json.PayloadSerializerOptions.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All);
            json.PayloadSerializerOptions.Converters.Add(new VietnamTimeJsonConverter());
            json.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.KebabCaseLower));
        });
        services.AddSingleton<DashboardBroadcaster>();
        services.AddSingleton<ScreenConnections>();
        services.AddHostedService(sp => sp.GetRequiredService<DashboardBroadcaster>());
        return services;
    }

    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder routes)
    {
        routes.MapHub<DashboardHub>(DashboardHub.Path);
        routes.MapHub<CaseHub>(CaseHub.Path);
        // The wall page itself is behind sign-in (its scripts and styles are static and hold no data).
        routes.MapGet("/", () => Results.Content(WallPage.Value, "text/html; charset=utf-8"))
            .RequireAuthorization(LaoCaiFanpage.Contracts.Accounts.AccessPolicies.Screens)
            .ExcludeFromDescription();
        return routes;
    }
}
