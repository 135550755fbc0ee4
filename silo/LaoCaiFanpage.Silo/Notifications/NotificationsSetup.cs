using LaoCaiFanpage.Grains.Notifications;
using Microsoft.Extensions.Options;

namespace LaoCaiFanpage.Silo.Notifications;

public static class NotificationsSetup
{
    public static IServiceCollection AddNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<NotificationHostOptions>().Bind(configuration.GetSection(NotificationOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<NotificationEmailOptions>().Bind(configuration.GetSection(NotificationEmailOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<WebPushOptions>().Bind(configuration.GetSection(WebPushOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WebPushOptions>, WebPushOptionsValidation>();
        services.AddSingleton<NotificationStore>();
        services.AddSingleton<NotificationLinks>();
        services.AddHttpClient<NotificationSender>();
        services.AddHostedService<NotificationDispatcher>();
        return services;
    }
}
