using System.Buffers.Text;
using System.Globalization;
using LaoCaiFanpage.Grains.Sla;
using LaoCaiFanpage.Silo.Accounts;
using LaoCaiFanpage.Silo.Notifications;

namespace LaoCaiFanpage.UnitTests.Notifications;

/// <summary>What people type and browsers send: e-mail addresses, push endpoints and keys, and when quiet hours end.</summary>
public sealed class NotificationInputTests
{
    [Theory]
    [InlineData("an.nguyen@sxd.laocai.gov.vn", true)]
    [InlineData("canbo+fanpage@laocai.gov.vn", true)]
    [InlineData("An Nguyen <an@laocai.gov.vn>", false)]
    [InlineData("an@localhost", false)]
    [InlineData("an@@laocai.gov.vn", false)]
    [InlineData("an@laocai.gov.vn\r\nBcc: x@evil.example", false)]
    [InlineData("an@laocai.gov.vn,b@laocai.gov.vn", false)]
    [InlineData("không-dấu@laocai.gov.vn ", false)]
    [InlineData("", false)]
    public void Only_a_bare_address_is_an_email(string value, bool valid) => Assert.Equal(valid, ContactDetails.IsAddress(value));

    [Theory]
    [InlineData("https://fcm.googleapis.com/fcm/send/abc", true)]
    [InlineData("https://updates.push.services.mozilla.com/wpush/v2/x", true)]
    [InlineData("https://web.push.apple.com/QG9", true)]
    [InlineData("https://wns2-by3p.notify.windows.com/w/?token=x", true)]
    [InlineData("http://fcm.googleapis.com/fcm/send/abc", false)]
    [InlineData("https://fcm.googleapis.com.evil.example/x", false)]
    [InlineData("https://user:pw@fcm.googleapis.com/x", false)]
    [InlineData("https://169.254.169.254/latest/meta-data", false)]
    [InlineData("https://127.0.0.1/admin", false)]
    public void A_subscription_must_name_a_browsers_push_service(string endpoint, bool accepted) =>
        Assert.Equal(accepted, new WebPushOptions().Accepts(new Uri(endpoint)));

    [Fact]
    public void Keys_are_checked_for_their_size_and_form()
    {
        var point = new byte[65];
        point[0] = 4;
        Assert.True(WebPushOptions.IsKey(Base64Url.EncodeToString(point), 65, 0x04));
        Assert.False(WebPushOptions.IsKey(Base64Url.EncodeToString(point.AsSpan(0, 64)), 65, 0x04));
        point[0] = 2;
        Assert.False(WebPushOptions.IsKey(Base64Url.EncodeToString(point), 65, 0x04));
        Assert.False(WebPushOptions.IsKey("not base64 !", 16));
        Assert.False(WebPushOptions.IsKey(null, 16));

        var failures = new WebPushOptionsValidation().Validate(null, new WebPushOptions { PublicKey = "AAAA", PrivateKey = null });
        Assert.True(failures.Failed);
        Assert.True(new WebPushOptionsValidation().Validate(null, new WebPushOptions()).Succeeded);
    }

    [Theory]
    [InlineData("2026-12-07T10:00:00+07:00", "2026-12-07T10:00:00+07:00")] // Monday, inside the morning session
    [InlineData("2026-12-07T06:00:00+07:00", "2026-12-07T07:30:00+07:00")] // before opening
    [InlineData("2026-12-07T12:30:00+07:00", "2026-12-07T13:30:00+07:00")] // lunch
    [InlineData("2026-12-07T17:00:00+07:00", "2026-12-08T07:30:00+07:00")] // closing time itself is outside
    [InlineData("2026-12-11T18:00:00+07:00", "2026-12-14T07:30:00+07:00")] // Friday evening → Monday
    [InlineData("2026-12-31T20:00:00+07:00", "2027-01-04T07:30:00+07:00")] // New Year's Day and the weekend
    public void Quiet_hours_end_at_the_next_working_session(string from, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected, CultureInfo.InvariantCulture),
            WorkingCalendar.Default.NextWorkingInstant(DateTimeOffset.Parse(from, CultureInfo.InvariantCulture)));
}
