using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using LaoCaiFanpage.Contracts.Fanpages;
using LaoCaiFanpage.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Connections.Security;
using Xunit.Abstractions;

namespace LaoCaiFanpage.FunctionalTests;

/// <summary>
/// The cluster's ports under mutual TLS, with real silo processes on PostgreSQL: an Orleans client or a silo that
/// reaches the ports without a certificate from the cluster's CA can neither call a grain nor join.
/// </summary>
public sealed class ClusterTlsTests(ITestOutputHelper output)
{
    private static async Task<FanpageSnapshot> CallAGrain(SiloProcess silo, string clusterId, X509Certificate2? certificate, X509Certificate2? authority)
    {
        using var client = new HostBuilder().UseOrleansClient(orleans =>
        {
            orleans.UseStaticClustering(new IPEndPoint(IPAddress.Loopback, silo.GatewayPort));
            orleans.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (clusterId, "laocai-fanpage"));
            if (certificate is not null)
            {
                orleans.UseTls(certificate, o =>
                {
                    o.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
                    o.RemoteCertificateValidation = (remote, _, errors) => authority is null
                        || (errors & SslPolicyErrors.RemoteCertificateNotAvailable) == 0 && remote.Issuer == authority.Subject;
                });
            }
        }).Build();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await client.StartAsync(timeout.Token);
        return await client.Services.GetRequiredService<IClusterClient>().GetGrain<IFanpageGrain>(MetaDeliveries.PageId).GetSnapshot().WaitAsync(timeout.Token);
    }

    [Fact]
    public async Task Without_a_certificate_from_the_cluster_CA_no_client_calls_a_grain_and_no_silo_joins()
    {
        var connectionString = await TestPostgres.CreateDatabase("clustertls");
        var clusterId = "lcf-tls-" + Guid.NewGuid().ToString("N")[..8];
        var cluster = new Dictionary<string, string?>
        {
            ["Storage__Profile"] = "Postgres",
            ["ConnectionStrings__Postgres"] = connectionString,
            ["Orleans__ClusterId"] = clusterId,
            ["Orleans__AdvertisedAddress"] = "127.0.0.1",
        };
        await using var first = new SiloProcess(settings: cluster);
        await first.Start();

        // A stranger's client: plain TCP, then TLS with a certificate of its own CA. Neither gets a grain call through.
        await Assert.ThrowsAnyAsync<Exception>(() => CallAGrain(first, clusterId, null, null));
        var strangers = Path.Combine(Path.GetTempPath(), "lcf-stranger-ca-" + Guid.NewGuid().ToString("N"));
        var (strangerPem, strangerKey) = ClusterCertificates.Issue("stranger", strangers);
        using (var stranger = X509Certificate2.CreateFromPemFile(strangerPem, strangerKey))
        {
            await Assert.ThrowsAnyAsync<Exception>(() => CallAGrain(first, clusterId, stranger, null));
        }

        // The same client with a certificate from the cluster's CA is let in.
        var (pem, key) = ClusterCertificates.Issue("operator-console");
        using (var member = X509Certificate2.CreateFromPemFile(pem, key))
        using (var authority = X509CertificateLoader.LoadCertificateFromFile(ClusterCertificates.CaFile))
        {
            Assert.Equal(MetaDeliveries.PageId, (await CallAGrain(first, clusterId, member, authority)).PageId);
        }

        // A silo without certificates (its operator waived the requirement) cannot join the cluster.
        await using var outsider = new SiloProcess(settings: new Dictionary<string, string?>(cluster) { ["Orleans__Tls__Required"] = "false" });
        await outsider.Start(waitReady: false);
        var joined = false;
        try
        {
            await outsider.WaitReady(TimeSpan.FromSeconds(30));
            joined = true;
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
        {
            output.WriteLine("the silo without a certificate did not join: " + ex.Message.Split('\n')[0]);
        }

        Assert.False(joined, "a silo without the cluster's certificate became ready");

        // A second silo with its certificate joins, and the first still answers.
        await using var second = new SiloProcess(settings: cluster);
        await second.Start();
        using var admin = await second.CreateSignedInClient();
        using var ready = await first.CreateClient().GetAsync("health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [Fact]
    public async Task A_cluster_silo_refuses_to_start_without_certificates_unless_the_operator_waives_them()
    {
        await using var silo = new SiloProcess(settings: new Dictionary<string, string?>
        {
            ["Storage__Profile"] = "Postgres",
            ["ConnectionStrings__Postgres"] = "Host=127.0.0.1;Port=1;Database=none;Username=none;Password=none",
            ["Orleans__Tls__CertificateFile"] = "",
        });
        await silo.Start(waitReady: false);
        await silo.WaitForExit(TimeSpan.FromSeconds(60));
        Assert.NotEqual(0, silo.ExitCode);
        Assert.Contains("Orleans:Tls:CertificateFile", silo.Output, StringComparison.Ordinal);
    }
}
