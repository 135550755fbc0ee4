using LaoCaiFanpage.Contracts.Accounts;
using LaoCaiFanpage.Silo.Accounts;
using Microsoft.Extensions.Options;

namespace LaoCaiFanpage.Silo.StartUp;

/// <summary>
/// The first administrator: <c>Auth:BootstrapAdminPassword</c> creates the account <c>admin</c> on a
/// start where no enabled administrator exists. There is never a built-in password.
/// </summary>
public static partial class BootstrapAdmin
{
    public const string Username = "admin";

    public static async Task EnsureAdministratorAsync(this WebApplication app, bool warnWhenMissing = true)
    {
        var accounts = app.Services.GetRequiredService<AccountStore>();
        var password = app.Services.GetRequiredService<IOptions<AuthOptions>>().Value.BootstrapAdminPassword;
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(BootstrapAdmin).FullName!);
        if (await accounts.AnyEnabledAdmin(app.Lifetime.ApplicationStopping))
        {
            return;
        }

        if (string.IsNullOrEmpty(password))
        {
            if (warnWhenMissing)
            {
                LogNoAdministrator(logger);
            }

            return;
        }

        var weak = app.Services.GetRequiredService<PasswordPolicy>().Check(Username, password);
        if (weak.Count > 0)
        {
            throw new OptionsValidationException(AuthOptions.Section, typeof(AuthOptions), [.. weak.Select(w => "Auth:BootstrapAdminPassword: " + w)]);
        }

        var system = new Actor("system", null, null);
        if (await accounts.FindUser(Username, app.Lifetime.ApplicationStopping) is { } existing)
        {
            // An 'admin' exists but is disabled or lost the role: restore it with the configured password.
            await accounts.SetRoles(Username, [.. existing.Roles.Append(Roles.Admin).Distinct()], existing.Unit, system);
            await accounts.ResetPassword(Username, password, system);
            await accounts.SetDisabled(Username, false, system);
        }
        else
        {
            await accounts.CreateUser(new NewUser(Username, "Quản trị hệ thống", password, [Roles.Admin], null, MustChangePassword: false), system);
        }

        LogBootstrapped(logger, Username);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No enabled administrator exists: set Auth:BootstrapAdminPassword to create the account 'admin'")]
    private static partial void LogNoAdministrator(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Created the administrator '{Username}' from Auth:BootstrapAdminPassword; remove the setting now")]
    private static partial void LogBootstrapped(ILogger logger, string username);
}
