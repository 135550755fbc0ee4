using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace LaoCaiFanpage.Grains.Storage;

public enum StorageProfile
{
    /// <summary>One silo, localhost clustering, everything in one SQLite file.</summary>
    Embedded,

    /// <summary>Several silos on PostgreSQL (the production cluster).</summary>
    Postgres,
}

/// <summary>Configuration section <c>Storage</c> (and <c>ConnectionStrings:Postgres</c>).</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    public StorageProfile Profile { get; set; } = StorageProfile.Embedded;

    [Required]
    public string SqlitePath { get; set; } = "./data/laocai-fanpage.db";

    /// <summary>Apply the schema scripts at start-up; production may leave it off and run <c>migrate</c> as a release step.</summary>
    public bool MigrateOnStart { get; set; } = true;

    /// <summary>The database the configuration names, or the reasons it names none.</summary>
    public static FanpageDatabase Open(IConfiguration configuration)
    {
        var storage = configuration.GetSection(Section).Get<StorageOptions>() ?? new StorageOptions();
        switch (storage.Profile)
        {
            case StorageProfile.Embedded:
                return new SqliteDatabase(storage.SqlitePath);
            case StorageProfile.Postgres:
                var connectionString = configuration.GetConnectionString("Postgres");
                if (string.IsNullOrWhiteSpace(connectionString))
                {
                    throw new OptionsValidationException(Section, typeof(StorageOptions),
                        ["Storage:Profile is 'Postgres' but ConnectionStrings:Postgres is empty (e.g. 'Host=db;Database=laocai_fanpage;Username=laocai;Password=…')."]);
                }

                try
                {
                    return new PostgresDatabase(connectionString);
                }
                catch (ArgumentException ex)
                {
                    throw new OptionsValidationException(Section, typeof(StorageOptions),
                        [$"ConnectionStrings:Postgres is not a valid PostgreSQL connection string: {ex.Message}"]);
                }

            default:
                throw new OptionsValidationException(Section, typeof(StorageOptions),
                    [$"Storage:Profile '{storage.Profile}' is unknown; use 'Embedded' or 'Postgres'."]);
        }
    }
}
