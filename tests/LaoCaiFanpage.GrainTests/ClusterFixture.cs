using System.Globalization;
using LaoCaiFanpage.Grains.Hosting;
using LaoCaiFanpage.Grains.Reports;
using LaoCaiFanpage.Grains.Storage;
using LaoCaiFanpage.Grains.Threads;
using LaoCaiFanpage.Tests.Shared;
using Microsoft.Data.Sqlite;
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
        builder.Properties["FakeNow"] = now.ToString("O", CultureInfo.InvariantCulture);
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
        SqliteConnection.ClearAllPools();
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
            var now = DateTimeOffset.Parse(siloBuilder.Configuration["FakeNow"]!, CultureInfo.InvariantCulture);
            var settings = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Fanpage:PageId"] = PageId,
                // The sweep looks often here: tests move the silo's clock and wait (in real time) for what it wakes.
                ["Timers:SweepSeconds"] = "0.1",
                // No page token, and nothing listens here: the outbox must halt and alert rather than publish
                // (publishing itself is tested end to end).
                ["Facebook:GraphBaseUrl"] = "http://127.0.0.1:9",
                // The tests ask for the reports they check; the daily schedule would add its own.
                ["Reports:Schedule"] = "false",
            }).Build();

            // The clock and the report delivery are the tests' own; the rest is the silo's registration as it is.
            siloBuilder.Services.AddSingleton<TimeProvider>(new ManualClock(now));
            siloBuilder.Services.AddSingleton<IReportDelivery>(RecordingDelivery.Instance);
            siloBuilder.Services.AddFanpageGrains(settings, database);
            siloBuilder.UseFanpageStorage(database);
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
        new PostgresDatabase(await TestPostgres.CreateDatabase("grains"));
}

[CollectionDefinition(Name)]
public sealed class PostgresClusterCollection : ICollectionFixture<PostgresClusterFixture>
{
    public const string Name = "postgres-cluster";
}
