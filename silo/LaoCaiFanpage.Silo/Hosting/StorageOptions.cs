using System.ComponentModel.DataAnnotations;

namespace LaoCaiFanpage.Silo.Hosting;

public enum StorageProfile
{
    /// <summary>One silo, localhost clustering, everything in one SQLite file.</summary>
    Embedded,

    /// <summary>Several silos on PostgreSQL (the production cluster).</summary>
    Postgres,
}

/// <summary>Configuration section <c>Storage</c>.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    public StorageProfile Profile { get; set; } = StorageProfile.Embedded;

    [Required]
    public string SqlitePath { get; set; } = "./data/laocai-fanpage.db";
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
}
