using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using LaoCaiFanpage.Contracts.Dashboard;
using LaoCaiFanpage.Contracts.Time;
using LaoCaiFanpage.Dashboard;
using LaoCaiFanpage.Grains.Hosting;
using LaoCaiFanpage.Grains.Storage;
using LaoCaiFanpage.Silo.Accounts;
using LaoCaiFanpage.Silo.Audit;
using LaoCaiFanpage.Silo.Calendar;
using LaoCaiFanpage.Silo.Content;
using LaoCaiFanpage.Silo.Crisis;
using LaoCaiFanpage.Silo.Health;
using LaoCaiFanpage.Silo.Impostors;
using LaoCaiFanpage.Silo.Integrity;
using LaoCaiFanpage.Silo.Notifications;
using LaoCaiFanpage.Silo.Operations;
using LaoCaiFanpage.Silo.PagePosts;
using LaoCaiFanpage.Silo.Reports;
using LaoCaiFanpage.Silo.Sla;
using LaoCaiFanpage.Silo.StartUp;
using LaoCaiFanpage.Silo.Threads;
using LaoCaiFanpage.Silo.Units;
using LaoCaiFanpage.Silo.Webhooks;

namespace LaoCaiFanpage.Silo.Hosting;

public static class HostingExtensions
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>
    /// The content root is where the program is, not the working directory: a service started from its data
    /// directory (systemd, the container image) still finds its appsettings.json and its pages' scripts.
    /// </summary>
    public static WebApplicationOptions Options(string[] args) => new() { Args = args, ContentRootPath = AppContext.BaseDirectory };

    /// <summary>The service key under which Orleans 10 resolves the clock of membership and silo health.</summary>
    private const string OrleansMembershipClock = "Orleans.Membership";

    public static WebApplicationBuilder AddLaoCaiFanpage(this WebApplicationBuilder builder)
    {
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        // Serves the dashboard library's wwwroot from a plain build too, not only in Development.
        builder.WebHost.UseStaticWebAssets();

        // A settings file of the installation's own (Settings:File), re-read when it changes: the Office adjusts the SLA
        // limits there without a restart (R16). It is read after the environment, so what it sets wins.
        if (builder.Configuration["Settings:File"] is { Length: > 0 } settingsFile)
        {
            builder.Configuration.AddJsonFile(Path.GetFullPath(settingsFile), optional: false, reloadOnChange: true);
        }

        var services = builder.Services;
        services.AddOptions<FacebookOptions>().Bind(builder.Configuration.GetSection(FacebookOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        var silo = builder.Configuration.GetSection(SiloOptions.Section).Get<SiloOptions>() ?? new SiloOptions();
        var database = StorageOptions.Open(builder.Configuration);
        var clockOffset = builder.Configuration.GetValue<double?>("Diagnostics:ClockOffsetHours");
        services.AddSingleton<TimeProvider>(clockOffset is { } hours and not 0 ? new OffsetTimeProvider(TimeSpan.FromHours(hours)) : TimeProvider.System);
        // Orleans' membership keeps the real clock: it retires silo generations (taken from the real clock) older than
        // now minus SiloGenerationRetirementAge, so a host started "ten days later" declared itself dead at random
        // moments of its start. Grain timers and reminders (other keys) still follow the shifted clock.
        services.AddKeyedSingleton(OrleansMembershipClock, TimeProvider.System);
        services.AddFanpageGrains(builder.Configuration, database);

        // The installation's settings file changes the SLA limits without a restart (R16).
        services.AddSingleton<SlaLimitsWatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<SlaLimitsWatcher>());
        services.AddSingleton<SignalSourceStore>();
        services.AddReportDelivery(builder.Configuration);
        services.AddNotifications(builder.Configuration);
        services.AddSingleton<ScreenCharts>();
        services.AddHostedService<CaseSearchFill>();

        builder.UseOrleans(orleans => orleans.UseFanpageCluster(database, silo));
        services.AddWebhooks(builder.Configuration);
        builder.AddOperations();

        services.AddProblemDetails();
        services.AddApiDescription();
        services.ConfigureHttpJsonOptions(json =>
        {
            // Vietnamese letters as they are; HTML-sensitive characters stay escaped.
            json.SerializerOptions.Encoder = JavaScriptEncoder.Create(UnicodeRanges.All);
            json.SerializerOptions.Converters.Add(new VietnamTimeJsonConverter());
            json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower));
        });
        services.AddHealthChecks().AddCheck<ReadinessCheck>("silo-and-storage", tags: [HealthApi.ReadyTag]);
        services.AddDashboard();
        builder.AddAccounts();
        return builder;
    }

    public static WebApplication MapLaoCaiFanpage(this WebApplication app)
    {
        app.UseSecurityHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        // Stylesheets, scripts and the SignalR client carry no data: served before sign-in is checked.
        app.UseStaticFiles();
        app.UseMetricsEndpoint();
        app.UseAccounts();
        app.MapOperations();
        app.MapHealthApi();
        app.MapLoginPage();
        app.MapAccountPage();
        app.MapAuthApi();
        app.MapUsersApi();
        app.MapProfileApi();
        app.MapNotificationsApi();
        app.MapKiosksApi();
        app.MapServiceTokensApi();
        app.MapAuditApi();
        app.MapSystemApi();
        app.MapApiDescription();
        app.MapWebhookApi();
        app.MapWebhookInboxApi();
        app.MapWebhookQuarantineApi();
        app.MapWebhookReconcileApi();
        app.MapWebhookHealthApi();
        app.MapThreadsApi();
        app.MapWorkflowApi();
        app.MapPublishingApi();
        app.MapPagePostsApi();
        app.MapContentApi();
        app.MapCrisisApi();
        app.MapSignalSourcesApi();
        app.MapIntegrityApi();
        app.MapMediaApi();
        app.MapImpostorsApi();
        app.MapReportsApi();
        app.MapScreensApi();
        app.MapUnitsApi();
        app.MapCalendarApi();
        app.MapDashboard();
        // A session ended, or its account's rights changed: every host closes that session's hub connections (they
        // reconnect with the new rights, or are refused). This host at once; the others through the cluster.
        var screens = app.Services.GetRequiredService<ScreenConnections>();
        var grains = app.Services.GetRequiredService<IGrainFactory>();
        app.Services.GetRequiredService<AccountStore>().SessionsEnded += sessions =>
        {
            screens.Abort(sessions);
            _ = grains.GetGrain<IDashboardPushGrain>(0).Push(new DashboardDelta(null, [], ClosedSessions: sessions));
        };
        return app;
    }
}
