using LaoCaiFanpage.Grains.Reports;

namespace LaoCaiFanpage.Silo.Reports;

public static class ReportsSetup
{
    /// <summary>How the daily report leaves the service: e-mail and a signed webhook (the grains compose and schedule it).</summary>
    public static IServiceCollection AddReportDelivery(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ReportEmailOptions>().Bind(configuration.GetSection(ReportEmailOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ReportWebhookOptions>().Bind(configuration.GetSection(ReportWebhookOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddHttpClient<ReportDelivery>();
        services.AddSingleton<IReportDelivery>(sp => sp.GetRequiredService<ReportDelivery>());
        return services;
    }
}
