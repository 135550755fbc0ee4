using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using LaoCaiFanpage.FunctionalTests.Infrastructure;
using LaoCaiFanpage.Tests.Shared;

namespace LaoCaiFanpage.FunctionalTests.Accounts;

/// <summary>
/// Separation of duties and the second factor on a host run as production runs it (second factor required): the
/// administrator and the approvers enrol before anything else, sign in with a fresh code, and nobody who
/// administers can approve.
/// </summary>
public sealed class SecondFactorTests
{
    private static Task<HttpResponseMessage> Login(HttpClient client, string username, string password, string? code = null) =>
        client.PostAsync("api/auth/login", Infrastructure.Accounts.Json(new { username, password, code }));

    private static async Task<HttpClient> Bearer(SiloProcess host, HttpResponseMessage login)
    {
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            JsonDocument.Parse(await login.Content.ReadAsStringAsync()).RootElement.GetProperty("accessToken").GetString());
        return client;
    }

    /// <summary>Enrols through the API as a person would with their phone; returns the secret their app holds.</summary>
    private static async Task<string> Enrol(HttpClient client)
    {
        var setup = await (await client.PostAsync("api/auth/second-factor", null)).Content.ReadAsStringAsync();
        var root = JsonDocument.Parse(setup).RootElement;
        var secret = root.GetProperty("secret").GetString()!;
        Assert.StartsWith("otpauth://totp/", root.GetProperty("uri").GetString(), StringComparison.Ordinal);
        using (var wrong = await client.PostAsync("api/auth/second-factor/confirm", Infrastructure.Accounts.Json(new { code = "123456" })))
        {
            await wrong.ReadProblem(HttpStatusCode.BadRequest);
        }

        using var confirmed = await client.PostAsync("api/auth/second-factor/confirm",
            Infrastructure.Accounts.Json(new { code = AuthenticatorApp.Code(secret, DateTimeOffset.UtcNow) }));
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        var codes = JsonDocument.Parse(await confirmed.Content.ReadAsStringAsync()).RootElement.GetProperty("codes");
        Assert.Equal(10, codes.GetArrayLength());
        return secret;
    }

    [Fact]
    public async Task Administrators_and_approvers_enrol_first_sign_in_with_a_fresh_code_and_duties_stay_separate()
    {
        await using var host = new SiloProcess(settings: new Dictionary<string, string?> { ["Auth__RequireSecondFactor"] = "true" });
        await host.Start();
        using var anonymous = host.CreateClient();

        // The administrator's first session may do nothing but enrol.
        using var first = await Login(anonymous, "admin", SiloProcess.AdminPassword);
        using var admin = await Bearer(host, first);
        Assert.Equal("second-factor-enrollment", (await admin.GetJson("api/auth/me")).GetProperty("pending").GetString());
        using (var held = await admin.GetAsync("api/users"))
        {
            var problem = await held.ReadProblem(HttpStatusCode.Forbidden);
            Assert.Equal("second-factor-enrollment", problem.GetProperty("code").GetString());
        }

        var adminSecret = await Enrol(admin);
        await admin.GetJson("api/users");

        // An approver created by the administrator: first their own password, then their own second factor.
        await host.CreateUserAs(admin, "truongban", ["EditorialHead"]);
        using var approverLogin = await Login(anonymous, "truongban", SiloProcess.TemporaryPassword);
        using var approver = await Bearer(host, approverLogin);
        Assert.Equal("password-change", (await approver.GetJson("api/auth/me")).GetProperty("pending").GetString());
        await (await approver.GetAsync("api/threads")).ReadProblem(HttpStatusCode.Forbidden);
        using (var same = await approver.PostAsync("api/auth/password", Infrastructure.Accounts.Json(new { currentPassword = SiloProcess.TemporaryPassword, newPassword = SiloProcess.TemporaryPassword })))
        {
            await same.ReadProblem(HttpStatusCode.BadRequest);
        }

        using (var changed = await approver.PostAsync("api/auth/password", Infrastructure.Accounts.Json(new { currentPassword = SiloProcess.TemporaryPassword, newPassword = Infrastructure.Accounts.Password })))
        {
            Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);
        }

        Assert.Equal("second-factor-enrollment", (await approver.GetJson("api/auth/me")).GetProperty("pending").GetString());
        var approverSecret = await Enrol(approver);
        await approver.GetJson("api/threads");

        // From now on: the password alone is not enough, a code is used once, and the lock and the code say nothing to a guesser.
        using (var without = await Login(anonymous, "truongban", Infrastructure.Accounts.Password))
        {
            Assert.Equal("second-factor-required", (await without.ReadProblem(HttpStatusCode.Unauthorized)).GetProperty("code").GetString());
        }

        using (var wrongPassword = await Login(anonymous, "truongban", "Sai-mat-khau-2026", AuthenticatorApp.Code(approverSecret, DateTimeOffset.UtcNow, 1)))
        {
            Assert.Equal("Đăng nhập không thành công / Sign-in failed", (await wrongPassword.ReadProblem(HttpStatusCode.Unauthorized)).GetProperty("title").GetString());
        }

        var code = AuthenticatorApp.Code(approverSecret, DateTimeOffset.UtcNow, 1);
        using (var withCode = await Login(anonymous, "truongban", Infrastructure.Accounts.Password, code))
        {
            Assert.Equal(HttpStatusCode.OK, withCode.StatusCode);
        }

        using (var replayed = await Login(anonymous, "truongban", Infrastructure.Accounts.Password, code))
        {
            await replayed.ReadProblem(HttpStatusCode.Unauthorized);
        }

        // Separation of duties: the administrator cannot approve, nor make themselves or anyone an administrator-approver.
        using (var own = await admin.PostAsync("api/users/admin/roles", Infrastructure.Accounts.Json(new { roles = new[] { "Admin", "EditorialHead" } })))
        {
            await own.ReadProblem(HttpStatusCode.Conflict);
        }

        using (var both = await admin.PostAsync("api/users", Infrastructure.Accounts.Json(new { username = "quantri-duyet", password = SiloProcess.TemporaryPassword, roles = new[] { "Admin", "ChiefOfOffice" } })))
        {
            Assert.Contains("separation of duties", (await both.ReadProblem(HttpStatusCode.Conflict)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        using (var promote = await admin.PostAsync("api/users/truongban/roles", Infrastructure.Accounts.Json(new { roles = new[] { "EditorialHead", "Admin" } })))
        {
            await promote.ReadProblem(HttpStatusCode.Conflict);
        }

        var users = await admin.GetJson("api/users");
        Assert.DoesNotContain(users.EnumerateArray(), u => u.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).Intersect(["EditorialHead", "ChiefOfOffice", "StandingCommittee"]).Any()
            && u.GetProperty("roles").EnumerateArray().Any(r => r.GetString() == "Admin"));
        Assert.True(users.EnumerateArray().Single(u => u.GetProperty("username").GetString() == "truongban").GetProperty("secondFactor").GetBoolean());

        // A lost phone: another administrator is needed; this one cannot reset their own.
        using (var self = await admin.PostAsync("api/users/admin/second-factor/reset", null))
        {
            await self.ReadProblem(HttpStatusCode.Conflict);
        }

        using (var reset = await admin.PostAsync("api/users/truongban/second-factor/reset", null))
        {
            Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        }

        using var again = await Login(anonymous, "truongban", Infrastructure.Accounts.Password);
        using var reenrol = await Bearer(host, again);
        Assert.Equal("second-factor-enrollment", (await reenrol.GetJson("api/auth/me")).GetProperty("pending").GetString());

        // The administrator's next sign-in needs a code as well.
        using var adminAgain = await Login(anonymous, "admin", SiloProcess.AdminPassword, AuthenticatorApp.Code(adminSecret, DateTimeOffset.UtcNow, 1));
        Assert.Equal(HttpStatusCode.OK, adminAgain.StatusCode);
        var audit = (await admin.GetJson("api/audit?pageSize=500")).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("action").GetString()).ToList();
        Assert.Contains("user.second-factor-enabled", audit);
        Assert.Contains("user.second-factor-reset", audit);
        Assert.Contains("user.password-changed", audit);
    }
}
