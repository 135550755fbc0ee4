using LaoCaiFanpage.Grains.Storage;
using LaoCaiFanpage.Silo.Hosting;

namespace LaoCaiFanpage.Silo.StartUp;

public static class DatabaseMigration
{
    public const string Command = "migrate";

    /// <summary>
    /// Creates or upgrades the schema before the silo starts (the storage providers read their queries at
    /// start), unless <c>Storage:MigrateOnStart</c> is false — then the release step <c>migrate</c> did it.
    /// </summary>
    public static Task MigrateDatabaseAsync(this WebApplication app) =>
        (app.Configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions()).MigrateOnStart
            ? app.Services.GetRequiredService<SchemaMigrator>().MigrateAsync(app.Lifetime.ApplicationStopping)
            : Task.CompletedTask;

    /// <summary>
    /// <c>dotnet run --project silo/LaoCaiFanpage.Silo -- migrate</c>: applies the schema to the configured
    /// database and exits, without starting the service (and without needing its other settings).
    /// </summary>
    public static async Task<int> RunCommandAsync(string[] args)
    {
        var builder = WebApplication.CreateBuilder(HostingExtensions.Options(args));
        var database = StorageOptions.Open(builder.Configuration);
        using var loggers = LoggerFactory.Create(logging => logging.AddSimpleConsole(o => o.SingleLine = true));
        var applied = await new SchemaMigrator(database, loggers.CreateLogger<SchemaMigrator>()).MigrateAsync();
        Console.WriteLine(applied.Count == 0
            ? $"Cơ sở dữ liệu đã cập nhật / schema up to date: {database.Description}"
            : $"Đã áp dụng {applied.Count} tệp / applied {applied.Count} script(s) to {database.Description}: {string.Join(", ", applied)}");
        if (database is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }

        return 0;
    }
}
