using System.Reflection;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace LaoCaiFanpage.Grains.Storage;

/// <summary>
/// Applies the SQL scripts under <c>deploy/sql/sqlite/</c> (embedded in this assembly) in name order,
/// each once, each in its own transaction, and puts the file in WAL mode. Safe to run at every start.
/// </summary>
public sealed partial class SqliteSchemaMigrator(SqliteDatabase database, ILogger<SqliteSchemaMigrator> logger)
{
    private const string ResourcePrefix = "LaoCaiFanpage.Sql.Sqlite.";

    public static IReadOnlyList<string> ScriptNames { get; } =
        [.. typeof(SqliteSchemaMigrator).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .Select(n => n[ResourcePrefix.Length..])
            .Order(StringComparer.Ordinal)];

    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        var directory = System.IO.Path.GetDirectoryName(database.Path);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        await ExecuteAsync(connection, null, """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS schema_migrations
            (
                script     TEXT NOT NULL PRIMARY KEY,
                applied_at TEXT NOT NULL
            );
            """, cancellationToken);

        foreach (var script in ScriptNames)
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            await using (var check = connection.CreateCommand())
            {
                check.Transaction = transaction;
                check.CommandText = "SELECT COUNT(*) FROM schema_migrations WHERE script = $script";
                check.Parameters.AddWithValue("$script", script);
                if (Convert.ToInt64(await check.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) > 0)
                {
                    continue;
                }
            }

            await ExecuteAsync(connection, transaction, ReadScript(script), cancellationToken);
            await using (var record = connection.CreateCommand())
            {
                record.Transaction = transaction;
                record.CommandText = "INSERT INTO schema_migrations (script, applied_at) VALUES ($script, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))";
                record.Parameters.AddWithValue("$script", script);
                await record.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            LogApplied(logger, script, database.Path);
        }
    }

    private static string ReadScript(string name)
    {
        using var stream = typeof(SqliteSchemaMigrator).Assembly.GetManifestResourceStream(ResourcePrefix + name)
            ?? throw new InvalidOperationException($"SQL script {name} is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied schema script {Script} to {Path}")]
    private static partial void LogApplied(ILogger logger, string script, string path);
}
