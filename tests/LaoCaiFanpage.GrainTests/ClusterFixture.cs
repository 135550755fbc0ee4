using LaoCaiFanpage.Grains.Fanpages;
using LaoCaiFanpage.Grains.Sla;
using Microsoft.Extensions.Time.Testing;
using LaoCaiFanpage.Grains.Storage;
using LaoCaiFanpage.Grains.Timers;
using LaoCaiFanpage.Grains.Threads;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Storage;
using Orleans.TestingHost;

namespace LaoCaiFanpage.GrainTests;

/// <summary>
/// One in-process silo whose grain state goes through Orleans' ADO.NET provider into a real SQLite
/// file, created by our schema scripts — the embedded profile's storage, minus the web host.
/// </summary>
public class ClusterFixture : IAsyncLifetime
{
    public const string PageId = "100000000000001";

    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "lcf-grain-tests-" + Guid.NewGuid().ToString("N"));

    /// <summary>Where the silo's clock starts (default: the real now).</summary>
    protected virtual DateTimeOffset StartTime => DateTimeOffset.UtcNow;

    public string DatabasePath => Path.Combine(Directory, "grains.db");

    public TestCluster Cluster { get; private set; } = null!;

    public FanpageDatabase Database { get; private set; } = null!;

    public ICaseCatalog Catalog { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    public async Task InitializeAsync()
    {
        Database = await CreateDatabase();
        await new SchemaMigrator(Database, NullLogger<SchemaMigrator>.Instance).MigrateAsync();
        Catalog = new SqlCaseCatalog(Database, new WriteGate(Database));
        Cluster = await StartCluster(StartTime);
    }

    /// <summary>The embedded profile's SQLite file; the PostgreSQL fixture gives a database of its own instead.</summary>
    protected virtual Task<FanpageDatabase> CreateDatabase() => Task.FromResult<FanpageDatabase>(new SqliteDatabase(DatabasePath));

    /// <summary>A silo on this fixture's database file, its clock a ManualClock starting at <paramref name="now"/>.</summary>
    public async Task<TestCluster> StartCluster(DateTimeOffset now)
    {
        var builder = new TestClusterBuilder(1);
        // The service id is part of every stored key: a restarted silo must use the same one to find its grains.
        builder.Options.ServiceId = "lcf-grain-tests";
        builder.Properties["Dialect"] = Database.Dialect.ToString();
        builder.Properties["Database"] = Database is SqliteDatabase file ? file.Path : Database.ConnectionString;
        builder.Properties["FakeNow"] = now.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    /// <summary>The silo's clock.</summary>
    public ManualClock Time => TimeOf(Cluster);

    public static ManualClock TimeOf(TestCluster cluster) =>
        (ManualClock)((InProcessSiloHandle)cluster.Primary!).SiloHost!.Services.GetRequiredService<TimeProvider>();

    /// <summary>The silo's default grain storage: Orleans' ADO.NET provider on our SQLite schema.</summary>
    public IGrainStorage Storage =>
        ((InProcessSiloHandle)Cluster.Primary!).SiloHost!.Services.GetRequiredKeyedService<IGrainStorage>("Default");

    /// <summary>The actions of the audit rows about <paramref name="target"/>, in order (copied from grain state by the storage trigger).</summary>
    public async Task<List<string>> AuditActions(string target)
    {
        await using var connection = await Database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT action FROM audit_log WHERE target = @t ORDER BY id";
        command.AddParameter("@t", target);
        var actions = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            actions.Add(reader.GetString(0));
        }

        return actions;
    }

    /// <summary>Deactivates every idle grain, so the next call reads its state back from the database.</summary>
    public Task DeactivateAll() =>
        Cluster.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            var location = siloBuilder.Configuration["Database"]!;
            FanpageDatabase database = siloBuilder.Configuration["Dialect"] == nameof(SqlDialect.Postgres)
                ? new PostgresDatabase(location)
                : new SqliteDatabase(location);
            siloBuilder.AddAdoNetGrainStorageAsDefault(options =>
            {
                options.Invariant = database.OrleansInvariant;
                options.ConnectionString = database.ConnectionString;
                options.GrainStorageSerializer = new JsonGrainStateSerializer();
            });
            GatedGrainStorage.Decorate(siloBuilder.Services, "Default");
            siloBuilder.Services.AddSingleton<WriteGate>();
            siloBuilder.Services.AddSingleton<FanpageDatabase>(database);
            siloBuilder.Services.AddSingleton<ICaseCatalog, SqlCaseCatalog>();
            siloBuilder.Services.AddSingleton<LaoCaiFanpage.Grains.PagePosts.PagePostCatalog>();
            var now = DateTimeOffset.Parse(siloBuilder.Configuration["FakeNow"]!, System.Globalization.CultureInfo.InvariantCulture);
            siloBuilder.Services.AddSingleton<TimeProvider>(new ManualClock(now));
            siloBuilder.Services.Configure<FanpageOptions>(o => o.PageId = PageId);
            siloBuilder.Services.AddSingleton(WorkingCalendar.Default);
            siloBuilder.Services.AddSingleton(new SlaLimitsSource(new SlaLimits()));
            siloBuilder.Services.AddSingleton<SlaClockFactory>();
            siloBuilder.Services.AddOptions<LaoCaiFanpage.Grains.Content.ContentOptions>();
            siloBuilder.Services.AddSingleton(_ => new LaoCaiFanpage.Grains.Content.ContentOptions().BuildRules());
            siloBuilder.Services.AddOptions<LaoCaiFanpage.Grains.Crisis.CrisisDetectionOptions>();
            siloBuilder.Services.AddSingleton(sp => LaoCaiFanpage.Grains.Crisis.CrisisSetup.Signals(sp.GetRequiredService<LaoCaiFanpage.Grains.Content.ContentRules>(), new LaoCaiFanpage.Grains.Crisis.CrisisDetectionOptions()));
            siloBuilder.Services.AddOptions<LaoCaiFanpage.Grains.Crisis.CrisisWebhookOptions>();
            siloBuilder.Services.AddSingleton(sp => new LaoCaiFanpage.Grains.Crisis.CrisisWebhook(new HttpClient(), sp.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<LaoCaiFanpage.Grains.Crisis.CrisisWebhookOptions>>()));
            siloBuilder.Services.AddSingleton(_ => LaoCaiFanpage.Grains.Impostors.ImpostorSetup.Scorer(
                new FanpageOptions { PageId = PageId, Username = "UBNDTLC", Name = "UBND tỉnh Lào Cai" }, new LaoCaiFanpage.Grains.Impostors.ImpostorOptions()));
            siloBuilder.Services.AddSingleton(_ => LaoCaiFanpage.Grains.Units.UnitDirectory.Load(null));
            siloBuilder.Services.AddSingleton<LaoCaiFanpage.Grains.Reports.ReportStore>();
            siloBuilder.Services.AddSingleton<LaoCaiFanpage.Grains.Reports.ReportComposer>();
            siloBuilder.Services.AddSingleton<LaoCaiFanpage.Grains.Reports.IReportDelivery>(RecordingDelivery.Instance);
            // The sweep looks often here: tests move the silo's clock and wait (in real time) for what it wakes.
            siloBuilder.Services.AddOptions<CaseTimerOptions>().Configure(o => o.SweepSeconds = 0.1);
            siloBuilder.Services.AddSingleton<CaseTimers>();
            siloBuilder.Services.AddHostedService<CaseTimerSweep>();
            // No page token here: the outbox must halt and alert rather than publish (publishing itself is tested end to end).
            siloBuilder.Services.AddOptions<LaoCaiFanpage.Grains.Publishing.GraphApiOptions>().Configure(o => o.GraphBaseUrl = "http://127.0.0.1:9");
            siloBuilder.Services.AddOptions<LaoCaiFanpage.Grains.Publishing.PublishingOptions>();
            siloBuilder.Services.AddSingleton(sp => new LaoCaiFanpage.Grains.Publishing.GraphApiClient(
                new HttpClient(), sp.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<LaoCaiFanpage.Grains.Publishing.GraphApiOptions>>()));
            siloBuilder.Services.AddSingleton<LaoCaiFanpage.Grains.Publishing.PublicationLedger>();
            siloBuilder.Services.AddSingleton<LaoCaiFanpage.Grains.Publishing.MediaStore>();
            siloBuilder.Services.AddSingleton<LaoCaiFanpage.Grains.Integrity.IntegrityStore>();
            if (database.Dialect == SqlDialect.Postgres)
            {
                // Durable reminders, as the production cluster has them: a restarted silo finds them in the database.
                siloBuilder.UseAdoNetReminderService(options => (options.Invariant, options.ConnectionString) = (database.OrleansInvariant, database.ConnectionString));
            }
            else
            {
                siloBuilder.UseInMemoryReminderService();
            }
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}

/// <summary>The same silo on a PostgreSQL database of its own: the production profile's storage and reminders.</summary>
public class PostgresClusterFixture : ClusterFixture
{
    protected override async Task<FanpageDatabase> CreateDatabase() =>
        new PostgresDatabase(await LaoCaiFanpage.Tests.Shared.TestPostgres.CreateDatabase("grains"));
}

[CollectionDefinition(Name)]
public sealed class PostgresClusterCollection : ICollectionFixture<PostgresClusterFixture>
{
    public const string Name = "postgres-cluster";
}
