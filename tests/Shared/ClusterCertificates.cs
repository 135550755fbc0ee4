using System.Diagnostics;
using System.Security.Cryptography;

namespace LaoCaiFanpage.Tests.Shared;

/// <summary>
/// The cluster's mutual-TLS certificates for test silos, made with the script a trial deployment uses
/// (<c>deploy/cluster/cluster-ca.sh</c>): one CA per test run, a certificate per silo or client.
/// </summary>
public static class ClusterCertificates
{
    private static readonly Lock Gate = new();

    public static string Directory { get; } = Path.Combine(Path.GetTempPath(), "lcf-cluster-ca-" + Environment.ProcessId);

    public static string CaFile => Path.Combine(Directory, "ca.pem");

    /// <summary>Issues <paramref name="name"/>.pem and .key from this run's CA (made on first use); returns their paths.</summary>
    public static (string Certificate, string Key) Issue(string name, string? directory = null)
    {
        directory ??= Directory;
        lock (Gate)
        {
            var script = Path.Combine(RepositoryPaths.Root, "deploy", "cluster", "cluster-ca.sh");
            using var process = Process.Start(new ProcessStartInfo("bash", [script, directory, name])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            }) ?? throw new InvalidOperationException("bash did not start");
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"cluster-ca.sh failed ({process.ExitCode}): {error}");
            }
        }

        return (Path.Combine(directory, name + ".pem"), Path.Combine(directory, name + ".key"));
    }

    /// <summary>This run's audit chain key, shared by every silo of a cluster as production shares it (made on first use).</summary>
    public static string ChainKeyFile
    {
        get
        {
            var file = Path.Combine(Directory, "audit-chain.key");
            lock (Gate)
            {
                if (!File.Exists(file))
                {
                    System.IO.Directory.CreateDirectory(Directory);
                    File.WriteAllText(file, Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)));
                }
            }

            return file;
        }
    }

    /// <summary>The settings that give a silo process its certificate and the CA.</summary>
    public static Dictionary<string, string?> SiloSettings(string name)
    {
        var (certificate, key) = Issue(name);
        return new()
        {
            ["Orleans__Tls__CertificateFile"] = certificate,
            ["Orleans__Tls__KeyFile"] = key,
            ["Orleans__Tls__CaFile"] = CaFile,
        };
    }
}
