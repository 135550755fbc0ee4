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
    public async Task Failed_sign_ins_lock_out_the_guessing_address_answer_like_an_unknown_name_and_one_address_is_rate_limited()
    {
        await using var host = new SiloProcess(settings: new Dictionary<string, string?>
        {
            ["Auth__MaxFailedLogins"] = "3",
            ["Auth__LockoutMinutes"] = "0.05",
            ["Auth__LoginAttemptsPerMinute"] = "10",
        });
        await host.Start();
        using var client = host.CreateClient();
        using (var admin = await host.CreateSignedInClient()) // attempt 1
        {
            await host.CreateUser(admin, "lanhdao1", Infrastructure.Accounts.Password, ["Leadership"]); // attempts 2–3: sign-in, own password
        }

        for (var i = 0; i < 3; i++) // attempts 4–6: the third failure locks this address out for this name
        {
            using var wrong = await Login(client, "lanhdao1", "sai-" + i);
            var problem = await wrong.ReadProblem(HttpStatusCode.Unauthorized);
            Assert.Contains("Sign-in failed", problem.GetProperty("title").GetString(), StringComparison.Ordinal);
        }

        using (var right = await Login(client, "lanhdao1", Infrastructure.Accounts.Password)) // attempt 7: the lock is told to the right password only
        {
            var problem = await right.ReadProblem(HttpStatusCode.Locked);
            Assert.Contains("Account locked", problem.GetProperty("title").GetString(), StringComparison.Ordinal);
            Assert.NotNull(right.Headers.RetryAfter);
        }

        await Task.Delay(TimeSpan.FromSeconds(3.5));
        using (var later = await Login(client, "lanhdao1", Infrastructure.Accounts.Password)) // attempt 8
        {
            Assert.Equal(HttpStatusCode.OK, later.StatusCode);
        }

        // Attempts 9–10 are within the limit of 10 a minute; the 11th is refused before the password is even checked.
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

    [Fact]
    public async Task A_locked_out_address_and_an_unknown_name_look_the_same_to_a_guesser()
    {
        await using var host = new SiloProcess(settings: new Dictionary<string, string?> { ["Auth__MaxFailedLogins"] = "3" });
        await host.Start();
        using (var admin = await host.CreateSignedInClient())
        {
            await host.CreateUser(admin, "chanhvp-that", Infrastructure.Accounts.Password, ["Leadership"]);
        }

        using var client = host.CreateClient();
        for (var i = 0; i < 4; i++)
        {
            using var wrong = await Login(client, "chanhvp-that", "sai-" + i);
            using var unknown = await Login(client, "chanhvp-gia", "sai-" + i);
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
            var (a, b) = (await wrong.ReadProblem(HttpStatusCode.Unauthorized), await unknown.ReadProblem(HttpStatusCode.Unauthorized));
            Assert.Equal(a.GetProperty("title").GetString(), b.GetProperty("title").GetString());
            Assert.Equal(a.GetProperty("detail").GetString(), b.GetProperty("detail").GetString());
            Assert.Equal(wrong.Headers.RetryAfter, unknown.Headers.RetryAfter);
        }
    }
}
