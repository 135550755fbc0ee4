using LaoCaiFanpage.Silo.Demo;
using LaoCaiFanpage.Silo.Hosting;
using LaoCaiFanpage.Silo.StartUp;
using Microsoft.Extensions.Options;

try
{
    var demo = DemoMode.IsRequested(args);
    var builder = WebApplication.CreateBuilder(DemoMode.WithoutSwitch(args));
    if (demo)
    {
        builder.AddDemo();
    }

    builder.AddLaoCaiFanpage();
    var app = builder.Build();
    app.ValidateConfiguration();
    await app.MigrateDatabaseAsync();
    await app.EnsureAdministratorAsync();
    if (demo)
    {
        app.AnnounceDemoKiosk();
    }

    app.MapLaoCaiFanpage();
    await app.RunAsync();
    return 0;
}
catch (OptionsValidationException ex)
{
    // A missing secret or a wrong setting stops start-up with the reason, not a stack trace.
    await Console.Error.WriteLineAsync("Không thể khởi động: cấu hình thiếu hoặc sai / Cannot start: missing or invalid configuration");
    foreach (var failure in ex.Failures.Distinct())
    {
        await Console.Error.WriteLineAsync("  - " + failure);
    }

    return 2;
}

/// <summary>The host's entry point (public for the end-to-end tests).</summary>
public partial class Program;
