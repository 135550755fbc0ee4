using System.Globalization;
using System.Net;
using System.Text;
using LaoCaiFanpage.FunctionalTests.Infrastructure;
using LaoCaiFanpage.Tests.Shared;
using Microsoft.Data.Sqlite;

namespace LaoCaiFanpage.FunctionalTests.Accounts;

/// <summary>The processing log through the real host, on a host of its own (the test edits its database).</summary>
public sealed class AuditTrailTests
{
    [Fact]
    public async Task Every_action_leaves_its_row_with_the_client_address_the_chain_verifies_and_an_edit_in_the_database_is_found()
    {
        await using var host = new SiloProcess(settings: new Dictionary<string, string?> { ["Audit__SealIntervalSeconds"] = "0.2", ["Audit__CheckpointMinutes"] = "0.01" });
        await host.Start();
        using var admin = await host.CreateSignedInClient();
        using var anonymous = host.CreateClient();
        async Task Post(HttpClient client, string path, object? body, HttpStatusCode expected)
        {
            using var response = await client.PostAsync(path, body is null ? null : Infrastructure.Accounts.Json(body));
            Assert.True(response.StatusCode == expected, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        await Post(admin, "api/users", new { username = "bientap1", password = Infrastructure.Accounts.Password, roles = new[] { "EditorialStaff" }, displayName = "=HYPERLINK(\"x\")" }, HttpStatusCode.Created);
        await Post(admin, "api/users/bientap1/roles", new { roles = new[] { "EditorialStaff", "CrisisOfficer" } }, HttpStatusCode.OK);
        await Post(admin, "api/users/bientap1/password", new { password = "Mat-khau-moi-2027" }, HttpStatusCode.NoContent);
        await Post(anonymous, "api/auth/login", new { username = "=1+1", password = "x" }, HttpStatusCode.Unauthorized);
        await host.ChangeOwnPassword("bientap1", "Mat-khau-moi-2027", "Mat-khau-rieng-2027"); // as they must after the reset
        using var staff = await host.CreateSignedInClient("bientap1", "Mat-khau-rieng-2027");
        var id = MetaDeliveries.NewCommentId();
        await staff.DeliverOk(MetaDeliveries.Feed(MetaDeliveries.Comment(id, "Đề nghị sửa đường")));
        await Post(staff, $"api/threads/{id}/classify", new { category = 5, authority = "office" }, HttpStatusCode.OK);
        await Post(staff, $"api/threads/{id}/assign", new { units = new[] { "SXD", "STC" }, complexity = "complex" }, HttpStatusCode.OK);
        await Post(staff, $"api/threads/{id}/coordination", new { fromUnit = "SXD", toUnit = "SNNMT", question = "Cho ý kiến" }, HttpStatusCode.OK);
        await Post(staff, "api/auth/logout", null, HttpStatusCode.NoContent);
        var (kioskId, kioskUrl) = await host.CreateKiosk("Phòng giám sát");
        using (var screen = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }))
        using (var opened = await screen.GetAsync(kioskUrl))
        {
            Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        }

        await Post(admin, $"api/kiosks/{kioskId}/revoke", null, HttpStatusCode.NoContent);
        await Post(admin, "api/users/bientap1/disable", null, HttpStatusCode.NoContent);

        var items = (await admin.GetJson("api/audit?pageSize=500")).GetProperty("items").EnumerateArray().ToList();
        string[] expected =
        [
            "auth.login", "auth.login-failed", "auth.logout", "user.created", "user.roles-changed", "user.password-reset", "user.password-changed", "user.disabled",
            "case.classified", "case.assigned", "case.coordination-requested", "kiosk.created", "kiosk.opened", "kiosk.revoked",
        ];
        foreach (var action in expected)
        {
            // (The bootstrap administrator was created by the system at start-up: no client address.)
            var rows = items.Where(i => i.GetProperty("action").GetString() == action && i.GetProperty("actor").GetString() != "system").ToList();
            Assert.True(rows.Count > 0, $"no audit row for {action}");
            Assert.All(rows, r => Assert.Equal("127.0.0.1", r.GetProperty("ip").GetString()));
        }

        var assigned = items.Single(i => i.GetProperty("action").GetString() == "case.assigned");
        Assert.Equal("bientap1", assigned.GetProperty("actor").GetString());
        Assert.Equal("case/" + id, assigned.GetProperty("target").GetString());
        Assert.Equal("assigned", assigned.GetProperty("details").GetProperty("after").GetProperty("status").GetString());

        var verify = await admin.GetJson("api/audit/verify");
        Assert.True(verify.GetProperty("valid").GetBoolean(), verify.ToString());
        Assert.True(verify.GetProperty("checked").GetInt64() >= expected.Length);

        // The period's CSV: UTF-8 with a BOM for Excel, Vietnam times, formulas neutralised.
        var today = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(7)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        using (var export = await admin.GetAsync($"api/audit/export?from={today}&to={today}"))
        {
            Assert.Equal("text/csv", export.Content.Headers.ContentType!.MediaType);
            var bytes = await export.Content.ReadAsByteArrayAsync();
            Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
            var csv = Encoding.UTF8.GetString(bytes[3..]);
            var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.StartsWith("id,thoi_gian,nguoi_thuc_hien,dia_chi_ip", lines[0], StringComparison.Ordinal);
            Assert.Equal(items.Count + 1, lines.Length);
            Assert.Contains(",\"'=1+1\",127.0.0.1,", csv, StringComparison.Ordinal);
            Assert.Contains("+07:00", lines[1], StringComparison.Ordinal);
        }

        using (var badPeriod = await admin.GetAsync("api/audit/export?from=2026-13-01&to=2026-11-01"))
        {
            await badPeriod.ReadProblem(HttpStatusCode.BadRequest);
        }

        // Someone with access to the database file edits who assigned the case.
        var assignedId = assigned.GetProperty("id").GetInt64();
        await using (var connection = new SqliteConnection($"Data Source={host.DatabasePath};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var edit = connection.CreateCommand();
            edit.CommandText = "UPDATE audit_log SET actor = 'nguoi-khac' WHERE id = $id";
            edit.Parameters.AddWithValue("$id", assignedId);
            Assert.Equal(1, await edit.ExecuteNonQueryAsync());
        }

        var broken = await admin.GetJson("api/audit/verify");
        Assert.False(broken.GetProperty("valid").GetBoolean());
        Assert.Equal(assignedId, broken.GetProperty("firstBrokenId").GetInt64());
    }

    [Fact]
    public async Task The_chain_is_keyed_outside_the_database_and_rows_cut_from_its_end_are_found_by_the_exported_checkpoints()
    {
        await using var host = new SiloProcess(settings: new Dictionary<string, string?> { ["Audit__SealIntervalSeconds"] = "0.2", ["Audit__CheckpointMinutes"] = "0.01" });
        await host.Start();
        using var admin = await host.CreateSignedInClient();
        for (var i = 0; i < 3; i++)
        {
            using var kiosk = await admin.PostAsync("api/kiosks", Infrastructure.Accounts.Json(new { name = "Màn hình " + i }));
        }

        // The key sits beside the database, not in it; checkpoints are exported there every 0.6 s here (hourly by default).
        var directory = Path.GetDirectoryName(host.DatabasePath)!;
        Assert.True(File.Exists(Path.Combine(directory, "audit-chain.key")));
        var checkpoints = Path.Combine(directory, "audit-checkpoints");
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!(Directory.Exists(checkpoints) && Directory.EnumerateFiles(checkpoints).Any()) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        await Task.Delay(1500);
        var verified = await admin.GetJson("api/audit/verify");
        Assert.True(verified.GetProperty("valid").GetBoolean(), verified.ToString());
        long head;
        await using (var connection = new SqliteConnection($"Data Source={host.DatabasePath};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var read = connection.CreateCommand();
            read.CommandText = "SELECT head_seq FROM audit_chain";
            head = (long)(await read.ExecuteScalarAsync())!;

            // Someone with the database's password removes the newest rows and moves the head back to a consistent place.
            await using var cut = connection.CreateCommand();
            cut.CommandText = """
                DELETE FROM audit_log WHERE chain_seq > $keep OR chain_seq IS NULL;
                UPDATE audit_chain SET head_seq = $keep, head_hash = (SELECT hash FROM audit_log WHERE chain_seq = $keep);
                """;
            cut.Parameters.AddWithValue("$keep", head - 3);
            await cut.ExecuteNonQueryAsync();
        }

        var broken = await admin.GetJson("api/audit/verify");
        Assert.False(broken.GetProperty("valid").GetBoolean());
        Assert.Contains("newest rows were removed", broken.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }
}
