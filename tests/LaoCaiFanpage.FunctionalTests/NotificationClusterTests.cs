using LaoCaiFanpage.FunctionalTests.Infrastructure;
using LaoCaiFanpage.Tests.Shared;
using MimeKit;
using Xunit.Abstractions;
using static LaoCaiFanpage.FunctionalTests.Infrastructure.Editorial;

namespace LaoCaiFanpage.FunctionalTests;

/// <summary>The production profile: two silos on one PostgreSQL database share the notification work, and each notice is sent once.</summary>
public sealed class NotificationClusterTests(ITestOutputHelper output)
{
    private const int Cases = 24;

    [Fact]
    public async Task Two_silos_share_the_notifications_and_every_one_is_sent_exactly_once()
    {
        await using var mail = new SmtpSink();
        mail.Start();
        var vapid = LocalPushService.NewVapidKeys();
        await using var push = new LocalPushService(vapid.PublicKey);
        await push.Start();
        var settings = NotificationHostFixture.Settings(mail.Port, push, vapid);
        settings["Storage__Profile"] = "Postgres";
        settings["ConnectionStrings__Postgres"] = await TestPostgres.CreateDatabase("notify");
        settings["Orleans__ClusterId"] = "lcf-notify-" + Guid.NewGuid().ToString("N")[..8];
        settings["Orleans__AdvertisedAddress"] = "127.0.0.1";
        var silos = new[] { new SiloProcess(settings: settings), new SiloProcess(settings: settings) };
        try
        {
            await silos[0].Start();
            await silos[1].Start();
            using var admin0 = await silos[0].CreateSignedInClient();
            using var admin1 = await silos[1].CreateSignedInClient();
            var officer = await NotificationHostFixture.NewPerson(silos[0], admin0, push, "UnitOfficer", "SCT");
            var staff = await NotificationHostFixture.NewPerson(silos[1], admin1, push, "EditorialStaff", push: false);

            // The cases arrive through both silos and are routed through the second: their grains live on either.
            var ids = new List<string>();
            for (var i = 0; i < Cases; i++)
            {
                var id = await NewComment(i % 2 == 0 ? admin0 : admin1, $"Phản ánh số {i} về giá cả chợ Cốc Lếu");
                await Post(staff.Client, $"api/threads/{id}/classify", new { category = 5, authority = "office" });
                await Post(staff.Client, $"api/threads/{id}/assign", new { units = new[] { "SCT" }, complexity = "own" });
                ids.Add(id);
            }

            bool About(MimeMessage m, string id) => m.To.Mailboxes.Any(a => a.Address == officer.Email) && (m.Subject ?? string.Empty).Contains(id, StringComparison.Ordinal);
            foreach (var id in ids)
            {
                await mail.WaitFor(m => About(m, id), TimeSpan.FromSeconds(60));
                await push.WaitFor(p => p.Browser == officer.Name && p.Title.Contains(id, StringComparison.Ordinal), TimeSpan.FromSeconds(60));
            }

            // Both silos poll five times a second; give a duplicate every chance to show.
            await Task.Delay(3000);
            Assert.All(ids, id => Assert.Single(mail.Messages, m => About(m, id)));
            Assert.All(ids, id => Assert.Single(push.Received, p => p.Browser == officer.Name && p.Title.Contains(id, StringComparison.Ordinal)));
            var (unread, items) = await officer.Client.Notifications();
            Assert.Equal(Cases, unread);
            Assert.Equal(Cases, items.GetArrayLength());
            output.WriteLine($"{Cases} assignments through two silos: {mail.Messages.Count(m => m.To.Mailboxes.Any(a => a.Address == officer.Email))} e-mails, "
                + $"{push.Received.Count(p => p.Browser == officer.Name)} pushes to the officer");
        }
        finally
        {
            foreach (var silo in silos)
            {
                await silo.DisposeAsync();
            }
        }
    }
}
