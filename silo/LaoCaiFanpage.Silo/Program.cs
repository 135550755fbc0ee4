using System.Data.Common;
using System.Net.Sockets;
using LaoCaiFanpage.Silo.Demo;
using LaoCaiFanpage.Silo.Hosting;
using LaoCaiFanpage.Silo.Notifications;
using LaoCaiFanpage.Silo.StartUp;
using Microsoft.Extensions.Options;

try
{
    if (args is [DatabaseMigration.Command, ..])
    {
        return await DatabaseMigration.RunCommandAsync(args[1..]);
    }

    if (args is [VapidKeysCommand.Command])
    {
        return VapidKeysCommand.Run(Console.Out);
    }

    var demo = DemoMode.IsRequested(args);
    var builder = WebApplication.CreateBuilder(HostingExtensions.Options(DemoMode.WithoutSwitch(args)));
    if (demo)
    {
        builder.AddDemo();
    }

    builder.AddLaoCaiFanpage();
    var app = builder.Build();
    app.ValidateConfiguration();
    await app.MigrateDatabaseAsync();

    // The demo makes an administrator of its own (quan-tri) right after: no warning about a missing one.
    await app.EnsureAdministratorAsync(warnWhenMissing: !demo);
    if (demo)
    {
        await app.AnnounceDemoAsync();
    }

    app.BuildContentRules();
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
catch (Exception ex) when (ex is DbException or SocketException)
{
    // An unreachable or refusing database: say which, not a stack trace.
    await Console.Error.WriteLineAsync("Không thể kết nối cơ sở dữ liệu / Cannot reach the database: " + ex.Message);
    return 3;
}

/// <summary>The host's entry point (public for the end-to-end tests).</summary>
public partial class Program;
