using System.Globalization;
using System.Text.RegularExpressions;
using LaoCaiFanpage.Grains.Audit;
using LaoCaiFanpage.Grains.Fanpages;
using LaoCaiFanpage.Grains.Storage;
using LaoCaiFanpage.Silo.Accounts;
using LaoCaiFanpage.Silo.Health;
using LaoCaiFanpage.Silo.Hosting;
using LaoCaiFanpage.Silo.Operations;
using LaoCaiFanpage.Silo.StartUp;
using LaoCaiFanpage.Silo.Webhooks;
using LaoCaiFanpage.Tests.Shared;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace LaoCaiFanpage.UnitTests.Deployment;

/// <summary>
/// The files in deploy/ (systemd, container, compose, Kubernetes) held to the code: every setting they pass
/// exists, the command, probes and ports they name are the ones the service has. (No container engine or
/// cluster runs here; the PostgreSQL cluster and the nginx configuration are exercised end to end.)
/// </summary>
public sealed partial class DeploymentFilesTests
{
    private static readonly Dictionary<string, Type> Sections = new(StringComparer.Ordinal)
    {
        [StorageOptions.Section] = typeof(StorageOptions),
        [SiloOptions.Section] = typeof(SiloOptions),
        [FacebookOptions.Section] = typeof(FacebookOptions),
        [FanpageOptions.Section] = typeof(FanpageOptions),
        [OperationsOptions.Section] = typeof(OperationsOptions),
        [AuthOptions.Section] = typeof(AuthOptions),
        [AuditOptions.Section] = typeof(AuditOptions),
    };

    private static readonly string SiloAssembly = typeof(Program).Assembly.GetName().Name + ".dll";

    private static string Read(params string[] path) => File.ReadAllText(Path.Combine([RepositoryPaths.Root, "deploy", .. path]));

    /// <summary>An environment variable the service reads: <c>Section__Key</c> of an options class, or a framework one.</summary>
    private static bool IsSetting(string name)
    {
        var parts = name.Split("__");
        return name.StartsWith("ASPNETCORE_", StringComparison.Ordinal)
            || parts is ["ConnectionStrings", "Postgres"]
            || parts is ["Network", "KnownProxies" or "KnownNetworks", _]
            || (parts.Length >= 2 && Sections.TryGetValue(parts[0], out var type) && type.GetProperty(parts[1]) is not null);
    }

    private static List<Dictionary<object, object>> Documents(string yaml)
    {
        var deserializer = new DeserializerBuilder().Build();
        // Merge keys (<<: *anchor), as compose resolves them.
        var parser = new MergingParser(new Parser(new StringReader(yaml)));
        parser.Consume<StreamStart>();
        var documents = new List<Dictionary<object, object>>();
        while (parser.Accept<DocumentStart>(out _))
        {
            documents.Add(deserializer.Deserialize<Dictionary<object, object>>(parser));
        }

        return documents;
    }

    private static object? At(object? node, params object[] path)
    {
        foreach (var step in path)
        {
            node = (node, step) switch
            {
                (Dictionary<object, object> map, string key) => map.GetValueOrDefault(key),
                (List<object> list, int index) => list[index],
                _ => null,
            };
        }

        return node;
    }

    private static Dictionary<object, object> Kind(List<Dictionary<object, object>> documents, string kind) =>
        documents.Single(d => (string?)At(d, "kind") == kind);

    [Fact]
    public void The_kubernetes_deployment_passes_real_settings_probes_the_health_endpoints_and_carries_the_orleans_pod_identity()
    {
        var deployment = Kind(Documents(Read("kubernetes", "deployment.yaml")), "Deployment");
        var pod = At(deployment, "spec", "template");
        var container = At(pod, "spec", "containers", 0);
        var env = ((List<object>)At(container, "env")!).Select(e => (Name: (string)At(e, "name")!, Value: At(e, "value") as string)).ToList();

        string[] podIdentity = ["POD_NAME", "POD_NAMESPACE", "POD_IP", "ORLEANS_SERVICE_ID", "ORLEANS_CLUSTER_ID"];
        Assert.All(podIdentity, name => Assert.Contains(env, e => e.Name == name));
        Assert.All(env.Where(e => !podIdentity.Contains(e.Name)), e => Assert.True(IsSetting(e.Name), $"{e.Name} is not a setting of the service"));
        Assert.Contains(("Storage__Profile", "Postgres"), env);
        Assert.Contains(("Orleans__Kubernetes", "true"), env);
        Assert.Equal("laocai-fanpage", At(pod, "metadata", "labels", "orleans/serviceId"));
        Assert.Equal("laocai-fanpage", At(pod, "metadata", "labels", "orleans/clusterId"));

        Assert.Equal(HealthApi.ReadyPath, At(container, "readinessProbe", "httpGet", "path"));
        Assert.Equal(HealthApi.LivePath, At(container, "livenessProbe", "httpGet", "path"));
        var ports = ((List<object>)At(container, "ports")!).ToDictionary(p => (string)At(p, "name")!, p => int.Parse((string)At(p, "containerPort")!, CultureInfo.InvariantCulture));
        var silo = new SiloOptions();
        Assert.Equal(silo.SiloPort, ports["silo"]);
        Assert.Equal(silo.GatewayPort, ports["gateway"]);
        Assert.EndsWith(":" + ports["http"], env.Single(e => e.Name == "ASPNETCORE_URLS").Value, StringComparison.Ordinal);

        // Its secret holds settings too, and the pods' account may manage the pods (Orleans deletes a dead silo's).
        var secret = Kind(Documents(Read("kubernetes", "secret.example.yaml")), "Secret");
        Assert.Equal(At(secret, "metadata", "name"), At(container, "envFrom", 0, "secretRef", "name"));
        Assert.All(((Dictionary<object, object>)At(secret, "stringData")!).Keys.Cast<string>(), key => Assert.True(IsSetting(key), key));
        var rbac = Documents(Read("kubernetes", "rbac.yaml"));
        Assert.Equal(At(pod, "spec", "serviceAccountName"), At(Kind(rbac, "ServiceAccount"), "metadata", "name"));
        var verbs = ((List<object>)At(Kind(rbac, "Role"), "rules", 0, "verbs")!).Cast<string>().ToList();
        Assert.All(new[] { "get", "list", "watch", "delete" }, verb => Assert.Contains(verb, verbs));

        // The cluster's ports under mutual TLS from a mounted secret; the NetworkPolicy admits HTTP from the ingress
        // only and the cluster ports from the silos only; no whole-cluster range is trusted to name the client.
        var mount = (string)At(container, "volumeMounts", 0, "mountPath")!;
        Assert.Equal(At(pod, "spec", "volumes", 0, "name"), At(container, "volumeMounts", 0, "name"));
        Assert.All(new[] { "CertificateFile", "KeyFile", "CaFile" }, key =>
            Assert.StartsWith(mount + "/", env.Single(e => e.Name == "Orleans__Tls__" + key).Value, StringComparison.Ordinal));
        Assert.Equal("laocai-fanpage-cluster-tls", At(pod, "spec", "volumes", 0, "secret", "secretName"));
        Assert.DoesNotContain(env, e => e.Name.StartsWith("Network__KnownNetworks", StringComparison.Ordinal) && e.Value!.EndsWith("/8", StringComparison.Ordinal));
        var policy = Kind(Documents(Read("kubernetes", "networkpolicy.yaml")), "NetworkPolicy");
        Assert.Equal("laocai-fanpage", At(policy, "spec", "podSelector", "matchLabels", "app"));
        Assert.Equal(ports["http"].ToString(CultureInfo.InvariantCulture), At(policy, "spec", "ingress", 0, "ports", 0, "port"));
        Assert.Equal([ports["silo"], ports["gateway"]], ((List<object>)At(policy, "spec", "ingress", 1, "ports")!)
            .Select(p => int.Parse((string)At(p, "port")!, CultureInfo.InvariantCulture)));

        var job = Kind(Documents(Read("kubernetes", "migrate-job.yaml")), "Job");
        Assert.Equal([DatabaseMigration.Command], ((List<object>)At(job, "spec", "template", "spec", "containers", 0, "args")!).Cast<string>());
    }

    [Fact]
    public void The_compose_file_migrates_first_runs_three_silos_on_real_settings_and_balances_them_all()
    {
        var compose = Documents(Read("compose", "compose.yaml")).Single();
        var services = (Dictionary<object, object>)At(compose, "services")!;
        Assert.Equal([DatabaseMigration.Command], ((List<object>)At(services, "migrate", "command")!).Cast<string>());
        var silos = services.Keys.Cast<string>().Where(k => k.StartsWith("silo", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, silos.Count);
        foreach (var silo in silos)
        {
            Assert.Equal("service_completed_successfully", At(services, silo, "depends_on", "migrate", "condition"));
            var env = (Dictionary<object, object>)At(services, silo, "environment")!;
            Assert.All(env.Keys.Cast<string>(), key => Assert.True(IsSetting(key), $"{silo}: {key} is not a setting of the service"));
            Assert.Equal("Postgres", env["Storage__Profile"]);
            Assert.Equal($"/certs/{silo}.pem", env["Orleans__Tls__CertificateFile"]);
            Assert.Equal($"/certs/{silo}.key", env["Orleans__Tls__KeyFile"]);
            Assert.Equal("/certs/ca.pem", env["Orleans__Tls__CaFile"]);
            Assert.Contains(HealthApi.ReadyPath, string.Join(' ', ((List<object>)At(services, silo, "healthcheck", "test")!).Cast<string>()), StringComparison.Ordinal);
        }

        var nginx = Read("compose", "nginx.conf");
        Assert.Contains("listen 443 ssl;", nginx, StringComparison.Ordinal);
        Assert.Contains("return 301 https://", nginx, StringComparison.Ordinal);
        Assert.Contains("proxy_set_header X-Forwarded-Proto $scheme;", nginx, StringComparison.Ordinal);
        Assert.Equal(silos.Order(), UpstreamServer().Matches(nginx).Select(m => m.Groups[1].Value).Order());
        Assert.Contains("proxy_set_header Upgrade $http_upgrade;", nginx, StringComparison.Ordinal);
        Assert.Contains("./nginx.conf:/etc/nginx/conf.d/default.conf:ro", ((List<object>)At(services, "nginx", "volumes")!).Cast<string>());
    }

    [Fact]
    public void The_systemd_unit_and_the_image_start_the_service_assembly_after_migrating()
    {
        var unit = Read("systemd", "laocai-fanpage.service");
        Assert.Contains($"ExecStartPre=/usr/bin/dotnet /opt/laocai-fanpage/{SiloAssembly} {DatabaseMigration.Command}", unit, StringComparison.Ordinal);
        Assert.Contains($"ExecStart=/usr/bin/dotnet /opt/laocai-fanpage/{SiloAssembly}\n", unit, StringComparison.Ordinal);
        var settings = Read("systemd", "laocai-fanpage.env.example").Split('\n')
            .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l[..l.IndexOf('=', StringComparison.Ordinal)]).ToList();
        Assert.All(settings, key => Assert.True(IsSetting(key), key));
        Assert.Contains("Storage__MigrateOnStart", settings);

        var image = Read("container", "Dockerfile");
        Assert.Contains($"ENTRYPOINT [\"dotnet\", \"/app/{SiloAssembly}\"]", image, StringComparison.Ordinal);
        var silo = new SiloOptions();
        Assert.Contains($"EXPOSE 5080 {silo.SiloPort} {silo.GatewayPort}", image, StringComparison.Ordinal);
        Assert.Contains(HealthApi.LivePath, image, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"server (silo\d+):5080")]
    private static partial Regex UpstreamServer();
}
