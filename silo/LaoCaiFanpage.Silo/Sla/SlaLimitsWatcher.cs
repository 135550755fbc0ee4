using System.Data.Common;
using System.Text.Json;
using LaoCaiFanpage.Contracts.Accounts;
using LaoCaiFanpage.Grains.Audit;
using LaoCaiFanpage.Grains.Sla;
using Microsoft.Extensions.Primitives;

namespace LaoCaiFanpage.Silo.Sla;

/// <summary>
/// Art. 16: the Office adjusts the limits as the rules are applied, without stopping the service. When the settings
/// change (a settings file the host watches), new valid limits are put in force for the clocks started from then on and
/// the change is a row of the processing log; invalid ones are refused with a log line and the limits in force stay.
/// </summary>
public sealed partial class SlaLimitsWatcher(IConfiguration configuration, SlaLimitsSource limits, AuditLog audit, TimeProvider time, ILogger<SlaLimitsWatcher> logger)
    : IHostedService, IDisposable
{
    private IDisposable? _subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = ChangeToken.OnChange(configuration.GetReloadToken, () => _ = Reload());
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _subscription?.Dispose();

    /// <summary>Reads the limits again; true when new ones were put in force.</summary>
    public async Task<bool> Reload()
    {
        SlaLimits next;
        try
        {
            next = (configuration.GetSection(SlaOptions.Section).Get<SlaOptions>() ?? new SlaOptions()).EffectiveLimits;
        }
        catch (InvalidOperationException ex)
        {
            LogRefused(logger, ex.Message);
            return false;
        }

        if (next.Problems() is { Count: > 0 } problems)
        {
            LogRefused(logger, string.Join(" ", problems));
            return false;
        }

        if (next == limits.Current)
        {
            return false;
        }

        var before = limits.Apply(next);
        LogChanged(logger, JsonSerializer.Serialize(before, AuditJson.Options), JsonSerializer.Serialize(next, AuditJson.Options));
        try
        {
            await audit.Append(new AuditRecord(time.GetUtcNow(), Actor.System("configuration").Name, null, null, "sla.limits-changed", "sla/limits",
                JsonSerializer.Serialize(new { before, after = next }, AuditJson.Options)));
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException)
        {
            LogNotAudited(logger, ex);
        }

        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "SLA limits changed for clocks started from now on: {Before} → {After}")]
    private static partial void LogChanged(ILogger logger, string before, string after);

    [LoggerMessage(Level = LogLevel.Error, Message = "New SLA limits refused; the limits in force stay: {Problems}")]
    private static partial void LogRefused(ILogger logger, string problems);

    [LoggerMessage(Level = LogLevel.Error, Message = "The change of SLA limits is in force but its processing-log row was not written")]
    private static partial void LogNotAudited(ILogger logger, Exception exception);
}
