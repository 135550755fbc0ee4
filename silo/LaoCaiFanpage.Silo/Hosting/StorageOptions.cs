using System.ComponentModel.DataAnnotations;
using System.Net;
using LaoCaiFanpage.Grains.Storage;

namespace LaoCaiFanpage.Silo.Hosting;

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
                    throw new Microsoft.Extensions.Options.OptionsValidationException(Section, typeof(StorageOptions),
                        ["Storage:Profile is 'Postgres' but ConnectionStrings:Postgres is empty (e.g. 'Host=db;Database=laocai_fanpage;Username=laocai;Password=…')."]);
                }

                try
                {
                    return new PostgresDatabase(connectionString);
                }
                catch (ArgumentException ex)
                {
                    throw new Microsoft.Extensions.Options.OptionsValidationException(Section, typeof(StorageOptions),
                        [$"ConnectionStrings:Postgres is not a valid PostgreSQL connection string: {ex.Message}"]);
                }

            default:
                throw new Microsoft.Extensions.Options.OptionsValidationException(Section, typeof(StorageOptions),
                    [$"Storage:Profile '{storage.Profile}' is unknown; use 'Embedded' or 'Postgres'."]);
        }
    }
}

/// <summary>Configuration section <c>Orleans</c>.</summary>
public sealed class SiloOptions
{
    public const string Section = "Orleans";

    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    [Range(1, 65535)]
    public int GatewayPort { get; set; } = 30000;

    [Required]
    public string ClusterId { get; set; } = "laocai-fanpage";

    /// <summary>Part of every stored grain key: never change it on a running installation.</summary>
    [Required]
    public string ServiceId { get; set; } = "laocai-fanpage";

    /// <summary>The address other silos reach this one at (Postgres profile); empty: the host name's first address.</summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>Take the silo's name and address and the cluster's ids from the Kubernetes pod (Postgres profile).</summary>
    public bool Kubernetes { get; set; }

    /// <summary>
    /// Minutes a grain stays in memory after its last call (Orleans' collection age). A case nobody touches is
    /// deactivated after this and costs nothing until its wake-up or its next message.
    /// </summary>
    [Range(0.5, 1440)]
    public double IdleMinutes { get; set; } = 15;

    /// <summary>Mutual TLS between silos and on the gateway (<c>Orleans:Tls</c>).</summary>
    public ClusterTlsOptions Tls { get; set; } = new();

    public IPAddress? ParsedAdvertisedAddress() =>
        string.IsNullOrWhiteSpace(AdvertisedAddress) ? null
        : IPAddress.TryParse(AdvertisedAddress, out var address) ? address
        : throw new Microsoft.Extensions.Options.OptionsValidationException(Section, typeof(SiloOptions),
            [$"Orleans:AdvertisedAddress '{AdvertisedAddress}' is not an IP address."]);
}
