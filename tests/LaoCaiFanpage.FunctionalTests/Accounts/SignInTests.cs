using System.Net;
using System.Text.RegularExpressions;
using LaoCaiFanpage.FunctionalTests.Infrastructure;
using LaoCaiFanpage.Tests.Shared;

namespace LaoCaiFanpage.FunctionalTests.Accounts;

/// <summary>Signing in and out through the real host: the API, the Vietnamese form with its antiforgery token, and cases seen per unit.</summary>
[Collection(HostCollection.Name)]
public sealed partial class SignInTests(HostFixture fixture)
{
    private static HttpClient Browserlike(Uri baseAddress) =>
        new(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = baseAddress };

    private static string FormToken(string html) => CsrfField().Match(html).Groups[1].Value;

    [Fact]
    public async Task A_wrong_password_is_401_and_logged_with_the_clients_address()
    {
        var (username, _) = await fixture.NewUser("Leadership");
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/auth/login") { Content = Infrastructure.Accounts.Json(new { username, password = "sai-mat-khau-1" }) };
        request.Headers.UserAgent.ParseAdd("KiemThu/1.0");
        using var response = await fixture.Anonymous.SendAsync(request);
        var problem = await response.ReadProblem(HttpStatusCode.Unauthorized);
        Assert.Contains("Sign-in failed", problem.GetProperty("title").GetString(), StringComparison.Ordinal);

        var rows = await fixture.Client.GetJson($"api/audit?actor={username}&action=auth.login-failed");
        var row = Assert.Single(rows.GetProperty("items").EnumerateArray());
        Assert.Equal("127.0.0.1", row.GetProperty("ip").GetString());
        Assert.Equal("KiemThu/1.0", row.GetProperty("userAgent").GetString());
        Assert.Equal("wrong-password", row.GetProperty("details").GetProperty("reason").GetString());
    }

    [Theory]
    [InlineData("{\"username\":\"admin\"}")]
    [InlineData("{\"username\":5,\"password\":\"x\"}")]
    [InlineData("[1,2]")]
    [InlineData("{\"username\":\"admin\",")]
    public async Task Malformed_sign_in_bodies_are_400(string body)
    {
        using var response = await fixture.Anonymous.PostAsync("api/auth/login", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        await response.ReadProblem(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_token_stops_working_at_sign_out_and_when_the_account_is_disabled()
    {
        var (username, client) = await fixture.NewUser("EditorialStaff");
        Assert.Equal(username, (await client.GetJson("api/auth/me")).GetProperty("username").GetString());
        using (var logout = await client.PostAsync("api/auth/logout", null))
        {
            Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        }

        await client.GetJson("api/threads", HttpStatusCode.Unauthorized);

        using var second = await fixture.Host.CreateSignedInClient(username, Infrastructure.Accounts.Password);
        await second.GetJson("api/threads");
        using (var disable = await fixture.Client.PostAsync($"api/users/{username}/disable", null))
        {
            Assert.Equal(HttpStatusCode.NoContent, disable.StatusCode);
        }

        await second.GetJson("api/threads", HttpStatusCode.Unauthorized);
        await Assert.ThrowsAsync<InvalidOperationException>(() => fixture.Host.SignIn(username, Infrastructure.Accounts.Password));
        using var self = await fixture.Client.PostAsync("api/users/admin/disable", null);
        await self.ReadProblem(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task The_sign_in_form_needs_its_antiforgery_token_and_then_opens_the_wall()
    {
        var (username, _) = await fixture.NewUser("Leadership");
        using var browser = Browserlike(fixture.Host.BaseAddress);
        using (var wall = await browser.GetAsync("/"))
        {
            Assert.Equal(HttpStatusCode.Redirect, wall.StatusCode);
            Assert.Equal("/login?returnUrl=%2F", wall.Headers.Location!.PathAndQuery);
        }

        var page = await browser.GetStringAsync("login?returnUrl=%2F");
        Assert.Contains("Tên đăng nhập", page, StringComparison.Ordinal);
        Assert.Contains("Mật khẩu", page, StringComparison.Ordinal);
        var token = FormToken(page);
        Assert.NotEmpty(token);

        // Without the token (a forged cross-site post): refused, nobody signed in.
        using (var forged = await browser.PostAsync("login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["username"] = username, ["password"] = Infrastructure.Accounts.Password, ["returnUrl"] = "/",
        })))
        {
            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
            Assert.Contains("Biểu mẫu đã hết hạn hoặc không hợp lệ", await forged.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var wrong = await browser.PostAsync("login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__csrf"] = token, ["username"] = username, ["password"] = "khong-dung-1234", ["returnUrl"] = "/",
        })))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
            Assert.Contains("Tên đăng nhập, mật khẩu hoặc mã xác thực không đúng", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // An open redirect is not followed: only paths on this site.
        using (var signedIn = await browser.PostAsync("login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__csrf"] = token, ["username"] = username, ["password"] = Infrastructure.Accounts.Password, ["returnUrl"] = "/\t/evil.example/phish",
        })))
        {
            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
            Assert.Equal("/", signedIn.Headers.Location!.OriginalString);
            var cookie = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("lcf.session=", StringComparison.Ordinal));
            Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        }

        using (var wall = await browser.GetAsync("/"))
        {
            Assert.Equal(HttpStatusCode.OK, wall.StatusCode);
            Assert.Contains("TRUNG TÂM GIÁM SÁT FANPAGE", await wall.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // Signing out through the API ends the cookie session too.
        using (var apiLogout = await browser.PostAsync("api/auth/logout", null))
        {
            Assert.Equal(HttpStatusCode.NoContent, apiLogout.StatusCode);
        }

        using var afterLogout = await browser.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, afterLogout.StatusCode);
        var rows = await fixture.Client.GetJson($"api/audit?actor={username}");
        var actions = rows.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("action").GetString()).ToList();
        Assert.Contains("auth.login", actions);
        Assert.Contains("auth.logout", actions);
        Assert.Contains("auth.login-failed", actions);
    }

    [Fact]
    public async Task A_command_in_a_form_body_is_refused_before_it_acts()
    {
        var id = MetaDeliveries.NewCommentId();
        await fixture.Client.DeliverOk(MetaDeliveries.Feed(MetaDeliveries.Comment(id, "Đề nghị kiểm tra")));
        using var response = await fixture.Client.PostAsync($"api/threads/{id}/assign",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["units"] = "SXD", ["complexity"] = "own" }));
        await response.ReadProblem(HttpStatusCode.UnsupportedMediaType);
        Assert.Equal("new", (await fixture.Client.GetJson($"api/threads/{id}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_unit_officer_sees_and_acts_only_on_cases_of_their_unit()
    {
        var (_, officer) = await fixture.NewUser("UnitOfficer", "SKHCN");
        var ours = MetaDeliveries.NewCommentId();
        var theirs = MetaDeliveries.NewCommentId();
        await fixture.Client.DeliverOk(MetaDeliveries.Feed(MetaDeliveries.Comment(ours, "Giá điện tăng bất thường")));
        await fixture.Client.DeliverOk(MetaDeliveries.Feed(MetaDeliveries.Comment(theirs, "Đường hỏng")));
        foreach (var id in new[] { ours, theirs })
        {
            using var classified = await fixture.Client.PostAsync($"api/threads/{id}/classify", Infrastructure.Accounts.Json(new { category = 5, authority = "office" }));
            Assert.True(classified.IsSuccessStatusCode);
        }

        using (var a = await fixture.Client.PostAsync($"api/threads/{ours}/assign", Infrastructure.Accounts.Json(new { units = new[] { "SKHCN" }, complexity = "own" })))
        using (var b = await fixture.Client.PostAsync($"api/threads/{theirs}/assign", Infrastructure.Accounts.Json(new { units = new[] { "SXD" }, complexity = "own" })))
        {
            Assert.True(a.IsSuccessStatusCode && b.IsSuccessStatusCode);
        }

        var listed = (await officer.GetJson("api/threads?pageSize=200")).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()).ToList();
        Assert.Contains(ours, listed);
        Assert.DoesNotContain(theirs, listed);
        await officer.GetJson($"api/threads/{ours}");
        await officer.GetJson($"api/threads/{theirs}", HttpStatusCode.NotFound);
        await officer.GetJson("api/threads?unit=SXD", HttpStatusCode.Forbidden);

        using (var coordinate = await officer.PostAsync($"api/threads/{ours}/coordination", Infrastructure.Accounts.Json(new { fromUnit = "SKHCN", toUnit = "SYT", question = "Đề nghị cung cấp biểu giá" })))
        {
            Assert.Equal(HttpStatusCode.OK, coordinate.StatusCode);
        }

        using (var onBehalf = await officer.PostAsync($"api/threads/{ours}/coordination", Infrastructure.Accounts.Json(new { fromUnit = "SYT", toUnit = "SXD", question = "?" })))
        {
            await onBehalf.ReadProblem(HttpStatusCode.Forbidden);
        }

        using (var elsewhere = await officer.PostAsync($"api/threads/{theirs}/coordination", Infrastructure.Accounts.Json(new { fromUnit = "SKHCN", toUnit = "SYT", question = "?" })))
        {
            await elsewhere.ReadProblem(HttpStatusCode.NotFound);
        }

        // The unit asked for coordination now sees the case too.
        var (_, asked) = await fixture.NewUser("UnitOfficer", "SYT");
        await asked.GetJson($"api/threads/{ours}");
        await asked.GetJson($"api/threads/{theirs}", HttpStatusCode.NotFound);
    }

    [GeneratedRegex("name=\"__csrf\" value=\"([^\"]+)\"")]
    private static partial Regex CsrfField();
}
