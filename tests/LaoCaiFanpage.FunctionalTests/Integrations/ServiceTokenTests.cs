using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using LaoCaiFanpage.FunctionalTests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using static LaoCaiFanpage.FunctionalTests.Infrastructure.Editorial;

namespace LaoCaiFanpage.FunctionalTests.Integrations;

/// <summary>
/// Other systems use the service with named, scoped tokens instead of a person's password (R15.2): over HTTP and the
/// screens' hub against the real host.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class ServiceTokenTests(HostFixture fixture)
{
    private async Task<(long Id, string Name, HttpClient Client, string Token)> Issue(string name, params string[] roles)
    {
        var issued = await Post(fixture.Client, "api/tokens", new { name, roles, expiresInDays = 30 }, HttpStatusCode.Created);
        var token = issued.GetProperty("token").GetString()!;
        var client = fixture.Host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return (issued.GetProperty("id").GetInt64(), name, client, token);
    }

    private static string Unique(string text) => text + " " + Guid.NewGuid().ToString("N")[..6];

    private static async Task<HttpStatusCode> Status(Task<HttpResponseMessage> call)
    {
        using var response = await call;
        return response.StatusCode;
    }

    private async Task<List<JsonElement>> Uses(string name) =>
        [.. (await fixture.Client.GetJson($"api/audit?actor={Uri.EscapeDataString("service:" + name)}&pageSize=100")).GetProperty("items").EnumerateArray()];

    [Fact]
    public async Task A_report_readers_token_reads_the_reports_is_refused_every_write_is_audited_and_stops_at_revocation()
    {
        var (id, name, client, token) = await Issue(Unique("Công cụ tổng hợp báo cáo"), "ReportReader");
        Assert.StartsWith("lcfsvc_", token, StringComparison.Ordinal);
        using (client)
        {
            Assert.Equal(HttpStatusCode.OK, await Status(client.GetAsync("api/reports/daily")));
            Assert.Equal(HttpStatusCode.OK, await Status(client.GetAsync("api/reports/range?from=2026-11-01&to=2026-11-30")));
            var me = await client.GetJson("api/auth/me");
            Assert.Equal("service:" + name, me.GetProperty("username").GetString());

            // Only what the role reads: no cases, no crises, no users.
            foreach (var path in new[] { "api/threads", "api/crises", "api/users", "api/audit" })
            {
                Assert.True(await Status(client.GetAsync(path)) == HttpStatusCode.Forbidden, path);
            }

            // No write, even one its role's policy would name, and nothing a person's own account does.
            using (var generate = await client.PostAsync("api/reports/daily/2026-11-30/generate", Infrastructure.Accounts.Json(new { })))
            {
                var problem = await generate.ReadProblem(HttpStatusCode.Forbidden);
                Assert.Equal("read-only-token", problem.GetProperty("code").GetString());
            }

            Assert.Equal(HttpStatusCode.Forbidden, await Status(client.PostAsync("api/auth/logout", null)));
            Assert.Equal(HttpStatusCode.Forbidden, await Status(client.GetAsync("api/me")));
            Assert.Equal(HttpStatusCode.Forbidden, await Status(client.PostAsync("api/auth/password", Infrastructure.Accounts.Json(new { currentPassword = "x", newPassword = "y" }))));
            Assert.Equal(HttpStatusCode.Forbidden, await Status(client.PostAsync("api/crises/signals", Infrastructure.Accounts.Json(new { title = "x", severity = 1 }))));

            // Every use is in the processing log under the token's name, refusals too.
            var uses = await Uses(name);
            Assert.Contains(uses, u => u.GetProperty("action").GetString() == "service-token.used" && u.GetProperty("details").ToString().Contains("\"/api/reports/daily\"", StringComparison.Ordinal)
                && u.GetProperty("details").ToString().Contains("\"status\":200", StringComparison.Ordinal));
            Assert.Contains(uses, u => u.GetProperty("action").GetString() == "service-token.refused"
                && u.GetProperty("details").ToString().Contains("/api/reports/daily/2026-11-30/generate", StringComparison.Ordinal));
            Assert.Contains(uses, u => u.GetProperty("action").GetString() == "service-token.used" && u.GetProperty("details").ToString().Contains("\"/api/threads\"", StringComparison.Ordinal)
                && u.GetProperty("details").ToString().Contains("\"status\":403", StringComparison.Ordinal));
            Assert.All(uses, u => Assert.Equal("service-token/" + id, u.GetProperty("target").GetString()));
            Assert.True(uses.Count >= 12, $"{uses.Count} uses logged");

            var listed = (await fixture.Client.GetJson("api/tokens")).EnumerateArray().Single(t => t.GetProperty("id").GetInt64() == id);
            Assert.Equal(JsonValueKind.String, listed.GetProperty("lastUsedAt").ValueKind);
            Assert.Equal(["ReportReader"], listed.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
            Assert.False(listed.TryGetProperty("token", out _));

            using (var revoked = await fixture.Client.PostAsync($"api/tokens/{id}/revoke", null))
            {
                Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
            }

            Assert.Equal(HttpStatusCode.Unauthorized, await Status(client.GetAsync("api/reports/daily")));
            Assert.Equal(HttpStatusCode.NotFound, await Status(fixture.Client.PostAsync($"api/tokens/{id}/revoke", null)));
            var audit = await fixture.Client.GetJson($"api/audit?target={Uri.EscapeDataString("service-token/" + id)}&action=service-token.revoked&pageSize=5");
            Assert.Equal("admin", Assert.Single(audit.GetProperty("items").EnumerateArray()).GetProperty("actor").GetString());
        }
    }

    [Fact]
    public async Task An_intranet_token_with_the_wall_role_follows_the_screens_hub_and_is_closed_when_revoked()
    {
        var (id, name, client, token) = await Issue(Unique("Cổng nội bộ — bộ đếm"), "WallDisplay");
        using (client)
        {
            var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await using var hub = new HubConnectionBuilder()
                .WithUrl(new Uri(fixture.Host.BaseAddress, "hubs/dashboard"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
                .Build();
            hub.Closed += _ =>
            {
                closed.TrySetResult();
                return Task.CompletedTask;
            };
            await hub.StartAsync();
            var snapshot = await hub.InvokeAsync<JsonElement>("GetSnapshot");
            Assert.Equal(JsonValueKind.Object, snapshot.ValueKind);
            Assert.Equal(HttpStatusCode.Forbidden, await Status(client.GetAsync("api/threads")));

            // The connection's use is logged without its query string, which carries the token.
            var uses = await Uses(name);
            Assert.Contains(uses, u => u.GetProperty("details").ToString().Contains("/hubs/dashboard", StringComparison.Ordinal));
            Assert.DoesNotContain(uses, u => u.GetProperty("details").ToString().Contains(token, StringComparison.Ordinal) || u.GetProperty("details").ToString().Contains("access_token", StringComparison.Ordinal));

            using (var revoked = await fixture.Client.PostAsync($"api/tokens/{id}/revoke", null))
            {
                Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
            }

            Assert.True(await Task.WhenAny(closed.Task, Task.Delay(TimeSpan.FromSeconds(10))) == closed.Task, "the revoked token's screen stayed connected");
        }
    }

    [Fact]
    public async Task An_import_scripts_token_reports_impostor_candidates_under_its_own_name_and_nothing_more()
    {
        var (_, name, client, _) = await Issue(Unique("Kịch bản nhập trang giả mạo"), "ImpostorReporter");
        using (client)
        {
            var pageId = "61" + Random.Shared.NextInt64(1_000_000_000_000, 9_999_999_999_999).ToString(CultureInfo.InvariantCulture);
            var reported = await Post(client, "api/impostors/candidates",
                new { url = "https://www.facebook.com/profile.php?id=" + pageId, name = "UBND tinh Lao Cai - Tiếp nhận phản ánh" }, HttpStatusCode.Created);
            var impostor = await fixture.Client.GetJson("api/impostors/" + reported.GetProperty("id").GetString());
            Assert.Contains("service:" + name, impostor.ToString(), StringComparison.Ordinal);

            Assert.Equal(HttpStatusCode.Forbidden, await Status(client.GetAsync("api/impostors")));
            Assert.Equal(HttpStatusCode.Forbidden, await Status(client.PostAsync("api/impostors/search", Infrastructure.Accounts.Json(new { }))));
            Assert.Equal(HttpStatusCode.Forbidden, await Status(client.GetAsync("api/reports/daily")));
            Assert.Contains(await Uses(name), u => u.GetProperty("details").ToString().Contains("\"/api/impostors/candidates\"", StringComparison.Ordinal)
                && u.GetProperty("details").ToString().Contains("\"status\":201", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_token_never_holds_an_administrators_or_approvers_role_and_a_person_never_holds_a_tokens()
    {
        var name = Unique("Công cụ");
        foreach (var roles in new[] { new[] { "Admin" }, ["EditorialHead"], ["ChiefOfOffice"], ["StandingCommittee"], ["Leadership", "ChiefOfOffice"], ["CrisisOfficer"],
                     ["EditorialStaff"], ["UnitOfficer"], ["Root"], Array.Empty<string>() })
        {
            using var response = await fixture.Client.PostAsync("api/tokens", Infrastructure.Accounts.Json(new { name, roles, expiresInDays = 30 }));
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{string.Join(",", roles)}: {(int)response.StatusCode}");
        }

        foreach (var body in new object[]
                 {
                     new { name = "", roles = new[] { "Leadership" }, expiresInDays = 30 }, new { name = "a\u0001b", roles = new[] { "Leadership" }, expiresInDays = 30 },
                     new { name, roles = new[] { "Leadership" }, expiresInDays = 0 }, new { name, roles = new[] { "Leadership" }, expiresInDays = 731 },
                     new { name, roles = new[] { "Leadership" }, expiresInDays = "30" }, new { name, roles = "Leadership", expiresInDays = 30 },
                 })
        {
            using var response = await fixture.Client.PostAsync("api/tokens", Infrastructure.Accounts.Json(body));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }

        await Issue(name, "leadership", "Leadership");
        using (var taken = await fixture.Client.PostAsync("api/tokens", Infrastructure.Accounts.Json(new { name, roles = new[] { "ReportReader" }, expiresInDays = 30 })))
        {
            Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        }

        foreach (var role in new[] { "ReportReader", "ImpostorReporter" })
        {
            using var person = await fixture.Client.PostAsync("api/users", Infrastructure.Accounts.Json(new { username = "may-" + Guid.NewGuid().ToString("N")[..8], password = "Mat-khau-du-dai-2026", roles = new[] { role } }));
            Assert.Equal(HttpStatusCode.BadRequest, person.StatusCode);
        }

        // Nobody but an administrator issues or lists tokens.
        var (_, leader) = await fixture.NewUser("Leadership");
        Assert.Equal(HttpStatusCode.Forbidden, await Status(leader.GetAsync("api/tokens")));
        var (_, _, tokenClient, _) = await Issue(Unique("Không được tự cấp"), "Leadership");
        using (tokenClient)
        {
            Assert.Equal(HttpStatusCode.Forbidden, await Status(tokenClient.PostAsync("api/tokens", Infrastructure.Accounts.Json(new { name = "x", roles = new[] { "Leadership" }, expiresInDays = 1 }))));
        }
    }
}
