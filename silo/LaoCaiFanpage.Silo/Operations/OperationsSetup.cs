using System.Security.Cryptography;
using System.Text;
using LaoCaiFanpage.Contracts.Accounts;
using LaoCaiFanpage.Contracts.Diagnostics;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Orleans.Dashboard;

namespace LaoCaiFanpage.Silo.Operations;

/// <summary>Configuration section <c>Operations</c>.</summary>
public sealed class OperationsOptions
{
    public const string Section = "Operations";

    /// <summary>The bearer token a Prometheus server presents at /metrics (a secret); without it only administrators may read it.</summary>
    public string? MetricsToken { get; set; }

    /// <summary>An OTLP collector for traces (webhook → grains → push), e.g. <c>http://otel-collector:4317</c>.</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary><c>grpc</c> (default, port 4317) or <c>http/protobuf</c> (the endpoint is then the full URL, e.g. …:4318/v1/traces).</summary>
    public string OtlpProtocol { get; set; } = "grpc";
}

public static class OperationsSetup
{
    public const string MetricsPath = "/metrics";
    public const string DashboardPath = "/orleans";

    /// <summary>OpenTelemetry metrics (Prometheus at /metrics) and traces, the samplers behind the gauges.</summary>
    public static WebApplicationBuilder AddOperations(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(OperationsOptions.Section).Get<OperationsOptions>() ?? new OperationsOptions();
        builder.Services.Configure<OperationsOptions>(builder.Configuration.GetSection(OperationsOptions.Section));
        builder.Services.AddHostedService<OperationsSampler>();
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("laocai-fanpage", serviceInstanceId: $"{Environment.MachineName}/{Environment.ProcessId}"))
            .WithMetrics(metrics => metrics
                .AddMeter(FanpageTelemetry.Name, "Microsoft.Orleans")
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddPrometheusExporter());

        // Spans only when a collector will receive them: a listener makes every request and every grain call build
        // its activity, work that is thrown away when nothing exports it.
        if (Uri.TryCreate(options.OtlpEndpoint, UriKind.Absolute, out var endpoint))
        {
            telemetry.WithTracing(tracing => tracing
                .AddSource(FanpageTelemetry.Name, "Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application")
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !context.Request.Path.StartsWithSegments("/health", StringComparison.Ordinal))
                .AddOtlpExporter(o =>
                {
                    o.Endpoint = endpoint;
                    o.Protocol = string.Equals(options.OtlpProtocol, "http/protobuf", StringComparison.OrdinalIgnoreCase)
                        ? OpenTelemetry.Exporter.OtlpExportProtocol.HttpProtobuf
                        : OpenTelemetry.Exporter.OtlpExportProtocol.Grpc;
                }));
        }

        return builder;
    }

    /// <summary>
    /// /metrics for Prometheus: the scrape token or a signed-in administrator. A branch of its own, ahead of the
    /// sign-in middleware (which would take the scrape token for a session token and refuse it).
    /// </summary>
    public static WebApplication UseMetricsEndpoint(this WebApplication app)
    {
        var token = app.Services.GetRequiredService<IOptions<OperationsOptions>>().Value.MetricsToken;
        app.UseOpenTelemetryPrometheusScrapingEndpoint(
            meterProvider: null,
            predicate: context => context.Request.Path == MetricsPath,
            path: null,
            configureBranchedPipeline: branch => branch.Use(async (context, next) =>
            {
                if (await MayReadMetrics(context, token))
                {
                    await next(context);
                    return;
                }

                context.Response.StatusCode = context.User.Identity?.IsAuthenticated == true ? StatusCodes.Status403Forbidden : StatusCodes.Status401Unauthorized;
                context.Response.Headers.WWWAuthenticate = "Bearer";
            }),
            optionsName: null);
        return app;
    }

    /// <summary>The Orleans cluster dashboard at /orleans, for administrators only (it shows grain state).</summary>
    public static WebApplication MapOperations(this WebApplication app)
    {
        // The cluster dashboard is Orleans's own UI, not part of the described API.
        app.MapOrleansDashboard(DashboardPath).RequireAuthorization(AccessPolicies.Administer).ExcludeFromDescription();
        return app;
    }

    private static async Task<bool> MayReadMetrics(HttpContext context, string? token)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (!string.IsNullOrEmpty(token) && header.StartsWith("Bearer ", StringComparison.Ordinal)
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header["Bearer ".Length..].Trim()), Encoding.UTF8.GetBytes(token)))
        {
            return true;
        }

        var signedIn = await context.AuthenticateAsync();
        if (!signedIn.Succeeded)
        {
            return false;
        }

        context.User = signedIn.Principal;
        var authorization = context.RequestServices.GetRequiredService<IAuthorizationService>();
        return (await authorization.AuthorizeAsync(context.User, AccessPolicies.Administer)).Succeeded;
    }
}
