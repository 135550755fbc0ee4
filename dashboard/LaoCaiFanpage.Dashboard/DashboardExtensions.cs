using System.Text.Json.Serialization;
using LaoCaiFanpage.Contracts.Time;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LaoCaiFanpage.Dashboard;

public static class DashboardExtensions
{
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
        services.AddHostedService(sp => sp.GetRequiredService<DashboardBroadcaster>());
        return services;
    }

    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder routes)
    {
        routes.MapHub<DashboardHub>(DashboardHub.Path);
        return routes;
    }
}
