using System.Data;
using System.Data.Common;
using Npgsql;

namespace LaoCaiFanpage.Grains.Storage;

/// <summary>The production cluster's PostgreSQL database: every silo reads and writes the same one.</summary>
public sealed class PostgresDatabase : FanpageDatabase, IAsyncDisposable
{
    private readonly NpgsqlDataSource _source;

    public PostgresDatabase(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        // UTC sessions: times the server formats or truncates to dates agree on every host, whatever its locale.
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Timezone = "UTC" };
        ConnectionString = builder.ConnectionString;
        Description = $"postgresql://{builder.Host}:{builder.Port}/{builder.Database}";
        _source = NpgsqlDataSource.Create(builder);
    }

    public override SqlDialect Dialect => SqlDialect.Postgres;

    public override string OrleansInvariant => "Npgsql";

    public override string ConnectionString { get; }

    public override string Description { get; }

    // The server orders concurrent writers itself; queuing in one host would not help the others.
    public override bool SerializesWriters => false;

    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default) =>
        await _source.OpenConnectionAsync(cancellationToken);

    public override DbConnection Open() => _source.OpenConnection();

    public override ValueTask<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken = default) =>
        connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);

    public ValueTask DisposeAsync() => _source.DisposeAsync();
}
