using System.Globalization;
using LaoCaiFanpage.Grains.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace LaoCaiFanpage.UnitTests.Audit;

/// <summary>A real SQLite file with the product's migrations applied, deleted afterwards.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "lcf-unit-" + Guid.NewGuid().ToString("N"));

    private TestDatabase()
    {
        Database = new SqliteDatabase(Path.Combine(_directory, "test.db"));
        Gate = new WriteGate(Database);
    }

    public SqliteDatabase Database { get; }

    public WriteGate Gate { get; }

    public static async Task<TestDatabase> Create()
    {
        var test = new TestDatabase();
        await new SchemaMigrator(test.Database, NullLogger<SchemaMigrator>.Instance).MigrateAsync();
        return test;
    }

    /// <summary>Runs SQL as someone with direct access to the file would (the tamperer of the tests).</summary>
    public async Task<int> Execute(string sql, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await Database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.AddParameter(name, value);
        }

        return await command.ExecuteNonQueryAsync();
    }

    public async Task<long> Scalar(string sql)
    {
        await using var connection = await Database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }

        return ValueTask.CompletedTask;
    }
}
