using System.Net;
using LaoCaiFanpage.FunctionalTests.Infrastructure;
using LaoCaiFanpage.Tests.Shared;

namespace LaoCaiFanpage.FunctionalTests.Accounts;

/// <summary>Lockout and sign-in rate limiting, on a host of their own with small limits.</summary>
public sealed class LoginProtectionTests
{
    private static Task<HttpResponseMessage> Login(HttpClient client, string username, string password) =>
        client.PostAsync("api/auth/login", Infrastructure.Accounts.Json(new { username, password }));

    [Fact]
    public async Task Failed_sign_ins_lock_the_account_for_a_while_and_one_address_is_rate_limited()
    {
        await using var host = new SiloProcess(settings: new Dictionary<string, string?>
        {
            ["Auth__MaxFailedLogins"] = "3",
            ["Auth__LockoutMinutes"] = "0.05",
            ["Auth__LoginAttemptsPerMinute"] = "8",
        });
        await host.Start();
        using var client = host.CreateClient();
        using (var admin = await host.CreateSignedInClient()) // attempt 1
        using (var created = await admin.PostAsync("api/users", Infrastructure.Accounts.Json(new { username = "lanhdao1", password = Infrastructure.Accounts.Password, roles = new[] { "Leadership" } })))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        for (var i = 0; i < 2; i++) // attempts 2–3
        {
            using var wrong = await Login(client, "lanhdao1", "sai-" + i);
            await wrong.ReadProblem(HttpStatusCode.Unauthorized);
        }

        using (var third = await Login(client, "lanhdao1", "sai-3")) // attempt 4: the third failure locks
        {
            var problem = await third.ReadProblem(HttpStatusCode.Locked);
            Assert.Contains("Account locked", problem.GetProperty("title").GetString(), StringComparison.Ordinal);
            Assert.NotNull(third.Headers.RetryAfter);
        }

        using (var right = await Login(client, "lanhdao1", Infrastructure.Accounts.Password)) // attempt 5: even the right password waits
        {
            await right.ReadProblem(HttpStatusCode.Locked);
        }

        await Task.Delay(TimeSpan.FromSeconds(3.5));
        using (var later = await Login(client, "lanhdao1", Infrastructure.Accounts.Password)) // attempt 6
        {
            Assert.Equal(HttpStatusCode.OK, later.StatusCode);
        }

        // Attempts 7–8 are within the limit of 8 a minute; the 9th is refused before the password is even checked.
        for (var i = 0; i < 2; i++)
        {
            using var within = await Login(client, "khong-ton-tai", "x");
            Assert.Equal(HttpStatusCode.Unauthorized, within.StatusCode);
        }

        using var limited = await Login(client, "lanhdao1", Infrastructure.Accounts.Password);
        var limit = await limited.ReadProblem(HttpStatusCode.TooManyRequests);
        Assert.Contains("Too many sign-in attempts", limit.GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.NotNull(limited.Headers.RetryAfter);

        // The form and kiosk links share the limit: a guesser cannot switch doors.
        using var form = await client.GetAsync("kiosk/abc");
        Assert.Equal(HttpStatusCode.TooManyRequests, form.StatusCode);

        // Everything else still answers.
        using var other = await host.CreateClient().GetAsync("health/ready");
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }
}
