using LaoCaiFanpage.Grains.Content;
using LaoCaiFanpage.Grains.Crisis;
using LaoCaiFanpage.Grains.Fanpages;
using LaoCaiFanpage.Grains.Impostors;
using LaoCaiFanpage.Grains.Integrity;
using LaoCaiFanpage.Grains.Notifications;
using LaoCaiFanpage.Grains.PagePosts;
using LaoCaiFanpage.Grains.Publishing;
using LaoCaiFanpage.Grains.Reports;
using LaoCaiFanpage.Grains.Sla;
using LaoCaiFanpage.Grains.Storage;
using LaoCaiFanpage.Grains.Threads;
using LaoCaiFanpage.Grains.Timers;
using LaoCaiFanpage.Grains.Units;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LaoCaiFanpage.Grains.Hosting;

/// <summary>
/// Every service the grains need, in one place: the silo calls these, and so does the grain tests' cluster, so a
/// test runs what production runs. What the host alone needs (HTTP, sign-in, the webhook, e-mail) is the silo's.
/// </summary>
public static class FanpageGrainsSetup
{
    /// <summary>
    /// The grain-side services, their options bound from <paramref name="configuration"/> and checked at start.
    /// A <see cref="TimeProvider"/> or an <see cref="IReportDelivery"/> registered before this call is kept (the
    /// host's shifted clock, the tests' manual one); the report delivery itself is the host's to register.
    /// </summary>
    public static IServiceCollection AddFanpageGrains(this IServiceCollection services, IConfiguration configuration, FanpageDatabase database)
    {
        services.TryAddSingleton(TimeProvider.System);

        // Storage: the database, SQLite's single writer, the catalogues.
        services.AddSingleton(database);
        services.AddSingleton<WriteGate>();
        services.AddSingleton<SchemaMigrator>();
        services.AddSingleton<ICaseCatalog, SqlCaseCatalog>();
        services.AddSingleton<PagePostCatalog>();

        // The page, its units, the working-day calendar and the SLA limits (R9).
        Bind<FanpageOptions>(services, configuration, FanpageOptions.Section);
        Bind<SlaOptions>(services, configuration, SlaOptions.Section);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<SlaOptions>>().Value.BuildCalendar());
        services.AddSingleton(sp => new SlaLimitsSource(sp.GetRequiredService<IOptions<SlaOptions>>().Value.EffectiveLimits));
        services.AddSingleton<SlaClockFactory>();
        services.AddSingleton(_ => UnitDirectory.Load(configuration["Units:DataFile"]));

        // The cases' durable wake-ups, swept by one worker per silo.
        Bind<CaseTimerOptions>(services, configuration, CaseTimerOptions.Section);
        services.AddSingleton<CaseTimers>();
        services.AddHostedService<CaseTimerSweep>();

        // Content rules (R7, Art. 12) and the crisis detectors built on them (R8.4d).
        Bind<ContentOptions>(services, configuration, ContentOptions.Section);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<ContentOptions>>().Value.BuildRules());
        Bind<CrisisDetectionOptions>(services, configuration, CrisisDetectionOptions.Section);
        Bind<CrisisWebhookOptions>(services, configuration, CrisisWebhookOptions.Section);
        services.AddHttpClient<CrisisWebhook>();
        services.AddSingleton(sp => CrisisSetup.Signals(sp.GetRequiredService<ContentRules>(), sp.GetRequiredService<IOptions<CrisisDetectionOptions>>().Value));
        Bind<NotificationOptions>(services, configuration, NotificationOptions.Section);

        // Publishing through the Graph API, the ledger the integrity check compares with, uploaded pictures.
        Bind<GraphApiOptions>(services, configuration, GraphApiOptions.Section);
        Bind<PublishingOptions>(services, configuration, PublishingOptions.Section);
        services.AddHttpClient<GraphApiClient>();
        services.AddSingleton<PublicationLedger>();
        services.AddSingleton<MediaStore>();
        services.AddSingleton<IntegrityStore>();

        // Impostor pages (R3, R15.2): the scorer, the pictures it compares, the periodic watch (off unless enabled).
        Bind<ImpostorOptions>(services, configuration, ImpostorOptions.Section);
        services.AddSingleton<IValidateOptions<ImpostorOptions>, ImpostorOptionsCheck>();
        services.AddSingleton(sp => ImpostorSetup.Scorer(sp.GetRequiredService<IOptions<FanpageOptions>>().Value, sp.GetRequiredService<IOptions<ImpostorOptions>>().Value));
        services.AddHttpClient<PagePictures>().ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        services.AddSingleton<ImpostorWatch>();
        services.AddHostedService(sp => sp.GetRequiredService<ImpostorWatch>());

        // The daily report (R10): composed here, delivered by the host's IReportDelivery, scheduled every day.
        Bind<ReportOptions>(services, configuration, ReportOptions.Section);
        services.AddSingleton<ReportStore>();
        services.AddSingleton<ReportComposer>();
        services.AddSingleton<IDailyReportRunner, GrainReportRunner>();
        services.AddHostedService<DailyReportSchedule>();
        return services;
    }

    /// <summary>
    /// Grain state through Orleans' ADO.NET provider on our schema (JSON, so the database's triggers can read the
    /// audit rows and notices out of it), its writes through the <see cref="WriteGate"/>; reminders in the
    /// database on PostgreSQL (any silo fires a dead one's), in memory on the embedded profile (the few grains that
    /// use them are woken at start).
    /// </summary>
    public static ISiloBuilder UseFanpageStorage(this ISiloBuilder silo, FanpageDatabase database)
    {
        silo.AddAdoNetGrainStorageAsDefault(options =>
        {
            options.Invariant = database.OrleansInvariant;
            options.ConnectionString = database.ConnectionString;
            options.GrainStorageSerializer = new JsonGrainStateSerializer();
        });
        GatedGrainStorage.Decorate(silo.Services, "Default");
        if (database.Dialect == SqlDialect.Sqlite)
        {
            silo.UseInMemoryReminderService();
        }
        else
        {
            silo.UseAdoNetReminderService(options => (options.Invariant, options.ConnectionString) = (database.OrleansInvariant, database.ConnectionString));
        }

        return silo;
    }

    private static void Bind<TOptions>(IServiceCollection services, IConfiguration configuration, string section)
        where TOptions : class =>
        services.AddOptions<TOptions>().Bind(configuration.GetSection(section)).ValidateDataAnnotations().ValidateOnStart();
}
