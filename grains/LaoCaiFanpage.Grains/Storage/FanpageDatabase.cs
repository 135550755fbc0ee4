using System.Data;
using System.Data.Common;

namespace LaoCaiFanpage.Grains.Storage;

/// <summary>Which SQL the database speaks: the embedded file or the production cluster's server.</summary>
public enum SqlDialect
{
    Sqlite,
    Postgres,
}

/// <summary>
/// The database that holds grain state and our own tables together (one per installation). The code above
/// it writes SQL both dialects accept — <c>@name</c> parameters, <c>ON CONFLICT</c>, <c>RETURNING</c>,
/// <c>LIMIT</c> — and asks here for the few things that differ.
/// </summary>
public abstract class FanpageDatabase
{
    public abstract SqlDialect Dialect { get; }

    /// <summary>Orleans' ADO.NET invariant for this database.</summary>
    public abstract string OrleansInvariant { get; }

    public abstract string ConnectionString { get; }

    /// <summary>Where the data is, for logs and the health page (never the password).</summary>
    public abstract string Description { get; }

    /// <summary>Whether writers must queue in this process (SQLite takes one writer at a time).</summary>
    public abstract bool SerializesWriters { get; }

    /// <summary>Appended to a SELECT that reads a row the transaction is about to change, so concurrent hosts queue.</summary>
    public string ForUpdate => Dialect == SqlDialect.Postgres ? " FOR UPDATE" : string.Empty;

    public abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default);

    /// <summary>For the few callers whose interface is synchronous (ASP.NET Core's key ring).</summary>
    public abstract DbConnection Open();

    /// <summary>A transaction that reads one consistent snapshot and takes no write lock.</summary>
    public abstract ValueTask<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken = default);
}

/// <summary>Typed parameters for commands written once for both dialects.</summary>
public static class DbCommandExtensions
{
    /// <summary>
    /// Adds <c>@name</c>. The type comes from <typeparamref name="T"/>, so a null still tells PostgreSQL what it
    /// is (an untyped null in <c>@x IS NULL</c> is an error there).
    /// </summary>
    public static DbParameter AddParameter<T>(this DbCommand command, string name, T value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name is ['@' or '$' or ':', ..] ? name : "@" + name;
        var type = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
        if (DbTypeOf(type) is { } dbType)
        {
            parameter.DbType = dbType;
        }

        parameter.Value = value is null ? DBNull.Value : value;
        command.Parameters.Add(parameter);
        return parameter;
    }

    /// <summary>Runs <paramref name="sql"/> inside <paramref name="transaction"/> with its parameters; the rows it changed.</summary>
    public static async Task<int> Execute(this DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.AddParameter(name, value ?? DBNull.Value);
        }

        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>An instant stored as Unix milliseconds, or null.</summary>
    public static DateTimeOffset? GetInstant(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ordinal));

    /// <summary>A parameter set later (a statement reused for many rows).</summary>
    public static DbParameter AddParameter(this DbCommand command, string name, DbType type)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name is ['@' or '$' or ':', ..] ? name : "@" + name;
        parameter.DbType = type;
        parameter.Value = DBNull.Value;
        command.Parameters.Add(parameter);
        return parameter;
    }

    private static DbType? DbTypeOf(Type type) =>
        type == typeof(string) ? DbType.String
        : type == typeof(long) ? DbType.Int64
        : type == typeof(int) ? DbType.Int32
        : type == typeof(double) ? DbType.Double
        : type == typeof(bool) ? DbType.Boolean
        : type == typeof(byte[]) ? DbType.Binary
        : null;
}
