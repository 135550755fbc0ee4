using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace LaoCaiFanpage.Tests.Shared;

/// <summary>
/// A real PostgreSQL server for the storage and cluster tests: the one named by <c>LCF_TEST_POSTGRES</c>
/// (a connection string to a server where the user may create databases — .ci/run starts one), else a
/// private throwaway cluster started here with deploy/postgres/throwaway-cluster.sh. Each test gets a
/// database of its own.
/// </summary>
public static class TestPostgres
{
    public const string Variable = "LCF_TEST_POSTGRES";

    private static readonly Lazy<Task<string>> Server = new(StartServer);

    /// <summary>A new, empty database; returns its connection string.</summary>
    public static async Task<string> CreateDatabase(string purpose)
    {
        var server = await Server.Value;
        var name = "lcf_" + purpose + "_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = $"CREATE DATABASE \"{name}\"";
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(server) { Database = name, Pooling = true }.ConnectionString;
    }

    private static async Task<string> StartServer()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } configured)
        {
            return configured;
        }

        var script = Path.Combine(RepositoryPaths.Root, "deploy", "postgres", "throwaway-cluster.sh");
        var directory = Path.Combine(Path.GetTempPath(), "lcf-pg-" + Environment.ProcessId);
        var port = FreePort();
        // Standard output only, read for one line (the connection string): a server started by the script may hold
        // an inherited descriptor open, so waiting for the end of a stream could wait forever. Errors go to the console.
        var start = new ProcessStartInfo("bash", [script, "start", directory, port.ToString(CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
        };
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        if (process.ExitCode != 0 || string.IsNullOrWhiteSpace(output))
        {
            throw new InvalidOperationException(
                $"No PostgreSQL for the tests: set {Variable} to a server's connection string, or install Debian's postgresql package (exit {process.ExitCode}).");
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            using var stop = Process.Start(new ProcessStartInfo("bash", [script, "stop", directory]));
            if (stop?.WaitForExit(10_000) == true)
            {
                Directory.Delete(directory, recursive: true);
            }
        };
        return output.Trim();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
