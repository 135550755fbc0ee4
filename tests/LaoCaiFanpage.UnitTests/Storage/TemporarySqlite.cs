using LaoCaiFanpage.Grains.Storage;
using Microsoft.Data.Sqlite;

namespace LaoCaiFanpage.UnitTests.Storage;

/// <summary>A SQLite file of the test's own in a temporary folder, removed afterwards: the embedded profile's side of a store test.</summary>
public sealed class TemporarySqlite : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "lcf-unit-" + Guid.NewGuid().ToString("N"));

    public Task<FanpageDatabase> Open() => Task.FromResult<FanpageDatabase>(new SqliteDatabase(Path.Combine(_directory, "test.db")));

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
