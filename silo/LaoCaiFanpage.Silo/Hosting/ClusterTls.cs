using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using Orleans.Connections.Security;

namespace LaoCaiFanpage.Silo.Hosting;

/// <summary>
/// Configuration section <c>Orleans:Tls</c>: mutual TLS between silos and on the gateway. Every silo (and any
/// Orleans client) presents a certificate issued by the cluster's own CA and accepts only peers whose certificate
/// chains to that CA, so nothing that merely reaches a silo's port can join the cluster or call a grain.
/// PEM files: <c>deploy/cluster-ca.sh</c> makes a throwaway CA and silo certificates for trials and tests.
/// </summary>
public sealed class ClusterTlsOptions
{
    public const string Section = SiloOptions.Section + ":Tls";

    /// <summary>This silo's certificate (PEM), issued by the cluster CA, usable for both server and client authentication.</summary>
    public string? CertificateFile { get; set; }

    /// <summary>Its private key (PEM).</summary>
    public string? KeyFile { get; set; }

    /// <summary>The cluster CA's certificate (PEM): the only issuer whose certificates are accepted.</summary>
    public string? CaFile { get; set; }

    /// <summary>
    /// On the PostgreSQL profile the cluster's ports are reachable from other hosts, so TLS is required unless this
    /// is set to false (a cluster of one host whose ports the firewall closes to everything else).
    /// </summary>
    public bool Required { get; set; } = true;

    public bool Configured => !string.IsNullOrWhiteSpace(CertificateFile) || !string.IsNullOrWhiteSpace(KeyFile) || !string.IsNullOrWhiteSpace(CaFile);
}

public static class ClusterTls
{
    /// <summary>Turns on mutual TLS when configured; on the cluster profile refuses to start without it unless explicitly waived.</summary>
    public static ISiloBuilder UseClusterTls(this ISiloBuilder orleans, ClusterTlsOptions tls, bool clusterProfile)
    {
        if (!tls.Configured)
        {
            if (clusterProfile && tls.Required)
            {
                throw new OptionsValidationException(ClusterTlsOptions.Section, typeof(ClusterTlsOptions),
                [
                    "On the PostgreSQL profile the silo and gateway ports are open to the network: set Orleans:Tls:CertificateFile, KeyFile and CaFile "
                    + "(deploy/cluster-ca.sh makes them for a trial), or Orleans:Tls:Required=false for one host whose cluster ports are firewalled.",
                ]);
            }

            return orleans;
        }

        var (certificate, authority) = Load(tls);
        orleans.UseTls(certificate, options => Configure(options, authority));
        return orleans;
    }

    /// <summary>Loads the silo's certificate and the CA, refusing files that are missing or do not belong together.</summary>
    public static (X509Certificate2 Certificate, X509Certificate2 Authority) Load(ClusterTlsOptions tls)
    {
        string[] missing = [.. new[] { ("CertificateFile", tls.CertificateFile), ("KeyFile", tls.KeyFile), ("CaFile", tls.CaFile) }
            .Where(f => string.IsNullOrWhiteSpace(f.Item2) || !File.Exists(f.Item2))
            .Select(f => $"Orleans:Tls:{f.Item1} '{f.Item2}' is not set or not a readable file.")];
        if (missing.Length > 0)
        {
            throw new OptionsValidationException(ClusterTlsOptions.Section, typeof(ClusterTlsOptions), missing);
        }

        var certificate = X509Certificate2.CreateFromPemFile(tls.CertificateFile!, tls.KeyFile!);
        var authority = X509CertificateLoader.LoadCertificateFromFile(tls.CaFile!);
        if (!IssuedBy(certificate, authority))
        {
            throw new OptionsValidationException(ClusterTlsOptions.Section, typeof(ClusterTlsOptions),
                [$"Orleans:Tls:CertificateFile ({certificate.Subject}) is not issued by Orleans:Tls:CaFile ({authority.Subject}), or has expired."]);
        }

        return (certificate, authority);
    }

    /// <summary>
    /// Both directions require a certificate, and a peer is accepted only when its certificate chains to the cluster CA.
    /// Peers connect by IP address, so the name in the certificate is not what identifies a silo: the issuer is.
    /// </summary>
    public static void Configure(TlsOptions options, X509Certificate2 authority)
    {
        options.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.RemoteCertificateValidation = (certificate, _, errors) =>
            (errors & SslPolicyErrors.RemoteCertificateNotAvailable) == 0 && IssuedBy(certificate, authority);
    }

    public static bool IssuedBy(X509Certificate2 certificate, X509Certificate2 authority)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate) && chain.ChainElements[^1].Certificate.Thumbprint == authority.Thumbprint;
    }
}
