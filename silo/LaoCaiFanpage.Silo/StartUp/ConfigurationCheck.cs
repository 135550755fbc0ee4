using LaoCaiFanpage.Grains.Audit;
using LaoCaiFanpage.Grains.Crisis;
using LaoCaiFanpage.Grains.Fanpages;
using LaoCaiFanpage.Grains.Settings;
using LaoCaiFanpage.Grains.Sla;
using LaoCaiFanpage.Silo.Accounts;
using LaoCaiFanpage.Silo.Reports;
using LaoCaiFanpage.Silo.Webhooks;
using Microsoft.Extensions.Options;

namespace LaoCaiFanpage.Silo.StartUp;

public static class ConfigurationCheck
{
    /// <summary>
    /// Validates every settings section before anything is created or started, and reports all
    /// problems at once (ValidateOnStart would only report them after the silo had started).
    /// </summary>
    public static void ValidateConfiguration(this WebApplication app)
    {
        var failures = new List<string>();
        Check<FacebookOptions>();
        Check<FanpageOptions>();
        Check<SlaOptions>();
        Check<AuthOptions>();
        Check<AuditOptions>();
        Check<CrisisWebhookOptions>();
        Check<ReportWebhookOptions>();
        if (SecretSettings.IsPlaceholder(app.Configuration.GetConnectionString("Postgres")))
        {
            failures.Add("ConnectionStrings:Postgres still holds the example's placeholder password: set the real one.");
        }

        if (SecretSettings.IsPlaceholder(app.Configuration["Auth:BootstrapAdminPassword"]))
        {
            failures.Add("Auth:BootstrapAdminPassword is still the example's placeholder: choose the administrator's password.");
        }
        if (failures.Count > 0)
        {
            throw new OptionsValidationException("configuration", typeof(WebApplication), failures);
        }

        void Check<T>()
            where T : class
        {
            try
            {
                _ = app.Services.GetRequiredService<IOptions<T>>().Value;
            }
            catch (OptionsValidationException ex)
            {
                failures.AddRange(ex.Failures);
            }
        }
    }
}
