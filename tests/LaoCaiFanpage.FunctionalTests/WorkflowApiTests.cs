using System.Net;
using System.Text;
using LaoCaiFanpage.FunctionalTests.Infrastructure;
using static LaoCaiFanpage.FunctionalTests.Infrastructure.Editorial;

namespace LaoCaiFanpage.FunctionalTests;

/// <summary>The editorial workflow over HTTP on the real host, as each role meets it.</summary>
[Collection(HostCollection.Name)]
public sealed class WorkflowApiTests(HostFixture fixture)
{
    [Fact]
    public async Task A_case_is_classified_routed_drafted_and_approved_twice_and_its_history_names_everyone()
    {
        var people = await SignIn(fixture, "SXD");
        var id = await NewComment(fixture.Client, "Xin hỏi thủ tục cấp phép xây dựng nhà ở riêng lẻ?");
        await Post(people.Staff.Client, $"api/threads/{id}/classify", new { category = 5, authority = "office" });
        await Post(people.Staff.Client, $"api/threads/{id}/assign", new { units = new[] { "SXD" }, complexity = "own" });
        var drafted = await Post(people.Officer.Client, $"api/threads/{id}/drafts", new { text = "Kính gửi bà Hoa: hồ sơ gồm đơn và bản vẽ.", sources = new[] { "Nghị định 175/2024/NĐ-CP" } });
        Assert.Equal("drafting", drafted.GetProperty("status").GetString());
        await Post(people.Officer.Client, $"api/threads/{id}/submit", new { });

        var early = await Post(people.Chief.Client, $"api/threads/{id}/approve", new { }, HttpStatusCode.Conflict);
        Assert.Equal("out-of-order", early.GetProperty("code").GetString());
        Assert.Contains("Trưởng Ban biên tập", early.GetProperty("detail").GetString(), StringComparison.Ordinal);

        await Post(people.Head.Client, $"api/threads/{id}/approve", new { draft = 1 });
        var approved = await Post(people.Chief.Client, $"api/threads/{id}/approve", new { draft = 1 });
        Assert.Equal("approved", approved.GetProperty("status").GetString());

        var workflow = (await fixture.Client.GetJson("api/threads/" + id)).GetProperty("workflow");
        Assert.Equal("Đã duyệt, chờ đăng", workflow.GetProperty("statusLabel").GetString());
        Assert.Equal([people.Head.Name, people.Chief.Name], workflow.GetProperty("approvals").EnumerateArray().Select(a => a.GetProperty("approver").GetString()));
        var draft = workflow.GetProperty("drafts").EnumerateArray().Single();
        Assert.Equal(people.Officer.Name, draft.GetProperty("author").GetString());
        Assert.Equal("SXD", draft.GetProperty("unit").GetString());
        Assert.Equal(
            [people.Staff.Name, people.Staff.Name, people.Officer.Name, people.Officer.Name, people.Head.Name, people.Chief.Name],
            workflow.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("actor").GetString()));

        // Every step is in the processing log too, with the user's address.
        var audit = await fixture.Client.GetJson($"api/audit?target={Uri.EscapeDataString("case/" + id)}&pageSize=50");
        Assert.Equal(6, audit.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Powers_follow_the_regulation_an_administrator_never_approves_and_other_units_do_not_see_the_case()
    {
        var people = await SignIn(fixture, "SYT");
        var id = await NewComment(fixture.Client, "Bệnh viện huyện thiếu thuốc");
        await Post(people.Staff.Client, $"api/threads/{id}/classify", new { category = 5, authority = "office" });
        await Post(people.Staff.Client, $"api/threads/{id}/assign", new { units = new[] { "SYT" }, complexity = "own" });

        var (_, stranger) = await fixture.NewUser("UnitOfficer", "SXD");
        var hidden = await Post(stranger, $"api/threads/{id}/drafts", new { text = "Không phải việc của tôi" }, HttpStatusCode.NotFound);
        Assert.Equal(404, hidden.GetProperty("status").GetInt32());

        await Post(people.Officer.Client, $"api/threads/{id}/drafts", new { text = "Sở Y tế đã bổ sung thuốc." });
        await Post(people.Officer.Client, $"api/threads/{id}/submit", new { });
        using (var response = await fixture.Client.PostAsync($"api/threads/{id}/approve", Infrastructure.Accounts.Json(new { })))
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }

        var (_, leader) = await fixture.NewUser("Leadership");
        using (var response = await leader.PostAsync($"api/threads/{id}/reject", Infrastructure.Accounts.Json(new { reason = "x" })))
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }

        var rejected = await Post(people.Head.Client, $"api/threads/{id}/reject", new { reason = "Nêu rõ thời gian cấp thuốc" });
        Assert.Equal("drafting", rejected.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Hostile_or_malformed_commands_get_a_precise_problem_and_change_nothing()
    {
        var people = await SignIn(fixture, "SXD");
        var id = await NewComment(fixture.Client, "Đường tổ 7 bị sạt lở");
        var staff = people.Staff.Client;
        (string Path, string Body, HttpStatusCode Status)[] cases =
        [
            ("classify", """{"category":7,"authority":"office"}""", HttpStatusCode.BadRequest),
            ("classify", """{"category":"5","authority":"office"}""", HttpStatusCode.BadRequest),
            ("classify", """{"category":5,"authority":"everyone"}""", HttpStatusCode.BadRequest),
            ("classify", """{"category":5,"authority":"office","topic":"T""" + new string('x', 300) + "\"}", HttpStatusCode.BadRequest),
            ("classify", "{\"category\":5,", HttpStatusCode.BadRequest),
            ("classify", "[1,2,3]", HttpStatusCode.BadRequest),
            ("drafts", """{"text":""}""", HttpStatusCode.BadRequest),
            ("drafts", "{\"text\":\"" + new string('a', 8001) + "\"}", HttpStatusCode.BadRequest),
            ("drafts", """{"text":"ok","sources":[1]}""", HttpStatusCode.BadRequest),
            ("drafts", """{"text":"ok","sources":"Nghị định"}""", HttpStatusCode.BadRequest),
            ("reassign", """{"units":["KHONGCO"],"complexity":"own"}""", HttpStatusCode.BadRequest),
            ("approve", """{"draft":-1}""", HttpStatusCode.BadRequest),
            ("close", """{"reason":"because"}""", HttpStatusCode.BadRequest),
            ("reopen", """{"reason":""}""", HttpStatusCode.BadRequest),
            ("merge", """{"into":"no-such-case"}""", HttpStatusCode.NotFound),
            ("drafts", """{"text":"Quá sớm, chưa giao đơn vị"}""", HttpStatusCode.Conflict),
            ("submit", "{}", HttpStatusCode.Conflict),
        ];
        foreach (var (path, body, status) in cases)
        {
            var client = path == "approve" ? people.Head.Client : staff;
            using var response = await client.PostAsync($"api/threads/{id}/{path}", new StringContent(body, Encoding.UTF8, "application/json"));
            var problem = await response.ReadProblem(status);
            Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()), path + " " + body);
        }

        using (var form = await staff.PostAsync($"api/threads/{id}/classify", new StringContent("category=5", Encoding.UTF8, "application/x-www-form-urlencoded")))
        {
            await form.ReadProblem(HttpStatusCode.UnsupportedMediaType);
        }

        using (var missing = await staff.PostAsync("api/threads/no-such-case/classify", Infrastructure.Accounts.Json(new { category = 5, authority = "office" })))
        {
            await missing.ReadProblem(HttpStatusCode.NotFound);
        }

        var untouched = await fixture.Client.GetJson("api/threads/" + id);
        Assert.Equal("new", untouched.GetProperty("status").GetString());
        Assert.Empty(untouched.GetProperty("workflow").GetProperty("history").EnumerateArray());
    }

    [Fact]
    public async Task Official_information_needs_its_source_before_it_is_submitted()
    {
        var people = await SignIn(fixture, "STP");
        var id = await NewComment(fixture.Client, "Lệ phí chứng thực năm 2026 là bao nhiêu?");
        await Post(people.Staff.Client, $"api/threads/{id}/classify", new { category = 1, authority = "office" });
        await Post(people.Staff.Client, $"api/threads/{id}/assign", new { units = new[] { "STP" }, complexity = "own" });
        await Post(people.Officer.Client, $"api/threads/{id}/drafts", new { text = "Lệ phí là 2.000 đồng/trang." });
        var refused = await Post(people.Officer.Client, $"api/threads/{id}/submit", new { }, HttpStatusCode.Conflict);
        Assert.Equal("source-required", refused.GetProperty("code").GetString());
        await Post(people.Officer.Client, $"api/threads/{id}/drafts", new { text = "Lệ phí là 2.000 đồng/trang.", sources = new[] { "Thông tư 226/2016/TT-BTC" } });
        Assert.Equal("pending-editorial-head", (await Post(people.Officer.Client, $"api/threads/{id}/submit", new { })).GetProperty("status").GetString());
    }
}
