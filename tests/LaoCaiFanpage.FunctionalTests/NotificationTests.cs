using System.Net;
using System.Text.Json;
using LaoCaiFanpage.FunctionalTests.Infrastructure;
using MimeKit;
using Xunit.Abstractions;
using static LaoCaiFanpage.FunctionalTests.Infrastructure.Editorial;

namespace LaoCaiFanpage.FunctionalTests;

/// <summary>
/// Reaching people on the real host: e-mail through a local SMTP server, Web Push through a local push service that
/// checks the VAPID token and decrypts the message, and the in-app list — for assignments, approvals and crises, to
/// the people the regulation names and nobody else.
/// </summary>
[Collection(NotificationHostCollection.Name)]
public sealed class NotificationTests(NotificationHostFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private HttpClient Admin => fixture.Host.Client;

    private static bool To(MimeMessage message, Person person) => message.To.Mailboxes.Any(m => m.Address == person.Email);

    private async Task<string> Routed(HttpClient staff, string unit, string text)
    {
        var id = await NewComment(Admin, text);
        await Post(staff, $"api/threads/{id}/classify", new { category = 5, authority = "office" });
        await Post(staff, $"api/threads/{id}/assign", new { units = new[] { unit }, complexity = "own" });
        return id;
    }

    [Fact]
    public async Task An_assignment_reaches_the_units_officer_and_head_by_email_push_and_list_and_no_other_unit()
    {
        var officer = await fixture.NewPerson("UnitOfficer", "SNV");
        var head = await fixture.NewPerson("UnitHead", "SNV");
        var stranger = await fixture.NewPerson("UnitOfficer", "SKHCN");
        var staff = await fixture.NewPerson("EditorialStaff", push: false);
        var id = await Routed(staff.Client, "SNV", "Xin hỏi thủ tục chuyển công tác cho viên chức giáo dục ở xã Bát Xát?");

        var mail = await fixture.Mail.WaitFor(m => To(m, officer) && (m.Subject ?? "").Contains(id, StringComparison.Ordinal), Wait);
        Assert.StartsWith("Vụ việc mới giao cho SNV", mail.Subject, StringComparison.Ordinal);
        Assert.Contains("Bát Xát", mail.TextBody, StringComparison.Ordinal);
        Assert.Matches(@"Hạn trả lời: \d\d:\d\d ngày \d\d/\d\d/\d{4} \(giờ Việt Nam\)", mail.TextBody);
        Assert.Contains(new Uri(fixture.Host.Host.BaseAddress, "cases/" + Uri.EscapeDataString(id)).AbsoluteUri, mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("auto-generated", mail.Headers[HeaderId.AutoSubmitted] ?? string.Empty, StringComparison.Ordinal);

        var push = await fixture.Push.WaitFor(p => p.Browser == officer.Name && p.Title.Contains(id, StringComparison.Ordinal), Wait);
        Assert.EndsWith("/cases/" + Uri.EscapeDataString(id), push.Url, StringComparison.Ordinal);
        Assert.Equal("normal", push.Urgency);
        await fixture.Mail.WaitFor(m => To(m, head) && (m.Subject ?? "").Contains(id, StringComparison.Ordinal), Wait);
        await fixture.Push.WaitFor(p => p.Browser == head.Name && p.Title.Contains(id, StringComparison.Ordinal), Wait);

        var (unread, items) = await officer.Client.Notifications();
        var mine = Assert.Single(items.EnumerateArray(), n => n.GetProperty("subject").GetString() == id);
        Assert.Equal("case-assigned", mine.GetProperty("kind").GetString());
        Assert.True(unread >= 1);
        Assert.Equal(["in-app", "email", "push"], mine.GetProperty("channels").EnumerateArray().Select(c => c.GetProperty("channel").GetString()));

        // Another unit's officer hears nothing of it: no e-mail, no push, nothing in the list.
        await Task.Delay(1000);
        Assert.DoesNotContain(fixture.Mail.Messages, m => To(m, stranger));
        Assert.DoesNotContain(fixture.Push.Received, p => p.Browser == stranger.Name);
        Assert.Equal(0, (await stranger.Client.Notifications()).Items.GetArrayLength());
        Assert.Empty(fixture.Push.Refused);
    }

    [Fact]
    public async Task An_answer_waiting_for_approval_reaches_the_editorial_head_then_the_chief_and_a_rejection_the_drafter()
    {
        var officer = await fixture.NewPerson("UnitOfficer", "STC", push: false);
        var staff = await fixture.NewPerson("EditorialStaff", push: false);
        var head = await fixture.NewPerson("EditorialHead");
        var chief = await fixture.NewPerson("ChiefOfOffice");
        var id = await Routed(staff.Client, "STC", "Hỏi về mức thu phí chợ Kim Tân năm 2027");
        await Post(officer.Client, $"api/threads/{id}/drafts", new { text = "Mức thu phí chợ năm 2027 giữ nguyên như năm 2026.", sources = new[] { "Nghị quyết 15/2025/NQ-HĐND" } });
        await Post(officer.Client, $"api/threads/{id}/submit", new { });

        var waiting = await fixture.Mail.WaitFor(m => To(m, head) && (m.Subject ?? "").Contains(id, StringComparison.Ordinal), Wait);
        Assert.StartsWith("Chờ Trưởng Ban biên tập duyệt", waiting.Subject, StringComparison.Ordinal);
        await fixture.Push.WaitFor(p => p.Browser == head.Name && p.Title.Contains(id, StringComparison.Ordinal), Wait);
        Assert.DoesNotContain(fixture.Mail.Messages, m => To(m, chief) && (m.Subject ?? "").Contains(id, StringComparison.Ordinal));

        await Post(head.Client, $"api/threads/{id}/reject", new { reason = "Ghi rõ số, ngày của nghị quyết" });
        var rejected = await fixture.Mail.WaitFor(m => To(m, officer) && (m.Subject ?? "").Contains(id, StringComparison.Ordinal) && (m.Subject ?? "").Contains("trả lại", StringComparison.Ordinal), Wait);
        Assert.Contains("Ghi rõ số, ngày của nghị quyết", rejected.TextBody, StringComparison.Ordinal);

        await Post(officer.Client, $"api/threads/{id}/drafts", new { text = "Mức thu phí chợ năm 2027 giữ nguyên theo Nghị quyết 15/2025/NQ-HĐND ngày 10/7/2025.", sources = new[] { "Nghị quyết 15/2025/NQ-HĐND" } });
        await Post(officer.Client, $"api/threads/{id}/submit", new { });
        await Post(head.Client, $"api/threads/{id}/approve", new { draft = 2 });
        var chiefs = await fixture.Mail.WaitFor(m => To(m, chief) && (m.Subject ?? "").Contains(id, StringComparison.Ordinal), Wait);
        Assert.StartsWith("Chờ Chánh Văn phòng UBND tỉnh duyệt", chiefs.Subject, StringComparison.Ordinal);
        await fixture.Push.WaitFor(p => p.Browser == chief.Name && p.Title.Contains(id, StringComparison.Ordinal), Wait);
    }

    [Fact]
    public async Task A_crisis_reaches_every_crisis_officer_urgently_again_and_again_until_one_acknowledges_it()
    {
        var raiser = await fixture.NewPerson("CrisisOfficer");
        var other = await fixture.NewPerson("CrisisOfficer");
        var title = "Clip sai sự thật về lũ quét ở Mường Hum " + Guid.NewGuid().ToString("N")[..6];
        using var response = await raiser.Client.PostAsync("api/crises/signals", Infrastructure.Accounts.Json(new { title, severity = 3 }));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var crisisId = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;

        foreach (var officer in new[] { raiser, other })
        {
            var mail = await fixture.Mail.WaitFor(m => To(m, officer) && (m.Subject ?? "").Contains(title, StringComparison.Ordinal), Wait);
            Assert.StartsWith("[KHẨN] KHỦNG HOẢNG TRUYỀN THÔNG mức 3", mail.Subject, StringComparison.Ordinal);
            var push = await fixture.Push.WaitFor(p => p.Browser == officer.Name && p.Title.Contains(title, StringComparison.Ordinal), Wait);
            Assert.Equal("high", push.Urgency);
            Assert.True(push.Payload.GetProperty("urgent").GetBoolean());
        }

        // Every 3 s (this host's Notifications:CrisisRepeatMinutes) until someone acknowledges it.
        foreach (var officer in new[] { raiser, other })
        {
            await fixture.Mail.WaitFor(m => To(m, officer) && (m.Subject ?? "").Contains("NHẮC LẠI", StringComparison.Ordinal) && (m.Subject ?? "").Contains(title, StringComparison.Ordinal), Wait);
        }

        await Post(other.Client, $"api/crises/{crisisId}/acknowledge", new { note = "Đã tiếp nhận, đang xác minh" });
        await Task.Delay(1500);
        int Reminders() => fixture.Mail.Messages.Count(m => (m.Subject ?? "").Contains("NHẮC LẠI", StringComparison.Ordinal) && (m.Subject ?? "").Contains(title, StringComparison.Ordinal));
        var after = Reminders();
        await Task.Delay(9000);
        Assert.Equal(after, Reminders());
        output.WriteLine($"{after} reminders before the acknowledgement");
    }

    [Fact]
    public async Task A_crisis_officer_cannot_switch_crisis_alerts_off_but_others_choose_their_channels()
    {
        var crisis = await fixture.NewPerson("CrisisOfficer", push: false);
        using var refused = await crisis.Client.PutAsync("api/me/notification-settings", Infrastructure.Accounts.Json(new Dictionary<string, object>
        {
            ["crisis-raised"] = new { email = false },
        }));
        await refused.ReadProblem(HttpStatusCode.Conflict);
        var settings = await crisis.Client.GetJson("api/me/notification-settings");
        var raised = settings.EnumerateArray().Single(s => s.GetProperty("kind").GetString() == "crisis-raised");
        Assert.True(raised.GetProperty("locked").GetBoolean());
        Assert.True(raised.GetProperty("email").GetBoolean());

        // A unit officer who turns e-mail off for assignments still finds them in the list and on the phone.
        var officer = await fixture.NewPerson("UnitOfficer", "SYT");
        using (var put = await officer.Client.PutAsync("api/me/notification-settings", Infrastructure.Accounts.Json(new Dictionary<string, object>
        {
            ["case-assigned"] = new { email = false },
        })))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        var staff = await fixture.NewPerson("EditorialStaff", push: false);
        var id = await Routed(staff.Client, "SYT", "Trạm y tế xã Cốc San có tiêm vắc xin dại không?");
        await fixture.Push.WaitFor(p => p.Browser == officer.Name && p.Title.Contains(id, StringComparison.Ordinal), Wait);
        await Task.Delay(1000);
        Assert.DoesNotContain(fixture.Mail.Messages, m => To(m, officer));
        Assert.Contains((await officer.Client.Notifications()).Items.EnumerateArray(), n => n.GetProperty("subject").GetString() == id);
    }

    [Fact]
    public async Task Reading_marks_one_or_all_and_nobody_reads_anothers_notifications()
    {
        var officer = await fixture.NewPerson("UnitOfficer", "SCT", push: false);
        var other = await fixture.NewPerson("UnitOfficer", "SCT", push: false);
        var staff = await fixture.NewPerson("EditorialStaff", push: false);
        var first = await Routed(staff.Client, "SCT", "Giá điện tháng 12 tăng?");
        var second = await Routed(staff.Client, "SCT", "Cửa hàng xăng dầu đóng cửa sớm");
        await fixture.Mail.WaitFor(m => To(m, officer) && (m.Subject ?? "").Contains(first, StringComparison.Ordinal), Wait);
        await fixture.Mail.WaitFor(m => To(m, officer) && (m.Subject ?? "").Contains(second, StringComparison.Ordinal), Wait);

        var (unread, items) = await officer.Client.Notifications();
        Assert.Equal(2, unread);
        var one = items[0].GetProperty("id").GetInt64();
        using (var stolen = await other.Client.PostAsync($"api/me/notifications/{one}/read", null))
        {
            await stolen.ReadProblem(HttpStatusCode.NotFound);
        }

        using (var read = await officer.Client.PostAsync($"api/me/notifications/{one}/read", null))
        {
            Assert.Equal(HttpStatusCode.NoContent, read.StatusCode);
        }

        Assert.Equal(1, (await officer.Client.Notifications()).Unread);
        Assert.Equal(1, (await officer.Client.GetJson("api/me/notifications?unread=true")).GetProperty("items").GetArrayLength());
        using (var all = await officer.Client.PostAsync("api/me/notifications/read-all", null))
        {
            Assert.Equal(HttpStatusCode.NoContent, all.StatusCode);
        }

        Assert.Equal(0, (await officer.Client.Notifications()).Unread);
        Assert.Equal(2, (await other.Client.Notifications()).Unread);

        // Administrators see every delivery and its status; nobody else may.
        var sent = await Admin.GetJson($"api/notifications?user={officer.Name}&kind=case-assigned&status=sent");
        Assert.Equal(2, sent.GetArrayLength());
        Assert.All(sent.EnumerateArray(), n => Assert.Contains(n.GetProperty("channels").EnumerateArray(), c => c.GetProperty("channel").GetString() == "email" && c.GetProperty("status").GetString() == "sent"));
        using var forbidden = await officer.Client.GetAsync("api/notifications");
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }

    [Theory]
    [InlineData("""{"email":"Cán bộ <a@laocai.gov.vn>"}""")]
    [InlineData("""{"email":"a@laocai.gov.vn\r\nBcc: x@evil.example"}""")]
    [InlineData("""{"email":42}""")]
    [InlineData("""{"displayName":[]}""")]
    [InlineData("""[1,2]""")]
    public async Task A_profile_change_with_hostile_data_is_refused_and_changes_nothing(string body)
    {
        var person = await fixture.NewPerson("Leadership", push: false);
        using var response = await person.Client.PutAsync("api/me", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        await response.ReadProblem(HttpStatusCode.BadRequest);
        Assert.Equal(person.Email, (await person.Client.GetJson("api/me")).GetProperty("email").GetString());
    }

    [Theory]
    [InlineData("""{"endpoint":"https://169.254.169.254/latest/meta-data","keys":{"p256dh":"BAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA","auth":"AAAAAAAAAAAAAAAAAAAAAA"}}""")]
    [InlineData("""{"endpoint":"https://fcm.googleapis.com/fcm/send/x","keys":{"p256dh":"short","auth":"AAAAAAAAAAAAAAAAAAAAAA"}}""")]
    [InlineData("""{"endpoint":"https://fcm.googleapis.com/fcm/send/x"}""")]
    [InlineData("""{"endpoint":"not a url","keys":{}}""")]
    public async Task A_push_subscription_to_an_unknown_service_or_with_bad_keys_is_refused(string body)
    {
        var person = await fixture.NewPerson("EditorialStaff", push: false);
        using var response = await person.Client.PostAsync("api/me/push-subscriptions", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        await response.ReadProblem(HttpStatusCode.BadRequest);
        Assert.Equal(0, (await person.Client.GetJson("api/me/push-subscriptions")).GetArrayLength());
    }

    [Fact]
    public async Task A_browser_that_unsubscribed_at_its_push_service_is_dropped_after_the_first_refusal()
    {
        var officer = await fixture.NewPerson("UnitOfficer", "SGDDT");
        var staff = await fixture.NewPerson("EditorialStaff", push: false);
        Assert.Equal(1, (await officer.Client.GetJson("api/me/push-subscriptions")).GetArrayLength());
        fixture.Push.Forget(officer.PushEndpoint!);
        var id = await Routed(staff.Client, "SGDDT", "Lịch nghỉ Tết của học sinh?");
        await fixture.Mail.WaitFor(m => To(m, officer) && (m.Subject ?? "").Contains(id, StringComparison.Ordinal), Wait);
        var deadline = DateTime.UtcNow + Wait;
        while ((await officer.Client.GetJson("api/me/push-subscriptions")).GetArrayLength() > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.Equal(0, (await officer.Client.GetJson("api/me/push-subscriptions")).GetArrayLength());
        var failed = await Admin.GetJson($"api/notifications?user={officer.Name}&status=failed");
        var push = Assert.Single(failed.EnumerateArray().Single().GetProperty("channels").EnumerateArray(), c => c.GetProperty("channel").GetString() == "push");
        Assert.Contains("410", push.GetProperty("lastError").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_bell_on_an_officers_page_counts_a_new_notification_live()
    {
        var officer = await fixture.NewPerson("UnitOfficer", "SCT", push: false);
        var staff = await fixture.NewPerson("EditorialStaff", push: false);
        using var browser = new Browser();
        await browser.SignIn(new Uri(fixture.Host.Host.BaseAddress, "cases"), officer.Name);
        await browser.WaitUntil("document.getElementById('bell') !== null && document.getElementById('live').textContent === 'Trực tuyến'", TimeSpan.FromSeconds(20));
        Assert.Equal(true, browser.Script("return document.getElementById('bell-count').hidden"));

        var id = await Routed(staff.Client, "SCT", "Giá gas tăng bất thường tại phường Kim Tân");
        await browser.WaitUntil("document.getElementById('bell-count').textContent === '1' && !document.getElementById('bell-count').hidden", Wait);
        await browser.WaitUntil("document.querySelector('tr[data-case-id=\"' + arguments[0] + '\"]') !== null", TimeSpan.FromSeconds(10), id);
        browser.Script("document.getElementById('bell').click();");
        await browser.WaitUntil("document.querySelector('#bell-list li a') !== null", TimeSpan.FromSeconds(10));
        var link = (string)browser.Script("return document.querySelector('#bell-list li a').textContent")!;
        Assert.Contains(id, link, StringComparison.Ordinal);
        Assert.Contains("Bật thông báo trên thiết bị này", (string)browser.Script("return document.getElementById('bell-panel').textContent")!, StringComparison.Ordinal);
        output.WriteLine("screenshot: " + browser.SaveScreenshot("officer-bell"));

        // The person chooses their channels on the same panel: e-mail off for assignments, a new address.
        browser.Script("[...document.querySelectorAll('#bell-panel button')].find(b => b.textContent === 'Chọn cách nhận thông báo').click();");
        await browser.WaitUntil("document.querySelector('#bell-settings tr[data-kind=\"case-assigned\"] input[data-channel=\"email\"]') !== null", TimeSpan.FromSeconds(10));
        browser.Script("document.querySelector('#bell-settings tr[data-kind=\"case-assigned\"] input[data-channel=\"email\"]').click();" +
            "document.getElementById('me-email').value = 'so.congthuong@laocai.gov.vn';" +
            "[...document.querySelectorAll('#bell-settings button')].find(b => b.textContent === 'Lưu').click();");
        await browser.WaitUntil("document.getElementById('bell-settings').textContent.includes('Đã lưu.')", TimeSpan.FromSeconds(10));
        output.WriteLine("screenshot: " + browser.SaveScreenshot("officer-bell-settings"));
        var assigned = (await officer.Client.GetJson("api/me/notification-settings")).EnumerateArray().Single(k => k.GetProperty("kind").GetString() == "case-assigned");
        Assert.Equal((false, true), (assigned.GetProperty("email").GetBoolean(), assigned.GetProperty("push").GetBoolean()));
        Assert.Equal("so.congthuong@laocai.gov.vn", (await officer.Client.GetJson("api/me")).GetProperty("email").GetString());
    }
}
