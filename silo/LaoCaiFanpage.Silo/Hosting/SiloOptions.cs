using System.ComponentModel.DataAnnotations;
using System.Net;
using Microsoft.Extensions.Options;

namespace LaoCaiFanpage.Silo.Hosting;

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
        : throw new OptionsValidationException(Section, typeof(SiloOptions),
            [$"Orleans:AdvertisedAddress '{AdvertisedAddress}' is not an IP address."]);
}
