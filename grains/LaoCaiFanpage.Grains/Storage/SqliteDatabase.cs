using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace LaoCaiFanpage.Grains.Storage;

/// <summary>
/// The embedded profile's database file: Orleans grain state and our own tables live in it together.
/// </summary>
public sealed class SqliteDatabase : FanpageDatabase
{
    public SqliteDatabase(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
        ConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            // Writers queue behind each other instead of failing with SQLITE_BUSY.
            DefaultTimeout = 30,
        }.ToString();
    }

    public string Path { get; }

    public override SqlDialect Dialect => SqlDialect.Sqlite;

    // Orleans 10.1+ loads Microsoft.Data.Sqlite under this name; "Microsoft.Data.Sqlite" is not recognised.
    public override string OrleansInvariant => "System.Data.SQLite";

    public override string ConnectionString { get; }

    public override string Description => Path;

    public override bool SerializesWriters => true;

    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    public override DbConnection Open()
    {
        var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        return connection;
    }

    // Deferred: the transaction takes no lock until it writes; in WAL mode its reads see one snapshot.
    public override ValueTask<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: true));
}
