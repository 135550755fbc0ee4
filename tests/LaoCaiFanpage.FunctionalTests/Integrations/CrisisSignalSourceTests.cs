using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using LaoCaiFanpage.Contracts.Security;
using LaoCaiFanpage.FunctionalTests.Infrastructure;
using LaoCaiFanpage.Tests.Shared;
using Microsoft.AspNetCore.SignalR.Client;
using Xunit.Abstractions;
using static LaoCaiFanpage.FunctionalTests.Infrastructure.Editorial;

namespace LaoCaiFanpage.FunctionalTests.Integrations;

/// <summary>
/// The Department's monitoring systems push crisis signals, signed, with nobody in between (R8.4d): over HTTP
/// against the real host, with the signature computed here from the documented contract (not by the product's code).
/// </summary>
[Collection(HostCollection.Name)]
public sealed class CrisisSignalSourceTests(HostFixture fixture, ITestOutputHelper output)
{
    /// <summary>A source as its operators hold it after registration.</summary>
    private sealed record Source(long Id, string Name, string Secret);

    private async Task<Source> Register(string name, int? severityCap = null)
    {
        var registered = await Post(fixture.Client, "api/crises/sources", new { name, severityCap }, HttpStatusCode.Created);
        return new Source(registered.GetProperty("id").GetInt64(), name, registered.GetProperty("secret").GetString()!);
    }

    private static string Unique(string text) => text + " " + Guid.NewGuid().ToString("N")[..6];

    private static string Body(string id, string title, int severity = 3, object? extra = null)
    {
        var body = new Dictionary<string, object?>
        {
            ["id"] = id,
            ["title"] = title,
            ["severity"] = severity,
            ["detectedAt"] = DateTimeOffset.UtcNow.AddMinutes(-2).ToOffset(TimeSpan.FromHours(7)).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture),
        };
        if (extra is not null)
        {
            foreach (var property in JsonSerializer.SerializeToElement(extra).EnumerateObject())
            {
                body[property.Name] = property.Value;
            }
        }

        return JsonSerializer.Serialize(body);
    }

    /// <summary>HMAC-SHA256 keyed by the secret over "{timestamp}.{body}", as the README tells integrators.</summary>
    private static string Sign(string secret, string timestamp, byte[] body) =>
        HmacSignature.Compute(secret, Encoding.ASCII.GetBytes(timestamp + ".").Concat(body).ToArray());

    private sealed record Sent(HttpRequestMessage Request, byte[] Body, string Timestamp, string Signature);

    private static Sent Signed(long sourceId, string secret, string body, long? timestamp = null, string? signature = null, string? signedTimestamp = null)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var ts = (timestamp ?? DateTimeOffset.UtcNow.ToUnixTimeSeconds()).ToString(CultureInfo.InvariantCulture);
        signature ??= Sign(secret, signedTimestamp ?? ts, bytes);
        return new Sent(Request(sourceId, bytes, ts, signature), bytes, ts, signature);
    }

    private static HttpRequestMessage Request(long sourceId, byte[] body, string? timestamp, string? signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"api/crises/sources/{sourceId}/signals") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (timestamp is not null)
        {
            request.Headers.Add("X-Timestamp", timestamp);
        }

        if (signature is not null)
        {
            request.Headers.Add("X-Signature-256", signature);
        }

        return request;
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> Send(HttpRequestMessage request)
    {
        using (request)
        using (var response = await fixture.Anonymous.SendAsync(request))
        {
            var text = await response.Content.ReadAsStringAsync();
            return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
        }
    }

    private async Task<IReadOnlyList<JsonElement>> Crises(string title) =>
        [.. (await fixture.Client.GetJson("api/crises")).GetProperty("items").EnumerateArray().Where(c => c.GetProperty("title").GetString()!.Contains(title, StringComparison.Ordinal))];

    [Fact]
    public async Task A_sources_signed_signal_opens_a_crisis_on_the_wall_names_the_source_and_the_same_id_again_changes_nothing()
    {
        var alerts = new ConcurrentQueue<JsonElement>();
        await using var wall = new HubConnectionBuilder()
            .WithUrl(new Uri(fixture.Host.BaseAddress, "hubs/dashboard"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(fixture.AdminToken))
            .Build();
        wall.On<JsonElement>("alert", alerts.Enqueue);
        await wall.StartAsync();
        var (_, officer) = await fixture.NewUser("CrisisOfficer");

        var source = await Register(Unique("Hệ thống giám sát MXH — Sở TT&TT"), severityCap: 3);
        var title = Unique("Tin giả về sạt lở đường lên Y Tý lan nhanh");
        var body = Body("mxh-2026-0042-" + Guid.NewGuid().ToString("N")[..6], title, severity: 4, new
        {
            description = "Bài viết được chia sẻ 1.200 lần trong 30 phút",
            url = "https://mxh.example/bai/98765",
            postIds = new[] { "100000000000001_777001" },
        });
        var sent = Stopwatch.GetTimestamp();
        var (status, receipt) = await Send(Signed(source.Id, source.Secret, body).Request);
        Assert.Equal(HttpStatusCode.Created, status);
        var crisisId = receipt.GetProperty("crisisId").GetString()!;
        // The source may raise at most level 3: its 4 is taken as 3.
        Assert.Equal(3, receipt.GetProperty("severityApplied").GetInt32());

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (DateTime.UtcNow < deadline && !alerts.Any(a => a.GetProperty("subject").GetString() == crisisId && a.GetProperty("active").GetBoolean()))
        {
            await Task.Delay(20);
        }

        var alert = Assert.Single(alerts, a => a.GetProperty("subject").GetString() == crisisId && a.GetProperty("active").GetBoolean());
        output.WriteLine($"on the wall after {Stopwatch.GetElapsedTime(sent).TotalMilliseconds:0} ms: {alert.GetProperty("message").GetString()}");
        Assert.Contains(title, alert.GetProperty("message").GetString(), StringComparison.Ordinal);

        var crisis = await officer.GetJson("api/crises/" + crisisId);
        Assert.Equal(("feed", 3), (crisis.GetProperty("source").GetString(), crisis.GetProperty("severity").GetInt32()));
        Assert.Equal($"hệ thống giám sát «{source.Name}»", crisis.GetProperty("sourceLabel").GetString());
        var opened = crisis.GetProperty("timeline")[0];
        Assert.Equal("source:" + source.Name, opened.GetProperty("actor").GetString());
        Assert.Contains($"nguồn hệ thống giám sát «{source.Name}»", opened.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var evidence = crisis.GetProperty("evidence").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Contains(evidence, e => e.Contains("phát hiện lúc", StringComparison.Ordinal) && e.Contains("mức 4 theo nguồn, nhận ở mức 3", StringComparison.Ordinal));
        Assert.Contains("Nguồn: https://mxh.example/bai/98765", evidence);

        // The crisis officers are told, as for a signal one of them raised.
        var told = false;
        for (var i = 0; i < 100 && !told; i++)
        {
            told = (await officer.GetJson("api/me/notifications")).GetProperty("items").EnumerateArray()
                .Any(n => n.GetProperty("kind").GetString() == "crisis-raised" && n.GetProperty("title").GetString()!.Contains(title, StringComparison.Ordinal));
            await Task.Delay(told ? 0 : 100);
        }

        Assert.True(told, "the crisis officer was not told of the feed's crisis");

        // The sender retries (a new timestamp, the same id): nothing changes, and it learns where the first one went.
        await Task.Delay(1100);
        var (again, problem) = await Send(Signed(source.Id, source.Secret, body).Request);
        Assert.Equal(HttpStatusCode.Conflict, again);
        Assert.Equal(("duplicate-signal", crisisId), (problem.GetProperty("code").GetString(), problem.GetProperty("crisisId").GetString()));
        var after = await officer.GetJson("api/crises/" + crisisId);
        Assert.Equal(crisis.GetProperty("timeline").GetArrayLength(), after.GetProperty("timeline").GetArrayLength());
        Assert.Equal(crisis.GetProperty("evidence").GetArrayLength(), after.GetProperty("evidence").GetArrayLength());

        // The processing log names the source; the administrators' list counts its signal.
        var audit = await fixture.Client.GetJson($"api/audit?target={Uri.EscapeDataString("signal-source/" + source.Id)}&action=signal-source.signal&pageSize=10");
        var row = Assert.Single(audit.GetProperty("items").EnumerateArray());
        Assert.Equal("source:" + source.Name, row.GetProperty("actor").GetString());
        var listed = (await fixture.Client.GetJson("api/crises/sources")).EnumerateArray().Single(s => s.GetProperty("id").GetInt64() == source.Id);
        Assert.Equal((1, 3), (listed.GetProperty("signals").GetInt32(), listed.GetProperty("severityCap").GetInt32()));
        Assert.Equal(JsonValueKind.String, listed.GetProperty("lastSignalAt").ValueKind);
        Assert.False(listed.TryGetProperty("secret", out _));
    }

    [Fact]
    public async Task A_second_source_on_the_same_posts_joins_the_open_crisis_and_says_so_on_its_timeline()
    {
        var first = await Register(Unique("Báo điện tử tỉnh — giám sát"));
        var second = await Register(Unique("Dịch vụ lắng nghe MXH"));
        var post = "100000000000001_" + Random.Shared.Next(100000, 999999).ToString(CultureInfo.InvariantCulture);
        var (s1, r1) = await Send(Signed(first.Id, first.Secret, Body(Guid.NewGuid().ToString("N"), Unique("Clip cắt ghép về cán bộ xã"), 2, new { postIds = new[] { post } })).Request);
        var (s2, r2) = await Send(Signed(second.Id, second.Secret, Body(Guid.NewGuid().ToString("N"), Unique("Video lan truyền về cán bộ xã"), 3, new { postIds = new[] { post } })).Request);
        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (s1, s2));
        Assert.Equal(r1.GetProperty("crisisId").GetString(), r2.GetProperty("crisisId").GetString());
        Assert.Equal(3, r2.GetProperty("crisisSeverity").GetInt32());
        var crisis = await fixture.Client.GetJson("api/crises/" + r1.GetProperty("crisisId").GetString());
        Assert.Contains(crisis.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("actor").GetString() == "source:" + second.Name
            && e.GetProperty("detail").GetString()!.StartsWith($"Tín hiệu mới (hệ thống giám sát «{second.Name}»)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Unsigned_wrongly_signed_stale_replayed_unknown_and_disabled_signals_are_refused_and_leave_nothing()
    {
        var source = await Register(Unique("Hệ thống cảnh báo sớm"));
        var other = await Register(Unique("Một nguồn khác"));
        var title = Unique("Tín hiệu không được nhận");
        var id = "refused-" + Guid.NewGuid().ToString("N")[..8];
        var body = Body(id, title);
        var bytes = Encoding.UTF8.GetBytes(body);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var stamp = now.ToString(CultureInfo.InvariantCulture);

        var refusals = new (string Case, HttpRequestMessage Request)[]
        {
            ("no signature", Request(source.Id, bytes, stamp, null)),
            ("no timestamp", Request(source.Id, bytes, null, Sign(source.Secret, stamp, bytes))),
            ("another source's secret", Signed(source.Id, other.Secret, body).Request),
            ("the body alone signed", Request(source.Id, bytes, stamp, HmacSignature.Compute(source.Secret, bytes))),
            ("a signature that is not hex", Request(source.Id, bytes, stamp, "sha256=" + new string('z', 64))),
            ("six minutes old", Signed(source.Id, source.Secret, body, now - 360).Request),
            ("six minutes ahead", Signed(source.Id, source.Secret, body, now + 360).Request),
            ("signed at one time, sent as another", Signed(source.Id, source.Secret, body, now, signedTimestamp: (now - 30).ToString(CultureInfo.InvariantCulture)).Request),
            ("a timestamp in milliseconds", Signed(source.Id, source.Secret, body, now * 1000).Request),
            ("a body changed after signing", Request(source.Id, Encoding.UTF8.GetBytes(body.Replace("\"severity\":3", "\"severity\":4", StringComparison.Ordinal)), stamp, Sign(source.Secret, stamp, bytes))),
            ("an unknown source", Signed(987654321, source.Secret, body).Request),
            ("another source's id with this secret", Signed(other.Id, source.Secret, body).Request),
        };
        foreach (var (what, request) in refusals)
        {
            var (status, problem) = await Send(request);
            Assert.True(status == HttpStatusCode.Unauthorized, $"{what}: {(int)status} {problem}");
        }

        Assert.Empty(await Crises(title));

        // None of those used the id up: the properly signed signal is taken.
        var valid = Signed(source.Id, source.Secret, body);
        var replay = Request(source.Id, valid.Body, valid.Timestamp, valid.Signature);
        var (accepted, receipt) = await Send(valid.Request);
        Assert.Equal(HttpStatusCode.Created, accepted);
        var crisisId = receipt.GetProperty("crisisId").GetString()!;
        var timeline = (await fixture.Client.GetJson("api/crises/" + crisisId)).GetProperty("timeline").GetArrayLength();

        // The same request captured and sent again, byte for byte: refused, and the crisis is untouched.
        var (replayed, replayProblem) = await Send(replay);
        Assert.Equal(HttpStatusCode.Conflict, replayed);
        Assert.Equal("duplicate-signal", replayProblem.GetProperty("code").GetString());
        Assert.Equal(timeline, (await fixture.Client.GetJson("api/crises/" + crisisId)).GetProperty("timeline").GetArrayLength());

        // A disabled source is refused, whatever it signs.
        using (var disabled = await fixture.Client.PostAsync($"api/crises/sources/{source.Id}/disable", null))
        {
            Assert.Equal(HttpStatusCode.NoContent, disabled.StatusCode);
        }

        var afterTitle = Unique("Sau khi ngừng nguồn");
        var (refused, _) = await Send(Signed(source.Id, source.Secret, Body("after-" + Guid.NewGuid().ToString("N")[..8], afterTitle)).Request);
        Assert.Equal(HttpStatusCode.Unauthorized, refused);
        Assert.Empty(await Crises(afterTitle));
        Assert.Single(await Crises(title));
        var listed = (await fixture.Client.GetJson("api/crises/sources")).EnumerateArray().Single(s => s.GetProperty("id").GetInt64() == source.Id);
        Assert.Equal(1, listed.GetProperty("signals").GetInt32());
        Assert.Equal("admin", listed.GetProperty("disabledBy").GetString());
        using var rotateDisabled = await fixture.Client.PostAsync($"api/crises/sources/{source.Id}/secret", null);
        Assert.Equal(HttpStatusCode.NotFound, rotateDisabled.StatusCode);
    }

    [Fact]
    public async Task A_rotated_secret_and_the_one_it_replaces_both_work_during_the_overlap_and_only_the_new_one_after()
    {
        var source = await Register(Unique("Hệ thống giám sát báo chí"));
        var rotated = await Post(fixture.Client, $"api/crises/sources/{source.Id}/secret", new { overlapHours = 2 });
        var secret = rotated.GetProperty("secret").GetString()!;
        Assert.NotEqual(source.Secret, secret);
        var until = rotated.GetProperty("previousSecretValidUntil").GetDateTimeOffset();
        Assert.InRange(until - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(119), TimeSpan.FromMinutes(121));

        foreach (var key in new[] { source.Secret, secret })
        {
            var (status, body) = await Send(Signed(source.Id, key, Body(Guid.NewGuid().ToString("N"), Unique("Trong thời gian chuyển khoá"))).Request);
            Assert.True(status == HttpStatusCode.Created, $"{(int)status} {body}");
        }

        // A rotation without overlap: the replaced secret stops at once (a leaked secret is cut off this way).
        var third = (await Post(fixture.Client, $"api/crises/sources/{source.Id}/secret", new { overlapHours = 0 })).GetProperty("secret").GetString()!;
        var (old, _) = await Send(Signed(source.Id, secret, Body(Guid.NewGuid().ToString("N"), Unique("Khoá cũ"))).Request);
        var (oldest, _) = await Send(Signed(source.Id, source.Secret, Body(Guid.NewGuid().ToString("N"), Unique("Khoá cũ hơn"))).Request);
        var (current, _) = await Send(Signed(source.Id, third, Body(Guid.NewGuid().ToString("N"), Unique("Khoá mới"))).Request);
        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Created), (old, oldest, current));
        var audit = await fixture.Client.GetJson($"api/audit?target={Uri.EscapeDataString("signal-source/" + source.Id)}&action=signal-source.rotated&pageSize=10");
        Assert.Equal(2, audit.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Malformed_signals_from_a_valid_source_are_refused_with_the_json_path_and_nothing_is_stored()
    {
        var source = await Register(Unique("Nguồn gửi dữ liệu hỏng"));
        var marker = Unique("Hỏng");
        var at = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var cases = new (string Body, string Path)[]
        {
            ("{\"id\":", "$"),
            ("[1,2,3]", "$"),
            ("\"a text\"", "$"),
            ($"{{\"title\":\"{marker}\",\"severity\":2,\"detectedAt\":\"{at}\"}}", "$.id"),
            ($"{{\"id\":\"có dấu cách\",\"title\":\"{marker}\",\"severity\":2,\"detectedAt\":\"{at}\"}}", "$.id"),
            ($"{{\"id\":\"{new string('x', 101)}\",\"title\":\"{marker}\",\"severity\":2,\"detectedAt\":\"{at}\"}}", "$.id"),
            ($"{{\"id\":42,\"title\":\"{marker}\",\"severity\":2,\"detectedAt\":\"{at}\"}}", "$.id"),
            ($"{{\"id\":\"a1\",\"title\":\"   \",\"severity\":2,\"detectedAt\":\"{at}\"}}", "$.title"),
            ($"{{\"id\":\"a1\",\"title\":\"{new string('T', 301)}\",\"severity\":2,\"detectedAt\":\"{at}\"}}", "$.title"),
            ($"{{\"id\":\"a1\",\"title\":\"\\uD800{marker}\",\"severity\":2,\"detectedAt\":\"{at}\"}}", "$.title"),
            ($"{{\"id\":\"a1\",\"title\":\"{marker}\\u0007\",\"severity\":2,\"detectedAt\":\"{at}\"}}", "$.title"),
            ($"{{\"id\":\"a1\",\"title\":\"{marker}\",\"description\":{{\"x\":1}},\"severity\":2,\"detectedAt\":\"{at}\"}}", "$.description"),
            ($"{{\"id\":\"a1\",\"title\":\"{marker}\",\"severity\":5,\"detectedAt\":\"{at}\"}}", "$.severity"),
            ($"{{\"id\":\"a1\",\"title\":\"{marker}\",\"severity\":\"3\",\"detectedAt\":\"{at}\"}}", "$.severity"),
            ($"{{\"id\":\"a1\",\"title\":\"{marker}\",\"severity\":2.5,\"detectedAt\":\"{at}\"}}", "$.severity"),
            ($"{{\"id\":\"a1\",\"title\":\"{marker}\",\"detectedAt\":\"{at}\"}}", "$.severity"),
            ($"{{\"id\":\"a1\",\"title\":\"{marker}\",\"severity\":2,\"url\":\"javascript:alert(1)\",\"detectedAt\":\"{at}\"}}", "$.url"),
            ($"{{\"id\":\"a1\",\"title\":\"{marker}\",\"severity\":2,\"postIds\":[\"100_1\",\"<script>\"],\"detectedAt\":\"{at}\"}}", "$.postIds[1]"),
            ($"{{\"id\":\"a1\",\"title\":\"{marker}\",\"severity\":2,\"postIds\":\"100_1\",\"detectedAt\":\"{at}\"}}", "$.postIds"),
            ($"{{\"id\":\"a1\",\"title\":\"{marker}\",\"severity\":2,\"keywords\":[{string.Join(',', Enumerable.Range(0, 21).Select(i => $"\"k{i}\""))}],\"detectedAt\":\"{at}\"}}", "$.keywords"),
            ($"{{\"id\":\"a1\",\"title\":\"{marker}\",\"severity\":2,\"keywords\":[\"ok\",\"\"],\"detectedAt\":\"{at}\"}}", "$.keywords[1]"),
            ($"{{\"id\":\"a1\",\"title\":\"{marker}\",\"severity\":2}}", "$.detectedAt"),
            ($"{{\"id\":\"a1\",\"title\":\"{marker}\",\"severity\":2,\"detectedAt\":\"2026-12-07T09:30:00\"}}", "$.detectedAt"),
            ($"{{\"id\":\"a1\",\"title\":\"{marker}\",\"severity\":2,\"detectedAt\":\"07/12/2026 09:30\"}}", "$.detectedAt"),
            ($"{{\"id\":\"a1\",\"title\":\"{marker}\",\"severity\":2,\"detectedAt\":\"{DateTimeOffset.UtcNow.AddHours(2):yyyy-MM-ddTHH:mm:ssZ}\"}}", "$.detectedAt"),
            ($"{{\"id\":\"a1\",\"title\":\"{marker}\",\"severity\":2,\"detectedAt\":\"{at}\",\"extra\":{new string('[', 40)}{new string(']', 40)}}}", "$"),
        };
        foreach (var (body, path) in cases)
        {
            var (status, problem) = await Send(Signed(source.Id, source.Secret, body).Request);
            Assert.True(status == HttpStatusCode.BadRequest, $"{body[..Math.Min(body.Length, 80)]}: {(int)status} {problem}");
            Assert.True(problem.GetProperty("path").GetString()!.StartsWith(path, StringComparison.Ordinal), $"{body[..Math.Min(body.Length, 80)]}: path {problem.GetProperty("path")} (expected {path})");
        }

        var (tooLarge, _) = await Send(Signed(source.Id, source.Secret, Body("big", marker, extra: new { description = new string('x', 70_000) })).Request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge);
        Assert.Empty(await Crises(marker));
        var listed = (await fixture.Client.GetJson("api/crises/sources")).EnumerateArray().Single(s => s.GetProperty("id").GetInt64() == source.Id);
        Assert.Equal(0, listed.GetProperty("signals").GetInt32());

        // Unknown fields are the sender's own: ignored, and a well-formed signal with them is taken.
        var (fine, _) = await Send(Signed(source.Id, source.Secret, Body("a1", marker, extra: new { confidence = 0.93, vendor = new { name = "x" } })).Request);
        Assert.Equal(HttpStatusCode.Created, fine);
    }

    [Fact]
    public async Task Registering_refuses_a_taken_name_and_a_cap_outside_the_levels()
    {
        var name = Unique("Nguồn trùng tên");
        await Register(name);
        using var taken = await fixture.Client.PostAsync("api/crises/sources", Infrastructure.Accounts.Json(new { name }));
        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        foreach (var body in new object[] { new { name = "" }, new { name = new string('n', 101) }, new { name = "a\u0000b" }, new { name = "Nguồn", severityCap = 0 }, new { name = "Nguồn", severityCap = 5 }, new { name = "Nguồn", severityCap = "2" } })
        {
            using var response = await fixture.Client.PostAsync("api/crises/sources", Infrastructure.Accounts.Json(body));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }

        foreach (var overlap in new object[] { -1, 169, "24" })
        {
            using var response = await fixture.Client.PostAsync("api/crises/sources/1/secret", Infrastructure.Accounts.Json(new { overlapHours = overlap }));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }
    }

    [Fact]
    public async Task The_sample_sender_in_deploy_signs_and_sends_a_signal_the_service_takes_once()
    {
        var source = await Register(Unique("Máy gửi mẫu"));
        var directory = Directory.CreateTempSubdirectory("lcf-sender-");
        try
        {
            var secretFile = Path.Combine(directory.FullName, "secret");
            var bodyFile = Path.Combine(directory.FullName, "signal.json");
            await File.WriteAllTextAsync(secretFile, source.Secret + "\n");
            var title = Unique("Thông tin sai về học phí vùng cao");
            await File.WriteAllTextAsync(bodyFile, Body("sample-" + Guid.NewGuid().ToString("N")[..8], title, 2, new { keywords = new[] { "học phí " + Guid.NewGuid().ToString("N")[..4] } }), new UTF8Encoding(false));

            async Task<(int Exit, string Output)> Run()
            {
                var start = new ProcessStartInfo("bash", [Path.Combine(RepositoryPaths.Root, "deploy", "send-crisis-signal.sh"), fixture.Host.BaseAddress.ToString(), source.Id.ToString(CultureInfo.InvariantCulture), secretFile, bodyFile])
                {
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                };
                using var process = Process.Start(start)!;
                var text = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
                await process.WaitForExitAsync();
                return (process.ExitCode, text);
            }

            var first = await Run();
            output.WriteLine(first.Output);
            Assert.True(first.Exit == 0 && first.Output.Contains("HTTP 201", StringComparison.Ordinal), first.Output);
            var crisis = Assert.Single(await Crises(title));
            Assert.Equal("feed", crisis.GetProperty("source").GetString());

            var second = await Run();
            Assert.True(second.Exit == 0 && second.Output.Contains("HTTP 409", StringComparison.Ordinal), second.Output);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
