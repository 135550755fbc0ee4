using System.Data.Common;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace LaoCaiFanpage.Grains.Storage;

/// <summary>
/// Applies the SQL scripts of the database's dialect — <c>deploy/sql/sqlite/</c> or <c>deploy/sql/postgresql/</c>,
/// embedded in this assembly — in name order, each once, each in its own transaction. Safe to run at every
/// start and from several hosts at once (on PostgreSQL the hosts take turns under an advisory lock).
/// </summary>
public sealed partial class SchemaMigrator(FanpageDatabase database, ILogger<SchemaMigrator> logger)
{
    // Any fixed number: the hosts of one installation agree on it.
    private const long MigrationLock = 0x4C43465F5351;

    public static IReadOnlyList<string> ScriptNames(SqlDialect dialect)
    {
        var prefix = Prefix(dialect);
        return [.. typeof(SchemaMigrator).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal))
            .Select(n => n[prefix.Length..])
            .Order(StringComparer.Ordinal)];
    }

    /// <summary>Applies the scripts not yet applied; returns their names.</summary>
    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken cancellationToken = default)
    {
        if (database is SqliteDatabase file && System.IO.Path.GetDirectoryName(file.Path) is { Length: > 0 } directory)
        {
            Directory.CreateDirectory(directory);
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        if (database.Dialect == SqlDialect.Sqlite)
        {
            await ExecuteAsync(connection, null, "PRAGMA journal_mode = WAL;", cancellationToken);
        }
        else
        {
            await ExecuteAsync(connection, null, $"SELECT pg_advisory_lock({MigrationLock});", cancellationToken);
        }

        try
        {
            await ExecuteAsync(connection, null, """
                CREATE TABLE IF NOT EXISTS schema_migrations
                (
                    script     TEXT NOT NULL PRIMARY KEY,
                    applied_at TEXT NOT NULL
                );
                """, cancellationToken);
            var applied = new List<string>();
            foreach (var script in ScriptNames(database.Dialect))
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await using (var check = connection.CreateCommand())
                {
                    check.Transaction = transaction;
                    check.CommandText = "SELECT COUNT(*) FROM schema_migrations WHERE script = @script";
                    check.AddParameter("script", script);
                    if (Convert.ToInt64(await check.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) > 0)
                    {
                        continue;
                    }
                }

                await ExecuteAsync(connection, transaction, ReadScript(database.Dialect, script), cancellationToken);
                await using (var record = connection.CreateCommand())
                {
                    record.Transaction = transaction;
                    record.CommandText = "INSERT INTO schema_migrations (script, applied_at) VALUES (@script, @at)";
                    record.AddParameter("script", script);
                    record.AddParameter("at", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
                    await record.ExecuteNonQueryAsync(cancellationToken);
                }

                await transaction.CommitAsync(cancellationToken);
                applied.Add(script);
                LogApplied(logger, script, database.Description);
            }

            return applied;
        }
        finally
        {
            if (database.Dialect == SqlDialect.Postgres)
            {
                await ExecuteAsync(connection, null, $"SELECT pg_advisory_unlock({MigrationLock});", CancellationToken.None);
            }
        }
    }

    private static string Prefix(SqlDialect dialect) =>
        dialect == SqlDialect.Sqlite ? "LaoCaiFanpage.Sql.Sqlite." : "LaoCaiFanpage.Sql.Postgresql.";

    private static string ReadScript(SqlDialect dialect, string name)
    {
        using var stream = typeof(SchemaMigrator).Assembly.GetManifestResourceStream(Prefix(dialect) + name)
            ?? throw new InvalidOperationException($"SQL script {name} is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied schema script {Script} to {Database}")]
    private static partial void LogApplied(ILogger logger, string script, string database);
}
