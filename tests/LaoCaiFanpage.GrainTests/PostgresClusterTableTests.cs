using System.Data;
using System.Globalization;
using LaoCaiFanpage.Grains.Storage;
using LaoCaiFanpage.Tests.Shared;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace LaoCaiFanpage.GrainTests;

/// <summary>
/// Our PostgreSQL membership and reminder statements (deploy/sql/postgresql/0009, 0010), run as Orleans' ADO.NET
/// providers run them — read from OrleansQuery, parameters named and typed alike — including the conflicts the
/// table version exists for.
/// </summary>
public sealed class PostgresClusterTableTests : IAsyncLifetime
{
    private const string Cluster = "lcf-table-test";
    private NpgsqlDataSource _source = null!;
    private Dictionary<string, string> _queries = null!;

    public async Task InitializeAsync()
    {
        var connectionString = await TestPostgres.CreateDatabase("tables");
        var database = new PostgresDatabase(connectionString);
        await new SchemaMigrator(database, NullLogger<SchemaMigrator>.Instance).MigrateAsync();
        await database.DisposeAsync();
        _source = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { Timezone = "UTC" });
        _queries = [];
        await using var command = _source.CreateCommand("SELECT QueryKey, QueryText FROM OrleansQuery");
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            _queries[reader.GetString(0)] = reader.GetString(1);
        }
    }

    public async Task DisposeAsync() => await _source.DisposeAsync();

    private async Task<List<Dictionary<string, object?>>> Run(string key, params (string Name, object? Value, DbType? Type)[] parameters)
    {
        await using var command = _source.CreateCommand(_queries[key]);
        foreach (var (name, value, type) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            if (type is { } dbType)
            {
                parameter.DbType = dbType;
            }

            command.Parameters.Add(parameter);
        }

        var rows = new List<Dictionary<string, object?>>();
        await using var reader = await command.ExecuteReaderAsync();
        do
        {
            while (await reader.ReadAsync())
            {
                rows.Add(Enumerable.Range(0, reader.FieldCount).ToDictionary(i => reader.GetName(i).ToLowerInvariant(), i => reader.IsDBNull(i) ? null : reader.GetValue(i)));
            }
        }
        while (await reader.NextResultAsync());
        return rows;
    }

    private static (string, object?, DbType?) P(string name, object? value, DbType? type = null) => (name, value, type);

    private Task<List<Dictionary<string, object?>>> Insert(int port, int version, DateTime now) =>
        Run("InsertMembershipKey", P("DeploymentId", Cluster), P("Address", "10.0.0.1", DbType.AnsiString), P("Port", port), P("Generation", 7),
            P("SiloName", $"silo-{port}"), P("HostName", "host"), P("Status", 3), P("ProxyPort", 30000), P("StartTime", now), P("IAmAliveTime", now), P("Version", version));

    private async Task<int> TableVersion() => Convert.ToInt32((await Run("MembershipReadAllKey", P("DeploymentId", Cluster)))[0]["version"], CultureInfo.InvariantCulture);

    [Fact]
    public async Task Two_silos_joining_on_the_same_table_version_exactly_one_gets_in()
    {
        Assert.True((bool)(await Run("InsertMembershipVersionKey", P("DeploymentId", Cluster)))[0].Values.Single()!);
        Assert.False((bool)(await Run("InsertMembershipVersionKey", P("DeploymentId", Cluster)))[0].Values.Single()!);
        var empty = Assert.Single(await Run("MembershipReadAllKey", P("DeploymentId", Cluster)));
        Assert.Null(empty["starttime"]);
        Assert.Equal(0, await TableVersion());

        var now = DateTime.UtcNow;
        var outcomes = await Task.WhenAll(Insert(11111, 0, now), Insert(11112, 0, now));
        Assert.Equal(1, outcomes.Count(o => (bool)o[0].Values.Single()!));
        Assert.Equal(1, await TableVersion());
        var members = await Run("MembershipReadAllKey", P("DeploymentId", Cluster));
        var member = Assert.Single(members);
        Assert.Equal(now.Ticks / 10 * 10, ((DateTime)member["starttime"]!).Ticks / 10 * 10);

        // The same silo row twice: refused, and the version is not bumped for it.
        Assert.False((bool)(await Insert((int)member["port"]!, 1, now))[0].Values.Single()!);
        Assert.Equal(1, await TableVersion());
    }

    [Fact]
    public async Task An_update_on_a_stale_table_version_is_refused_and_changes_nothing()
    {
        await Run("InsertMembershipVersionKey", P("DeploymentId", Cluster));
        var now = DateTime.UtcNow;
        Assert.True((bool)(await Insert(11111, 0, now))[0].Values.Single()!);
        (string, object?, DbType?)[] Update(int status, int version) =>
            [P("DeploymentId", Cluster), P("Address", "10.0.0.1", DbType.AnsiString), P("Port", 11111), P("Generation", 7), P("Status", status),
             P("SuspectTimes", null), P("IAmAliveTime", now.AddSeconds(5)), P("Version", version)];

        Assert.False((bool)(await Run("UpdateMembershipKey", Update(6, 0)))[0].Values.Single()!);
        Assert.Equal(3, Convert.ToInt32(Assert.Single(await Run("MembershipReadAllKey", P("DeploymentId", Cluster)))["status"], CultureInfo.InvariantCulture));
        Assert.True((bool)(await Run("UpdateMembershipKey", Update(6, 1)))[0].Values.Single()!);
        Assert.Equal(2, await TableVersion());

        // A dead silo's row goes only while it is as the cleaner read it.
        var dead = Assert.Single(await Run("MembershipReadAllKey", P("DeploymentId", Cluster)));
        (string, object?, DbType?)[] Cleanup(DateTime alive) =>
            [P("DeploymentId", Cluster), P("Address", "10.0.0.1", DbType.AnsiString), P("Port", 11111), P("Generation", 7), P("SuspectTimes", null),
             P("StartTime", (DateTime)dead["starttime"]!, DbType.DateTime), P("IAmAliveTime", alive, DbType.DateTime)];
        await Run("CleanupDefunctSiloEntryKey", Cleanup(((DateTime)dead["iamalivetime"]!).AddSeconds(1)));
        Assert.Single(await Run("MembershipReadAllKey", P("DeploymentId", Cluster)));
        await Run("CleanupDefunctSiloEntryKey", Cleanup((DateTime)dead["iamalivetime"]!));
        Assert.Null(Assert.Single(await Run("MembershipReadAllKey", P("DeploymentId", Cluster)))["starttime"]);
    }

    [Fact]
    public async Task Reminders_carry_versions_and_a_stale_delete_keeps_the_reminder()
    {
        (string, object?, DbType?)[] Upsert(string grain, int hash, TimeSpan period) =>
            [P("ServiceId", "svc"), P("GrainHash", hash), P("GrainId", grain, DbType.AnsiString), P("ReminderName", "sla-clocks"),
             P("StartTime", DateTime.UtcNow), P("Period", (int)period.TotalMilliseconds)];
        var first = Convert.ToInt32((await Run("UpsertReminderRowKey", Upsert("commentthread/a", -5, TimeSpan.FromMinutes(1))))[0]["version"], CultureInfo.InvariantCulture);
        var second = Convert.ToInt32((await Run("UpsertReminderRowKey", Upsert("commentthread/a", -5, TimeSpan.FromMinutes(2))))[0]["version"], CultureInfo.InvariantCulture);
        Assert.Equal(first + 1, second);
        await Run("UpsertReminderRowKey", Upsert("commentthread/b", 100, TimeSpan.FromMinutes(1)));
        await Run("UpsertReminderRowKey", Upsert("commentthread/c", int.MaxValue, TimeSpan.FromMinutes(1)));

        var row = Assert.Single(await Run("ReadReminderRowKey", P("ServiceId", "svc"), P("GrainId", "commentthread/a", DbType.AnsiString), P("ReminderName", "sla-clocks")));
        Assert.Equal(120_000L, row["period"]);
        // Ranges in signed order, and a range that wraps around the ring.
        Assert.Equal(["commentthread/a", "commentthread/b"], (await Run("ReadRangeRows1Key", P("ServiceId", "svc"), P("BeginHash", -10), P("EndHash", 100))).Select(r => (string)r["grainid"]!).Order());
        Assert.Equal(["commentthread/a", "commentthread/c"], (await Run("ReadRangeRows2Key", P("ServiceId", "svc"), P("BeginHash", 100), P("EndHash", -5))).Select(r => (string)r["grainid"]!).Order());

        (string, object?, DbType?)[] Delete(int version) =>
            [P("ServiceId", "svc"), P("GrainId", "commentthread/a", DbType.AnsiString), P("ReminderName", "sla-clocks"), P("Version", version)];
        Assert.False((bool)(await Run("DeleteReminderRowKey", Delete(first)))[0].Values.Single()!);
        Assert.Single(await Run("ReadReminderRowsKey", P("ServiceId", "svc"), P("GrainId", "commentthread/a", DbType.AnsiString)));
        Assert.True((bool)(await Run("DeleteReminderRowKey", Delete(second)))[0].Values.Single()!);
        Assert.Empty(await Run("ReadReminderRowsKey", P("ServiceId", "svc"), P("GrainId", "commentthread/a", DbType.AnsiString)));
    }
}
