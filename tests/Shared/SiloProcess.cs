using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace LaoCaiFanpage.Tests.Shared;

/// <summary>
/// The real host, run as its own process from the silo's build output (so it can be killed with
/// SIGKILL), on free loopback ports and a data directory of the test's own.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly StringBuilder _output = new();
    private Process? _process;

    public SiloProcess(string? dataDirectory = null, IDictionary<string, string?>? settings = null)
    {
        DataDirectory = dataDirectory ?? Path.Combine(Path.GetTempPath(), "lcf-e2e-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(DataDirectory);
        Settings = new Dictionary<string, string?>
        {
            ["Facebook__AppSecret"] = MetaDeliveries.AppSecret,
            ["Facebook__VerifyToken"] = MetaDeliveries.VerifyToken,
            ["Fanpage__PageId"] = MetaDeliveries.PageId,
            ["Auth__BootstrapAdminPassword"] = AdminPassword,
            // Every test signs in from 127.0.0.1; the sign-in limit has tests of its own.
            ["Auth__LoginAttemptsPerMinute"] = "10000",
            // Administrators and approvers sign in with a second factor in production; SecondFactorTests run it
            // end to end, the other tests sign in with passwords (an enrolled account would still need its code).
            ["Auth__RequireSecondFactor"] = "false",
            ["Storage__SqlitePath"] = Path.Combine(DataDirectory, "laocai-fanpage.db"),
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            Settings[key] = value;
        }

        // A cluster's silos share the audit chain key (kept outside the database), as production requires.
        if (Settings.GetValueOrDefault("Storage__Profile") == "Postgres" && !Settings.ContainsKey("Audit__ChainKeyFile"))
        {
            Settings["Audit__ChainKeyFile"] = ClusterCertificates.ChainKeyFile;
        }

        // A cluster silo speaks mutual TLS with its peers (Orleans:Tls), as production requires: each gets its own certificate.
        if (Settings.GetValueOrDefault("Storage__Profile") == "Postgres" && !Settings.Keys.Any(k => k.StartsWith("Orleans__Tls__", StringComparison.Ordinal)))
        {
            foreach (var (key, value) in ClusterCertificates.SiloSettings("silo-" + Path.GetFileName(DataDirectory)))
            {
                Settings[key] = value;
            }
        }
    }

    /// <summary>The bootstrap administrator's password in test hosts (generated per run, never a constant of the product).</summary>
    public static string AdminPassword { get; } = "Qt-" + Guid.NewGuid().ToString("N")[..16];

    public string DataDirectory { get; }

    public Dictionary<string, string?> Settings { get; }

    /// <summary>Command-line arguments for the host (e.g. <c>--demo</c>).</summary>
    public List<string> Arguments { get; } = [];

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The Orleans gateway's port of the running process.</summary>
    public int GatewayPort { get; private set; }

    public string DatabasePath => Settings["Storage__SqlitePath"]!;

    public int ProcessId => _process?.Id ?? throw new InvalidOperationException("The host is not running.");

    public int? ExitCode => _process is { HasExited: true } p ? p.ExitCode : null;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static string SiloBuildDirectory
    {
        get
        {
            var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name; // …/bin/{Configuration}/net10.0/
            return Path.Combine(RepositoryPaths.Root, "silo", "LaoCaiFanpage.Silo", "bin", configuration, "net10.0");
        }
    }

    /// <summary>artifacts/ at the repository root (ignored by git): screenshots and host logs of test runs.</summary>
    public static string ArtifactsDirectory => Path.GetFullPath(Path.Combine(SiloBuildDirectory, "..", "..", "..", "..", "..", "artifacts"));

    /// <summary>
    /// Starts the host (on new ports) and, unless told otherwise, waits until /health/ready says so.
    /// Another process on the machine may take a free port between our probe and the host's bind, so a start that
    /// dies of "address already in use" is tried again on other ports.
    /// </summary>
    public async Task Start(bool waitReady = true, bool keepHttpPort = false)
    {
        for (var attempt = 1; ; attempt++)
        {
            var ports = FreePorts(3);
            var http = keepHttpPort && BaseAddress is not null ? BaseAddress.Port : ports[0];
            BaseAddress = new Uri($"http://127.0.0.1:{http}/");
            Launch(siloPort: ports[1], gatewayPort: ports[2]);
            if (!waitReady)
            {
                return;
            }

            try
            {
                await WaitReady(TimeSpan.FromSeconds(90));
                return;
            }
            catch (InvalidOperationException) when (attempt < 4 && _process!.HasExited && Output.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                lock (_output)
                {
                    _output.AppendLine($"--- port taken, starting again (attempt {attempt + 1}) ---");
                }
            }
        }
    }

    private void Launch(int siloPort, int gatewayPort)
    {
        var start = new ProcessStartInfo("dotnet", ["LaoCaiFanpage.Silo.dll", .. Arguments])
        {
            WorkingDirectory = SiloBuildDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in Settings)
        {
            start.Environment[key] = value;
        }

        start.Environment["ASPNETCORE_URLS"] = BaseAddress!.ToString().TrimEnd('/');
        start.Environment["Orleans__SiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture);
        start.Environment["Orleans__GatewayPort"] = gatewayPort.ToString(CultureInfo.InvariantCulture);
        GatewayPort = gatewayPort;

        _process = Process.Start(start) ?? throw new InvalidOperationException("The host did not start.");
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public async Task WaitReady(TimeSpan timeout)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"The host exited with {_process.ExitCode}:\n{Output}");
            }

            try
            {
                using var response = await client.GetAsync("health/ready");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"The host was not ready within {timeout}:\n{Output}");
    }

    /// <summary>SIGKILL: no shutdown code runs, as in a crash or power cut of the process.</summary>
    public async Task Kill()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    /// <summary>SIGTERM, as systemd stops the service: a graceful shutdown.</summary>
    public async Task Stop()
    {
        if (_process is { HasExited: false })
        {
            using var term = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await term.WaitForExitAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _process.WaitForExitAsync(timeout.Token);
        }
    }

    public async Task WaitForExit(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process!.WaitForExitAsync(cts.Token);
    }

    public HttpClient CreateClient() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>Signs in through <c>POST /api/auth/login</c> and returns the bearer token.</summary>
    public async Task<string> SignIn(string username = "admin", string? password = null)
    {
        using var client = CreateClient();
        using var response = await client.PostAsync("api/auth/login", new StringContent(
            JsonSerializer.Serialize(new { username, password = password ?? AdminPassword }), Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Sign-in of {username} failed: {(int)response.StatusCode} {text}");
        }

        return JsonDocument.Parse(text).RootElement.GetProperty("accessToken").GetString()!;
    }

    /// <summary>The password an administrator gives a new account in tests; its owner replaces it at the first sign-in.</summary>
    public const string TemporaryPassword = "Tam-thoi-doi-ngay-2026";

    /// <summary>
    /// Creates an account as an administrator does (with a temporary password, <c>POST /api/users</c>) and then, as
    /// its owner must at the first sign-in, replaces that password with <paramref name="password"/>.
    /// </summary>
    public async Task CreateUser(HttpClient admin, string username, string password, string[] roles, string? unit = null, string? email = null, string? displayName = null)
    {
        await CreateUserAs(admin, username, roles, unit, email, displayName);
        await ChangeOwnPassword(username, TemporaryPassword, password);
    }

    /// <summary>Creates an account with the temporary password and leaves its first sign-in to the test.</summary>
    public async Task CreateUserAs(HttpClient admin, string username, string[] roles, string? unit = null, string? email = null, string? displayName = null)
    {
        using var created = await admin.PostAsync("api/users", new StringContent(
            JsonSerializer.Serialize(new { username, password = TemporaryPassword, roles, unit, email, displayName }), Encoding.UTF8, "application/json"));
        if (!created.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Creating {username} failed: {(int)created.StatusCode} {await created.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>The owner's own change, <c>POST /api/auth/password</c>, from a session of its own (which is then signed out).</summary>
    public async Task ChangeOwnPassword(string username, string current, string replacement)
    {
        using var client = await CreateSignedInClient(username, current);
        using var changed = await client.PostAsync("api/auth/password", new StringContent(
            JsonSerializer.Serialize(new { currentPassword = current, newPassword = replacement }), Encoding.UTF8, "application/json"));
        if (changed.StatusCode != HttpStatusCode.NoContent)
        {
            throw new InvalidOperationException($"{username} could not change the password: {(int)changed.StatusCode} {await changed.Content.ReadAsStringAsync()}");
        }

        using var _ = await client.PostAsync("api/auth/logout", null);
    }

    /// <summary>A client signed in as <paramref name="username"/> (the administrator by default).</summary>
    public async Task<HttpClient> CreateSignedInClient(string username = "admin", string? password = null)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await SignIn(username, password));
        return client;
    }

    /// <summary>A new kiosk link (as the administrator): the URL a wall screen opens.</summary>
    public async Task<(long Id, Uri Url)> CreateKiosk(string name = "Màn hình thử nghiệm")
    {
        using var admin = await CreateSignedInClient();
        using var response = await admin.PostAsync("api/kiosks", new StringContent(
            JsonSerializer.Serialize(new { name }), Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Creating a kiosk link failed: {(int)response.StatusCode} {text}");
        }

        var root = JsonDocument.Parse(text).RootElement;
        return (root.GetProperty("id").GetInt64(), new Uri(root.GetProperty("url").GetString()!));
    }

    public async ValueTask DisposeAsync()
    {
        await Kill();
        // Kept for diagnosis next to the screenshots: artifacts/host-logs.
        var logs = Path.Combine(ArtifactsDirectory, "host-logs");
        Directory.CreateDirectory(logs);
        await File.WriteAllTextAsync(Path.Combine(logs, Path.GetFileName(DataDirectory) + ".log"), Output);
        _process?.Dispose();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    /// <summary>
    /// Distinct free loopback ports: the probes stay open until all are found, so the kernel cannot hand the same
    /// port out twice (it did: the HTTP and silo ports once came out equal).
    /// </summary>
    private static int[] FreePorts(int count)
    {
        var listeners = new List<TcpListener>(count);
        try
        {
            for (var i = 0; i < count; i++)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                listeners.Add(listener);
            }

            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener.Stop();
            }
        }
    }
}
