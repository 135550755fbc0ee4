using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.RegularExpressions;
using LaoCaiFanpage.FunctionalTests.Infrastructure;
using LaoCaiFanpage.Tests.Shared;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace LaoCaiFanpage.FunctionalTests;

/// <summary>
/// The nginx configuration shipped in deploy/compose, run by a real nginx in front of two silos on PostgreSQL:
/// a wall screen's WebSocket passes through it and hears deliveries made to either silo.
/// </summary>
public sealed class LoadBalancerTests
{
    [Fact]
    public async Task Behind_the_shipped_nginx_configuration_a_screen_connects_over_websockets_and_hears_every_silo()
    {
        var connectionString = await TestPostgres.CreateDatabase("balancer");
        var settings = new Dictionary<string, string?>
        {
            ["Storage__Profile"] = "Postgres",
            ["ConnectionStrings__Postgres"] = connectionString,
            ["Orleans__ClusterId"] = "lcf-lb-" + Guid.NewGuid().ToString("N")[..8],
            ["Orleans__AdvertisedAddress"] = "127.0.0.1",
        };
        await using var first = new SiloProcess(settings: settings);
        await using var second = new SiloProcess(settings: settings);
        await first.Start();
        await second.Start();
        await using var balancer = await Nginx.Start(first.BaseAddress, second.BaseAddress);

        using var client = balancer.CreateClient();
        var token = await SignIn(client);
        var received = new ConcurrentQueue<JsonElement>();
        await using var screen = new HubConnectionBuilder()
            .WithUrl(new Uri(balancer.Address, "hubs/dashboard"), o =>
            {
                o.AccessTokenProvider = () => Task.FromResult<string?>(token);
                o.HttpMessageHandlerFactory = _ => new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, certificate, _, _) => balancer.Trusts(certificate) };
                o.WebSocketConfiguration = socket => socket.RemoteCertificateValidationCallback = (_, certificate, _, _) => balancer.Trusts(certificate);
                // Straight to the WebSocket, as a wall screen's browser does: only an Upgrade passed through works.
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
            })
            .Build();
        screen.On<JsonElement>("delta", received.Enqueue);
        await screen.StartAsync();
        Assert.Equal(HubConnectionState.Connected, screen.State);

        // Comments delivered to each silo directly (and one through the balancer) all reach the screen.
        var ids = new List<string>();
        foreach (var (silo, index) in new[] { first, second, first, second }.Select((s, i) => (s, i)))
        {
            using var direct = silo.CreateClient();
            var id = MetaDeliveries.NewCommentId();
            ids.Add(id);
            await direct.DeliverAccepted(MetaDeliveries.Feed(MetaDeliveries.Comment(id, $"Phản ánh qua cân bằng tải {index}")));
        }

        var viaBalancer = MetaDeliveries.NewCommentId();
        ids.Add(viaBalancer);
        await client.DeliverAccepted(MetaDeliveries.Feed(MetaDeliveries.Comment(viaBalancer, "Gửi qua nginx")));

        var deadline = DateTime.UtcNow.AddSeconds(15);
        HashSet<string?> seen;
        do
        {
            await Task.Delay(200);
            seen = received.SelectMany(d => d.GetProperty("feed").EnumerateArray()).Select(f => f.GetProperty("messageId").GetString()).ToHashSet();
        }
        while (!ids.All(seen.Contains) && DateTime.UtcNow < deadline);

        Assert.All(ids, id => Assert.Contains(id, seen));
        Assert.Equal(HubConnectionState.Connected, screen.State);

        // Behind the proxy the service knows the request came over HTTPS: the session cookie is Secure and HSTS is sent.
        using var browser = balancer.CreateClient(cookies: true);
        var page = await browser.GetStringAsync("login");
        var token2 = Regex.Match(page, "name=\"__csrf\" value=\"([^\"]+)\"").Groups[1].Value;
        using var signedIn = await browser.PostAsync("login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__csrf"] = token2, ["username"] = "admin", ["password"] = SiloProcess.AdminPassword, ["returnUrl"] = "/",
        }));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var cookie = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("lcf.session=", StringComparison.Ordinal));
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.True(signedIn.Headers.Contains("Strict-Transport-Security"), "no HSTS over HTTPS");
    }

    private static async Task<string> SignIn(HttpClient client)
    {
        using var response = await client.PostAsync("api/auth/login", Infrastructure.Accounts.Json(new { username = "admin", password = SiloProcess.AdminPassword }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("accessToken").GetString()!;
    }

    /// <summary>Debian's nginx with deploy/compose/nginx.conf, its upstreams pointed at the test's silos.</summary>
    private sealed class Nginx : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly string _directory;

        private Nginx(Process process, string directory, Uri address) => (_process, _directory, Address) = (process, directory, address);

        public Uri Address { get; }

        /// <summary>Trusts exactly the balancer's self-signed certificate, as a trial's browser would once told to.</summary>
        public bool Trusts(X509Certificate? certificate) =>
            certificate is not null && certificate.GetCertHashString() == X509CertificateLoader
                .LoadCertificateFromFile(Path.Combine(_directory, "https.pem")).GetCertHashString();

        public HttpClient CreateClient(bool cookies = false) => new(new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) => Trusts(certificate),
            UseCookies = cookies,
            CookieContainer = new CookieContainer(),
            AllowAutoRedirect = false,
        }) { BaseAddress = Address };

        private static int FreePort()
        {
            using var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            return ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        public static async Task<Nginx> Start(params Uri[] silos)
        {
            var directory = Path.Combine(Path.GetTempPath(), "lcf-nginx-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(directory);
            if (!OperatingSystem.IsWindows())
            {
                // nginx's workers run as another user when the tests run as root.
                File.SetUnixFileMode(directory, (UnixFileMode)0x1FF);
            }
            int port;
            using (var probe = new TcpListener(IPAddress.Loopback, 0))
            {
                probe.Start();
                port = ((IPEndPoint)probe.LocalEndpoint).Port;
            }

            var shipped = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "deploy", "compose", "nginx.conf"));
            var servers = string.Join("\n", silos.Select(s => $"    server 127.0.0.1:{s.Port} max_fails=2 fail_timeout=10s;"));
            // HTTPS with a self-signed certificate of the test's own, as the trial compose does; the port-80 redirect is left out.
            using (var script = Process.Start(new ProcessStartInfo("bash", [Path.Combine(RepositoryPaths.Root, "deploy", "compose", "https-certificate.sh"), directory])))
            {
                await script!.WaitForExitAsync();
                Assert.Equal(0, script.ExitCode);
            }

            var site = Regex.Replace(shipped, @"(    server silo\d:5080[^\n]*\n)+", servers + "\n")
                .Replace("listen 80;", $"listen 127.0.0.1:{FreePort()};", StringComparison.Ordinal)
                .Replace("listen 443 ssl;", $"listen 127.0.0.1:{port} ssl;", StringComparison.Ordinal)
                .Replace("/etc/nginx/https.pem", Path.Combine(directory, "https.pem"), StringComparison.Ordinal)
                .Replace("/etc/nginx/https.key", Path.Combine(directory, "https.key"), StringComparison.Ordinal);
            Assert.DoesNotContain("silo1", site, StringComparison.Ordinal);
            var configuration = Path.Combine(directory, "nginx.conf");
            await File.WriteAllTextAsync(configuration, $$"""
                worker_processes 1;
                pid {{directory}}/nginx.pid;
                error_log {{directory}}/error.log warn;
                events { worker_connections 256; }
                http {
                    access_log off;
                    client_body_temp_path {{directory}}/body;
                    proxy_temp_path {{directory}}/proxy;
                    fastcgi_temp_path {{directory}}/fastcgi;
                    uwsgi_temp_path {{directory}}/uwsgi;
                    scgi_temp_path {{directory}}/scgi;
                {{site}}
                }
                """);
            var nginx = File.Exists("/usr/sbin/nginx") ? "/usr/sbin/nginx" : "nginx";
            var process = Process.Start(new ProcessStartInfo(nginx, ["-p", directory, "-c", configuration, "-g", "daemon off;"])
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            }) ?? throw new InvalidOperationException("nginx did not start (Debian's nginx-light package).");
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    using var connection = new TcpClient();
                    await connection.ConnectAsync(IPAddress.Loopback, port);
                    break;
                }
                catch (SocketException) when (attempt < 100 && !process.HasExited)
                {
                    await Task.Delay(100);
                }
                catch (SocketException)
                {
                    throw new InvalidOperationException("nginx did not listen: " + await process.StandardError.ReadToEndAsync());
                }
            }

            return new Nginx(process, directory, new Uri($"https://127.0.0.1:{port}/"));
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }

            _process.Dispose();
            Directory.Delete(_directory, recursive: true);
        }
    }
}
