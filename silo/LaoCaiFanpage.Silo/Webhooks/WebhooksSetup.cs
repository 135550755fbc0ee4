namespace LaoCaiFanpage.Silo.Webhooks;

public static class WebhooksSetup
{
    /// <summary>The webhook's services: the inbox and its drain, the reconciliation with the page, its health and gauges.</summary>
    public static IServiceCollection AddWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WebhookInboxOptions>().Bind(configuration.GetSection(WebhookInboxOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<WebhookRouter>();
        services.AddSingleton<WebhookInbox>();
        services.AddSingleton<InboxDrain>();
        services.AddSingleton<WebhookIntake>();
        services.AddOptions<ReconcileOptions>().Bind(configuration.GetSection(ReconcileOptions.Section))
            .Configure(o => o.BackfillDays = configuration.GetValue("Facebook:BackfillDays", o.BackfillDays))
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ReconcileStore>();
        services.AddSingleton<WebhookReconciler>();
        services.AddHostedService(sp => sp.GetRequiredService<WebhookReconciler>());
        services.AddOptions<WebhookHealthOptions>().Bind(configuration.GetSection(FacebookOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<WebhookHealth>();
        services.AddHostedService(sp => sp.GetRequiredService<WebhookHealth>());
        services.AddHostedService<QuarantineGauge>();
        // Registered after the silo, so it stops before the silo does (hosted services stop in reverse order).
        services.AddHostedService(sp => sp.GetRequiredService<InboxDrain>());
        return services;
    }
}
