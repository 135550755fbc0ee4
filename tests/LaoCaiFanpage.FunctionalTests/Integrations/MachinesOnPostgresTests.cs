using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using LaoCaiFanpage.Contracts.Security;
using LaoCaiFanpage.FunctionalTests.Infrastructure;
using LaoCaiFanpage.Tests.Shared;
using static LaoCaiFanpage.FunctionalTests.Infrastructure.Editorial;

namespace LaoCaiFanpage.FunctionalTests.Integrations;

/// <summary>Signal sources and service tokens on the production profile: the same contract on PostgreSQL as on the embedded file.</summary>
public sealed class MachinesOnPostgresTests
{
    [Fact]
    public async Task A_source_signals_once_and_a_token_reads_and_is_revoked_on_PostgreSQL()
    {
        await using var silo = new SiloProcess(settings: new Dictionary<string, string?>
        {
            ["Storage__Profile"] = "Postgres",
            ["ConnectionStrings__Postgres"] = await TestPostgres.CreateDatabase("machines"),
            ["Orleans__ClusterId"] = "lcf-machines-" + Guid.NewGuid().ToString("N")[..8],
            ["Orleans__AdvertisedAddress"] = "127.0.0.1",
        });
        await silo.Start();
        using var admin = await silo.CreateSignedInClient();

        var source = await Post(admin, "api/crises/sources", new { name = "Hệ thống giám sát MXH", severityCap = 2 }, HttpStatusCode.Created);
        var body = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new
        {
            id = "pg-1", title = "Tin đồn về giá điện tháng 12", severity = 4, keywords = new[] { "giá điện" },
            detectedAt = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        }));
        async Task<HttpStatusCode> Send(string secret)
        {
            var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            using var request = new HttpRequestMessage(HttpMethod.Post, $"api/crises/sources/{source.GetProperty("id").GetInt64()}/signals") { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            request.Headers.Add("X-Timestamp", timestamp);
            request.Headers.Add("X-Signature-256", HmacSignature.Compute(secret, Encoding.ASCII.GetBytes(timestamp + ".").Concat(body).ToArray()));
            using var anonymous = silo.CreateClient();
            using var response = await anonymous.SendAsync(request);
            return response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.Created, await Send(source.GetProperty("secret").GetString()!));
        Assert.Equal(HttpStatusCode.Conflict, await Send(source.GetProperty("secret").GetString()!));
        var rotated = await Post(admin, $"api/crises/sources/{source.GetProperty("id").GetInt64()}/secret", new { overlapHours = 0 });
        Assert.Equal(HttpStatusCode.Unauthorized, await Send(source.GetProperty("secret").GetString()!));
        Assert.Equal(HttpStatusCode.Conflict, await Send(rotated.GetProperty("secret").GetString()!));
        var crisis = Assert.Single((await admin.GetJson("api/crises")).GetProperty("items").EnumerateArray());
        Assert.Equal(("feed", 2, "Hệ thống giám sát MXH"), (crisis.GetProperty("source").GetString(), crisis.GetProperty("severity").GetInt32(), crisis.GetProperty("feedName").GetString()));
        var listed = Assert.Single((await admin.GetJson("api/crises/sources")).EnumerateArray());
        Assert.Equal((1, 2), (listed.GetProperty("signals").GetInt32(), listed.GetProperty("severityCap").GetInt32()));

        var issued = await Post(admin, "api/tokens", new { name = "Công cụ báo cáo", roles = new[] { "ReportReader" }, expiresInDays = 30 }, HttpStatusCode.Created);
        using var tool = silo.CreateClient();
        tool.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", issued.GetProperty("token").GetString());
        using (var reports = await tool.GetAsync("api/reports/daily"))
        {
            Assert.Equal(HttpStatusCode.OK, reports.StatusCode);
        }

        Assert.Equal(JsonValueKind.String, Assert.Single((await admin.GetJson("api/tokens")).EnumerateArray()).GetProperty("lastUsedAt").ValueKind);
        using (var revoked = await admin.PostAsync($"api/tokens/{issued.GetProperty("id").GetInt64()}/revoke", null))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        }

        using var after = await tool.GetAsync("api/reports/daily");
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }
}
