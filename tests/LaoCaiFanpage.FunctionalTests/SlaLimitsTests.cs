using System.Text.Json;
using LaoCaiFanpage.FunctionalTests.Infrastructure;
using LaoCaiFanpage.Tests.Shared;
using static LaoCaiFanpage.FunctionalTests.Infrastructure.Editorial;

namespace LaoCaiFanpage.FunctionalTests;

/// <summary>R16 on the real host: the Office changes a limit in its settings file; the next case gets it, without a restart, audited.</summary>
public sealed class SlaLimitsTests
{
    private static async Task<(string CaseId, JsonElement Clock)> Assigned(HttpClient admin, HttpClient staff)
    {
        var id = await NewComment(admin, "Xin hỏi thời hạn giải quyết hồ sơ đất đai ở xã Bảo Hà");
        await Post(staff, $"api/threads/{id}/classify", new { category = 5, authority = "office" });
        await Post(staff, $"api/threads/{id}/assign", new { units = new[] { "SNNMT" }, complexity = "own" });
        return (id, await AnswerClock(admin, id));
    }

    private static async Task<JsonElement> AnswerClock(HttpClient admin, string caseId) =>
        (await admin.GetJson("api/threads/" + caseId)).GetProperty("clocks").EnumerateArray().Single(c => c.GetProperty("kind").GetString() == "answer");

    private static async Task<int> LimitChanges(HttpClient admin) =>
        (await admin.GetJson("api/audit?action=sla.limits-changed&pageSize=50")).GetProperty("items").GetArrayLength();

    [Fact]
    public async Task A_limit_changed_in_the_settings_file_applies_to_the_next_case_without_a_restart_and_is_audited()
    {
        var directory = Path.Combine(Path.GetTempPath(), "lcf-limits-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var file = Path.Combine(directory, "settings.json");
        await File.WriteAllTextAsync(file, """{ "Sla": { "Limits": { "Own": 1 } } }""");
        await using var host = new SiloProcess(settings: new Dictionary<string, string?> { ["Settings__File"] = file });
        await host.Start();
        using var admin = await host.CreateSignedInClient();
        var staffName = "bientap-" + Guid.NewGuid().ToString("N")[..8];
        await host.CreateUser(admin, staffName, Infrastructure.Accounts.Password, ["EditorialStaff"]);

        using var staff = await host.CreateSignedInClient(staffName, Infrastructure.Accounts.Password);
        var (first, before) = await Assigned(admin, staff);
        Assert.Equal(1, before.GetProperty("workingDays").GetDouble());
        Assert.Equal(0, await LimitChanges(admin));

        // The Office gives units two working days for their own matters.
        await File.WriteAllTextAsync(file, """{ "Sla": { "Limits": { "Own": 2 } } }""");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await LimitChanges(admin) == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the change of limits was not read");
            await Task.Delay(200);
        }

        var change = (await admin.GetJson("api/audit?action=sla.limits-changed&pageSize=50")).GetProperty("items")[0];
        Assert.Equal("system:configuration", change.GetProperty("actor").GetString());
        Assert.Equal(2, change.GetProperty("details").GetProperty("after").GetProperty("own").GetInt32());
        var (_, after) = await Assigned(admin, staff);
        Assert.Equal(2, after.GetProperty("workingDays").GetDouble());
        Assert.True(after.GetProperty("deadline").GetDateTimeOffset() > before.GetProperty("deadline").GetDateTimeOffset());

        // A limit that makes no sense is refused: the two days stay, nothing is logged as changed.
        await File.WriteAllTextAsync(file, """{ "Sla": { "Limits": { "Own": 0 } } }""");
        deadline = DateTime.UtcNow.AddSeconds(30);
        while (!host.Output.Contains("New SLA limits refused", StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, "the refused limits were not reported:\n" + host.Output);
            await Task.Delay(200);
        }

        Assert.Equal(2, (await Assigned(admin, staff)).Clock.GetProperty("workingDays").GetDouble());
        Assert.Equal(1, await LimitChanges(admin));

        // A clock keeps the limit it started with.
        Assert.Equal(before.GetProperty("deadline").GetDateTimeOffset(), (await AnswerClock(admin, first)).GetProperty("deadline").GetDateTimeOffset());
        Directory.Delete(directory, recursive: true);
    }
}
