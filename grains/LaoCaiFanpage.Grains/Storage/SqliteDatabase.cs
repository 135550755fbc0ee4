using Microsoft.Data.Sqlite;

namespace LaoCaiFanpage.Grains.Storage;

/// <summary>
/// The embedded profile's database file: Orleans grain state and our own tables live in it together.
/// </summary>
public sealed class SqliteDatabase
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

    public string ConnectionString { get; }

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }
}
