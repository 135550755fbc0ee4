using LaoCaiFanpage.Grains.Storage;

namespace LaoCaiFanpage.Silo.StartUp;

public static class DatabaseMigration
{
    /// <summary>Creates or upgrades the schema before the silo starts (the storage provider reads its queries at start).</summary>
    public static Task MigrateDatabaseAsync(this WebApplication app) =>
        app.Services.GetRequiredService<SqliteSchemaMigrator>().MigrateAsync(app.Lifetime.ApplicationStopping);
}
