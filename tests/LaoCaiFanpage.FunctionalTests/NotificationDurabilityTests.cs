using System.Globalization;
using System.Text.Json;
using LaoCaiFanpage.FunctionalTests.Infrastructure;
using LaoCaiFanpage.Tests.Shared;
using MimeKit;
using Xunit.Abstractions;
using static LaoCaiFanpage.FunctionalTests.Infrastructure.Editorial;

namespace LaoCaiFanpage.FunctionalTests;

/// <summary>Notifications across restarts of the real host: SLA clocks that pass while time moves on, and a crash before sending.</summary>
public sealed class NotificationDurabilityTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    private static bool To(MimeMessage message, Person person) => message.To.Mailboxes.Any(m => m.Address == person.Email);

    private static bool About(MimeMessage message, string text) => (message.Subject ?? string.Empty).Contains(text, StringComparison.Ordinal);

    private static async Task<string> Routed(HttpClient admin, HttpClient staff, string unit, string text)
    {
        var id = await NewComment(admin, text);
        await Post(staff, $"api/threads/{id}/classify", new { category = 5, authority = "office" });
        await Post(staff, $"api/threads/{id}/assign", new { units = new[] { unit }, complexity = "own" });
        return id;
    }

    private static string Hours(TimeSpan offset) => offset.TotalHours.ToString("R", CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_clock_due_soon_reminds_the_units_officers_and_a_missed_one_escalates_to_its_head_and_the_days_summary()
    {
        await using var mail = new SmtpSink();
        mail.Start();
        var vapid = LocalPushService.NewVapidKeys();
        await using var push = new LocalPushService(vapid.PublicKey);
        await push.Start();
        await using var host = new SiloProcess(settings: NotificationHostFixture.Settings(mail.Port, push, vapid));
        await host.Start();
        Person officer, head, chief;
        string id;
        DateTimeOffset dueSoonAt, deadline, nextWorkingAfternoon;
        using (var admin = await host.CreateSignedInClient())
        {
            officer = await NotificationHostFixture.NewPerson(host, admin, push, "UnitOfficer", "SNNMT");
            head = await NotificationHostFixture.NewPerson(host, admin, push, "UnitHead", "SNNMT", push: false);
            chief = await NotificationHostFixture.NewPerson(host, admin, push, "ChiefOfOffice", push: false);
            var staff = await NotificationHostFixture.NewPerson(host, admin, push, "EditorialStaff", push: false);
            id = await Routed(admin, staff.Client, "SNNMT", "Đề nghị kiểm tra việc khai thác cát trái phép trên sông Hồng đoạn qua xã Gia Phú");
            var clock = (await admin.GetJson("api/threads/" + id)).GetProperty("clocks").EnumerateArray().Single(c => c.GetProperty("kind").GetString() == "answer");
            dueSoonAt = clock.GetProperty("dueSoonAt").GetDateTimeOffset();
            deadline = clock.GetProperty("deadline").GetDateTimeOffset();

            // An hour before the close of the first working day after the deadline: past the day's summary time.
            var closing = await admin.GetJson("api/calendar/deadline?rule=office-hours&workingDays=1&from=" + Uri.EscapeDataString(deadline.ToString("O", CultureInfo.InvariantCulture)));
            nextWorkingAfternoon = closing.GetProperty("deadline").GetDateTimeOffset().AddHours(-1);
            await mail.WaitFor(m => To(m, officer) && About(m, id), Wait);
        }

        // The service's clock moves to halfway between "due soon" and the deadline: the officers are reminded, not yet the head.
        await host.Kill();
        host.Settings["Diagnostics__ClockOffsetHours"] = Hours(dueSoonAt + ((deadline - dueSoonAt) / 2) - DateTimeOffset.UtcNow);
        await host.Start(keepHttpPort: true);
        var soon = await mail.WaitFor(m => To(m, officer) && About(m, id) && About(m, "Sắp đến hạn"), Wait);
        Assert.Contains("trả lời vụ việc", soon.TextBody, StringComparison.Ordinal);
        Assert.Contains(deadline.ToOffset(TimeSpan.FromHours(7)).ToString("HH:mm 'ngày' dd/MM/yyyy", CultureInfo.InvariantCulture), soon.TextBody, StringComparison.Ordinal);
        await push.WaitFor(p => p.Browser == officer.Name && p.Title.Contains("Sắp đến hạn", StringComparison.Ordinal), Wait);
        Assert.DoesNotContain(mail.Messages, m => To(m, head) && About(m, "Sắp đến hạn"));

        // And past the deadline, on the next working afternoon: the officers and the unit's head, and the Chief of Office's summary.
        await host.Kill();
        host.Settings["Diagnostics__ClockOffsetHours"] = Hours(nextWorkingAfternoon - DateTimeOffset.UtcNow);
        await host.Start(keepHttpPort: true);
        await mail.WaitFor(m => To(m, officer) && About(m, id) && About(m, "QUÁ HẠN"), Wait);
        var missed = await mail.WaitFor(m => To(m, head) && About(m, id) && About(m, "QUÁ HẠN"), Wait);
        output.WriteLine(missed.Subject + "\n" + missed.TextBody);
        var summary = await mail.WaitFor(m => To(m, chief) && About(m, "Tổng hợp quá hạn"), Wait);
        Assert.Contains("- SNNMT: 1 việc quá hạn", summary.TextBody, StringComparison.Ordinal);
        output.WriteLine(summary.Subject + "\n" + summary.TextBody);
        Assert.Single(mail.Messages, m => To(m, officer) && About(m, id) && About(m, "Sắp đến hạn"));
    }

    [Fact]
    public async Task A_host_killed_between_enqueueing_and_sending_sends_the_email_exactly_once_after_its_restart()
    {
        var port = SmtpSink.FreePort();
        var vapid = LocalPushService.NewVapidKeys();
        await using var push = new LocalPushService(vapid.PublicKey);
        await push.Start();

        // The mail server is down: the notification is stored, its e-mail waits and is retried.
        await using var host = new SiloProcess(settings: NotificationHostFixture.Settings(port, push, vapid));
        await host.Start();
        Person officer;
        string id;
        int attempts;
        using (var admin = await host.CreateSignedInClient())
        {
            officer = await NotificationHostFixture.NewPerson(host, admin, push, "UnitOfficer", "SVHTTDL", push: false);
            var staff = await NotificationHostFixture.NewPerson(host, admin, push, "EditorialStaff", push: false);
            id = await Routed(admin, staff.Client, "SVHTTDL", "Lễ hội Gầu Tào năm nay tổ chức ngày nào?");
            var email = await EmailDelivery(admin, officer.Name, d => d.GetProperty("attempts").GetInt32() >= 1);
            Assert.Equal("pending", email.GetProperty("status").GetString());
            Assert.False(string.IsNullOrEmpty(email.GetProperty("lastError").GetString()));
            attempts = email.GetProperty("attempts").GetInt32();
        }

        await host.Kill();
        await using var mail = new SmtpSink();
        mail.Start(port);
        await host.Start(keepHttpPort: true);
        await mail.WaitFor(m => To(m, officer) && About(m, id), Wait);
        await Task.Delay(3000);
        Assert.Single(mail.Messages, m => To(m, officer) && About(m, id));

        using (var admin = await host.CreateSignedInClient())
        {
            var email = await EmailDelivery(admin, officer.Name, d => d.GetProperty("status").GetString() == "sent");
            Assert.True(email.GetProperty("attempts").GetInt32() > attempts);
            var list = (await admin.GetJson($"api/notifications?user={officer.Name}")).EnumerateArray().ToList();
            Assert.Single(list, n => n.GetProperty("subject").GetString() == id);
        }
    }

    /// <summary>The officer's one e-mail delivery as administrators see it, once <paramref name="ready"/> holds.</summary>
    private static async Task<JsonElement> EmailDelivery(HttpClient admin, string user, Func<JsonElement, bool> ready)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (true)
        {
            var found = (await admin.GetJson($"api/notifications?user={user}")).EnumerateArray()
                .SelectMany(n => n.GetProperty("channels").EnumerateArray()).Where(c => c.GetProperty("channel").GetString() == "email").ToList();
            if (found.Count == 1 && ready(found[0]))
            {
                return found[0];
            }

            Assert.True(DateTime.UtcNow < deadline, $"no such e-mail delivery for {user}: {string.Join(", ", found)}");
            await Task.Delay(200);
        }
    }
}
