using LaoCaiFanpage.Silo.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace LaoCaiFanpage.UnitTests.Hosting;

/// <summary>
/// The drill clock (<c>Diagnostics:ClockOffsetHours</c>) moves the service's time — SLA clocks, reminders, screens —
/// but not Orleans' membership, which compares it with silo generations taken from the real clock.
/// </summary>
public sealed class ClockOffsetTests
{
    private static ServiceProvider Services(string? offsetHours)
    {
        var data = Path.Combine(Path.GetTempPath(), "lcf-clock-" + Guid.NewGuid().ToString("N"));
        var builder = WebApplication.CreateBuilder(HostingExtensions.Options([
            "--Facebook:AppSecret=unit_test_secret", "--Facebook:VerifyToken=unit_test_token", "--Fanpage:PageId=100000000000001",
            $"--Storage:SqlitePath={Path.Combine(data, "never-opened.db")}",
            .. offsetHours is null ? Array.Empty<string>() : [$"--Diagnostics:ClockOffsetHours={offsetHours}"]]));
        builder.AddLaoCaiFanpage();
        return (ServiceProvider)builder.Services.BuildServiceProvider();
    }

    [Fact]
    public async Task A_shifted_clock_reaches_the_service_and_grain_timers_but_not_membership()
    {
        await using var services = Services("240");
        var service = services.GetRequiredService<TimeProvider>();
        var grains = services.GetRequiredKeyedService<TimeProvider>("Orleans.Grains");
        var membership = services.GetRequiredKeyedService<TimeProvider>("Orleans.Membership");

        var real = DateTimeOffset.UtcNow;
        Assert.InRange(service.GetUtcNow() - real, TimeSpan.FromHours(239.9), TimeSpan.FromHours(240.1));
        Assert.InRange(grains.GetUtcNow() - real, TimeSpan.FromHours(239.9), TimeSpan.FromHours(240.1));
        Assert.Same(TimeProvider.System, membership);
    }

    [Fact]
    public async Task Without_an_offset_everything_runs_on_the_system_clock()
    {
        await using var services = Services(null);
        Assert.Same(TimeProvider.System, services.GetRequiredService<TimeProvider>());
        Assert.Same(TimeProvider.System, services.GetRequiredKeyedService<TimeProvider>("Orleans.Grains"));
        Assert.Same(TimeProvider.System, services.GetRequiredKeyedService<TimeProvider>("Orleans.Membership"));
    }
}
