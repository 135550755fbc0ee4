using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using LaoCaiFanpage.FunctionalTests.Infrastructure;
using LaoCaiFanpage.Simulator;
using LaoCaiFanpage.Tests.Shared;
using Microsoft.AspNetCore.SignalR.Client;
using Xunit.Abstractions;
using static LaoCaiFanpage.FunctionalTests.Infrastructure.Editorial;

namespace LaoCaiFanpage.FunctionalTests;

/// <summary>A host watching for impostor pages through a fake Graph API: page search on, the official avatar configured, pictures from the fake CDN.</summary>
public sealed class ImpostorFixture : IAsyncLifetime
{
    public const string ImpostorPageId = "61551234500001";
    public const string UnrelatedPageId = "61551234500002";

    private readonly string _avatar = Path.Combine(Path.GetTempPath(), "lcf-official-avatar-" + Guid.NewGuid().ToString("N") + ".png");

    public FakeGraphServer Graph { get; } = new();

    public HostFixture Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Graph.Start();
        Graph.Pictures["official-copy.png"] = TestPictures.OfficialCopy();
        Graph.Pictures["hills.png"] = TestPictures.Other("a");
        Graph.Pages[ImpostorPageId] = new FakePage(ImpostorPageId, "UBND Tinh Lao Cai - Ho tro nguoi dan", "https://www.facebook.com/ubnd.tinh.laocai.hotro",
            PictureUrl: new Uri(Graph.BaseAddress, "pictures/official-copy.png").ToString(), Followers: 230);
        Graph.Pages[UnrelatedPageId] = new FakePage(UnrelatedPageId, "Quán phở Lào Cai", "https://www.facebook.com/pholaocai");
        await File.WriteAllBytesAsync(_avatar, TestPictures.Official());
        Host = new HostFixture(new Dictionary<string, string?>
        {
            ["Facebook__GraphBaseUrl"] = Graph.BaseAddress.ToString(),
            ["Facebook__PageAccessToken"] = FakeGraphServer.Token,
            ["Impostors__OfficialAvatarFile"] = _avatar,
            ["Impostors__OfficialFollowers"] = "95000",
            ["Impostors__PictureHosts__0"] = "127.0.0.1",
            ["Impostors__Search__Enabled"] = "true",
            ["Impostors__Search__IntervalMinutes"] = "10080",
            ["Impostors__Search__Queries__0"] = "Lao Cai",
        });
        await Host.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Graph.DisposeAsync();
        File.Delete(_avatar);
    }
}

/// <summary>Impostor pages on the real host: candidates scored with reasons, the lifecycle, CSV import, the page search and re-check, hostile input.</summary>
public sealed class ImpostorApiTests(ImpostorFixture fixture, ITestOutputHelper output) : IClassFixture<ImpostorFixture>
{
    private HostFixture Host => fixture.Host;

    private static string NewPageId() => "6157" + Random.Shared.NextInt64(1_000_000_000, 9_999_999_999);

    private async Task<int> Count() => (await Host.Client.GetJson("api/impostors")).GetProperty("items").GetArrayLength();

    [Fact]
    public async Task A_reported_impostor_is_scored_with_reasons_flagged_on_the_wall_and_taken_to_removed()
    {
        var alerts = new ConcurrentQueue<JsonElement>();
        await using var wall = new HubConnectionBuilder()
            .WithUrl(new Uri(Host.Host.BaseAddress, "hubs/dashboard"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(Host.AdminToken))
            .Build();
        wall.On<JsonElement>("alert", a => alerts.Enqueue(a));
        await wall.StartAsync();

        var (_, staff) = await Host.NewUser("EditorialStaff");
        var (officerName, officer) = await Host.NewUser("CrisisOfficer");
        var pageId = NewPageId();
        var sent = Stopwatch.GetTimestamp();
        var created = await Post(staff, "api/impostors/candidates", new
        {
            url = "https://www.facebook.com/profile.php?id=" + pageId,
            name = "UBND tỉnh Lào Caі", // Cyrillic і
            about = "Trang chính thức tiếp nhận phản ánh của người dân",
            followers = 312,
            picture = "data:image/jpeg;base64," + Convert.ToBase64String(TestPictures.OfficialCopy()),
        }, HttpStatusCode.Created);
        var id = created.GetProperty("id").GetString()!;
        Assert.Equal("suspected", created.GetProperty("status").GetString());
        var codes = created.GetProperty("reasons").EnumerateArray().Select(r => r.GetProperty("code").GetString()).ToList();
        output.WriteLine($"score {created.GetProperty("score").GetInt32()}: {string.Join(", ", codes)}");
        Assert.Superset(new HashSet<string?> { "name", "look-alike-letters", "picture", "official-claim", "small-audience" }, codes.ToHashSet());
        Assert.True(created.GetProperty("score").GetInt32() >= 90);

        // On every wall screen within a second or two.
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!alerts.Any(a => a.GetProperty("subject").GetString() == id) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        var alert = Assert.Single(alerts, a => a.GetProperty("subject").GetString() == id);
        output.WriteLine($"on the wall after {Stopwatch.GetElapsedTime(sent).TotalMilliseconds:0} ms: {alert}");
        Assert.Equal(("impostor", true), (alert.GetProperty("kind").GetString(), alert.GetProperty("active").GetBoolean()));

        // The Editorial Board reports pages; only the Department (or the Chief of Office) decides on them.
        using (var refused = await staff.PostAsync($"api/impostors/{id}/confirm", Infrastructure.Accounts.Json(new { })))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        await Post(officer, $"api/impostors/{id}/confirm", new { note = "Đã đối chiếu với Trang chính thức" });
        using (var noReference = await officer.PostAsync($"api/impostors/{id}/report", Infrastructure.Accounts.Json(new { })))
        {
            Assert.Equal("reference-required", (await noReference.ReadProblem(HttpStatusCode.BadRequest)).GetProperty("code").GetString());
        }

        var reported = await Post(officer, $"api/impostors/{id}/report", new { reference = "FB-IP-7781234" });
        Assert.Equal(("reported", "FB-IP-7781234"), (reported.GetProperty("status").GetString(), reported.GetProperty("reportReference").GetString()));
        using (var wrong = await officer.PostAsync($"api/impostors/{id}/confirm", Infrastructure.Accounts.Json(new { })))
        {
            Assert.Equal("invalid-transition", (await wrong.ReadProblem(HttpStatusCode.Conflict)).GetProperty("code").GetString());
        }

        var removed = await Post(officer, $"api/impostors/{id}/remove", new { });
        Assert.Equal("removed", removed.GetProperty("status").GetString());
        deadline = DateTime.UtcNow.AddSeconds(5);
        while (!alerts.Any(a => a.GetProperty("subject").GetString() == id && !a.GetProperty("active").GetBoolean()) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.Contains(alerts, a => a.GetProperty("subject").GetString() == id && !a.GetProperty("active").GetBoolean());

        var audit = (await Host.Client.GetJson($"api/audit?target=impostor/{id}")).GetProperty("items").EnumerateArray()
            .Select(e => (e.GetProperty("action").GetString(), e.GetProperty("actor").GetString())).ToList();
        Assert.Contains(("impostor.confirm", officerName), audit);
        Assert.Contains(("impostor.report", officerName), audit);
        Assert.Contains(("impostor.remove", officerName), audit);
        Assert.Contains(audit, a => a.Item1 == "impostor.observed");

        var one = await Host.Client.GetJson("api/impostors/" + id);
        Assert.Equal(["impostor.observed", "impostor.confirm", "impostor.report", "impostor.remove"], one.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("action").GetString()));
        Assert.EndsWith("+07:00", one.GetProperty("firstSeenAt").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_official_page_and_legitimate_pages_are_not_flagged()
    {
        var (_, officer) = await Host.NewUser("CrisisOfficer");
        var official = await Post(officer, "api/impostors/candidates", new { url = "https://www.facebook.com/UBNDTLC", name = "UBND tỉnh Lào Cai" }, HttpStatusCode.Created);
        Assert.Equal(("official", 0), (official.GetProperty("status").GetString(), official.GetProperty("score").GetInt32()));
        var again = await Post(officer, "api/impostors/candidates", new { url = "https://m.facebook.com/ubndtlc/", name = "UBND tỉnh Lào Cai" });
        Assert.Equal(official.GetProperty("id").GetString(), again.GetProperty("id").GetString());

        var police = await Post(officer, "api/impostors/candidates", new
        {
            url = "https://www.facebook.com/congantinhlaocai", name = "Công an tỉnh Lào Cai", verificationStatus = "blue_verified", followers = 250000,
            picture = Convert.ToBase64String(TestPictures.Other("b")),
        }, HttpStatusCode.Created);
        Assert.Equal("low-risk", police.GetProperty("status").GetString());
        Assert.DoesNotContain(police.GetProperty("reasons").EnumerateArray(), r => r.GetProperty("code").GetString() == "picture");
    }

    [Fact]
    public async Task A_picture_given_by_address_is_downloaded_from_the_allowed_host_and_compared()
    {
        var (_, officer) = await Host.NewUser("CrisisOfficer");
        var copy = await Post(officer, "api/impostors/candidates", new
        {
            url = "https://www.facebook.com/profile.php?id=" + NewPageId(), name = "Hỗ trợ thủ tục Lào Cai",
            picture = new Uri(fixture.Graph.BaseAddress, "pictures/official-copy.png").ToString(),
        }, HttpStatusCode.Created);
        Assert.Contains(copy.GetProperty("reasons").EnumerateArray(), r => r.GetProperty("code").GetString() == "picture");
        var other = await Post(officer, "api/impostors/candidates", new
        {
            url = "https://www.facebook.com/profile.php?id=" + NewPageId(), name = "Hỗ trợ thủ tục Lào Cai",
            picture = new Uri(fixture.Graph.BaseAddress, "pictures/hills.png").ToString(),
        }, HttpStatusCode.Created);
        Assert.DoesNotContain(other.GetProperty("reasons").EnumerateArray(), r => r.GetProperty("code").GetString() == "picture");
    }

    [Fact]
    public async Task The_simulators_pages_imported_as_csv_are_suspected_when_they_impersonate_and_only_then()
    {
        // The simulator command as an operator runs it, its output sent to the officers' import.
        var seed = Random.Shared.Next(1, int.MaxValue);
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var simulator = Path.Combine(RepositoryPaths.Root, "deploy", "LaoCaiFanpage.Simulator", "bin", configuration, "net10.0", "LaoCaiFanpage.Simulator.dll");
        using var process = Process.Start(new ProcessStartInfo("dotnet", [simulator, "--impostors-csv", "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            StandardOutputEncoding = Encoding.UTF8,
        })!;
        var csv = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.Equal(0, process.ExitCode);

        var (_, staff) = await Host.NewUser("EditorialStaff");
        using var response = await staff.PostAsync("api/impostors/candidates/import", new StringContent(csv, Encoding.UTF8, "text/csv"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        var statuses = JsonDocument.Parse(text).RootElement.GetProperty("items").EnumerateArray()
            .ToDictionary(i => i.GetProperty("page").GetProperty("pageId").GetString()!, i => i.GetProperty("status").GetString());

        var pages = new ImpostorPageModel(new() { AppSecret = "unused", Seed = seed }).Pages();
        Assert.Equal(pages.Count, statuses.Count);
        foreach (var page in pages)
        {
            output.WriteLine($"{statuses[page.PageId],-10} {(page.Impersonates ? "impostor" : "namesake")} {page.Name}");
            Assert.Equal(page.Impersonates, statuses[page.PageId] == "suspected");
        }
    }

    [Fact]
    public async Task A_csv_file_is_imported_whole_or_not_at_all()
    {
        var (_, staff) = await Host.NewUser("EditorialStaff");
        var a = NewPageId();
        var b = NewPageId();
        var csv = "\uFEFFurl,name,about,followers\r\n"
            + $"https://www.facebook.com/profile.php?id={a},\"UBND Tỉnh Lào Cai (Official)\",\"Trang chính thức, hỗ trợ 24/7\nLiên hệ: 0214…\",120\r\n"
            + $"https://www.facebook.com/profile.php?id={b},Du lịch Sa Pa,,\r\n";
        using (var response = await staff.PostAsync("api/impostors/candidates/import", new StringContent(csv, Encoding.UTF8, "text/csv")))
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, text);
            var result = JsonDocument.Parse(text).RootElement;
            Assert.Equal(2, result.GetProperty("imported").GetInt32());
            var items = result.GetProperty("items").EnumerateArray().ToList();
            Assert.Equal(("suspected", "low-risk"), (items[0].GetProperty("status").GetString(), items[1].GetProperty("status").GetString()));
            Assert.Equal("Trang chính thức, hỗ trợ 24/7\nLiên hệ: 0214…", items[0].GetProperty("page").GetProperty("about").GetString());
            Assert.Equal("import", items[0].GetProperty("page").GetProperty("source").GetString());
        }

        var before = await Count();
        var c = NewPageId();
        var bad = "name,url\n" + $"UBND Lao Cai that,https://www.facebook.com/profile.php?id={c}\n" + ",\n" + "Trang giả,https://evil.example/ubnd\n";
        using (var response = await staff.PostAsync("api/impostors/candidates/import", new StringContent(bad, Encoding.UTF8, "text/csv")))
        {
            var problem = await response.ReadProblem(HttpStatusCode.BadRequest);
            var errors = problem.GetProperty("errors").EnumerateArray().Select(e => e.GetString()!).ToList();
            output.WriteLine(string.Join(Environment.NewLine, errors));
            Assert.Equal(2, errors.Count);
            Assert.StartsWith("line 3:", errors[0], StringComparison.Ordinal);
            Assert.StartsWith("line 4:", errors[1], StringComparison.Ordinal);
        }

        Assert.Equal(before, await Count());

        foreach (var (body, type, status, fragment) in new[]
        {
            ("nmae,url\nx,https://www.facebook.com/x\n", "text/csv", HttpStatusCode.BadRequest, "unknown column"),
            ("name,name\nx,y\n", "text/csv", HttpStatusCode.BadRequest, "twice"),
            ("about\nx\n", "text/csv", HttpStatusCode.BadRequest, "name or a url"),
            ("name,url\n", "text/csv", HttpStatusCode.BadRequest, "no rows"),
            ("name,url\n\"unterminated,https://www.facebook.com/x\n", "text/csv", HttpStatusCode.BadRequest, "CSV"),
            ("name,url\nx,https://www.facebook.com/x\n", "application/json", HttpStatusCode.UnsupportedMediaType, "text/csv"),
        })
        {
            using var response = await staff.PostAsync("api/impostors/candidates/import", new StringContent(body, Encoding.UTF8, type));
            var problem = await response.ReadProblem(status);
            Assert.Contains(fragment, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        using (var latin1 = await staff.PostAsync("api/impostors/candidates/import", new ByteArrayContent([.. "name\nL"u8, 0xE0, .. "o Cai\n"u8]) { Headers = { { "Content-Type", "text/csv" } } }))
        {
            Assert.Contains("UTF-8", (await latin1.ReadProblem(HttpStatusCode.BadRequest)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(before, await Count());
    }

    [Fact]
    public async Task Hostile_candidates_get_a_precise_400_and_nothing_is_stored()
    {
        var (_, staff) = await Host.NewUser("EditorialStaff");
        var before = await Count();
        var huge = Convert.ToBase64String(new byte[2_600_000]); // over the 2 MiB picture limit, under the 4 MiB body limit
        var cases = new (object Body, string Fragment)[]
        {
            (new { about = "không tên, không địa chỉ" }, "name or a url"),
            (new { name = "UBND tỉnh Lào Cai", url = "https://evil.example/UBNDTLC" }, "facebook.com"),
            (new { name = "UBND tỉnh Lào Cai", url = "javascript:alert(1)" }, "facebook.com"),
            (new { name = "UBND tỉnh Lào Cai", url = "https://facebook.com.evil.example/x" }, "facebook.com"),
            (new { name = "UBND tỉnh Lào Cai", picture = huge }, "larger than"),
            (new { name = "UBND tỉnh Lào Cai", picture = Convert.ToBase64String("<svg onload=alert(1)>"u8.ToArray()) }, "not a picture"),
            (new { name = "UBND tỉnh Lào Cai", picture = "!!!not base64!!!" }, "base64"),
            (new { name = "UBND tỉnh Lào Cai", picture = "https://evil.example/a.png" }, "downloaded only from"),
            (new { name = "UBND tỉnh Lào Cai", picture = "http://169.254.169.254/latest/meta-data" }, "downloaded only from"),
            (new { name = "UBND tỉnh Lào Cai", followers = -5 }, "followers"),
            (new { name = "UBND tỉnh Lào Cai", followers = "nhiều" }, "followers"),
            (new { name = 42 }, "name must be a text"),
            (new { name = new string('x', 301) }, "300"),
            (new { name = "x", pageId = "abc" }, "pageId"),
            (new { name = "x", username = "<script>" }, "username"),
            (new { name = "x", verificationStatus = "VERIFIED!" }, "verificationStatus"),
        };
        foreach (var (body, fragment) in cases)
        {
            using var response = await staff.PostAsync("api/impostors/candidates", Infrastructure.Accounts.Json(body));
            var problem = await response.ReadProblem(HttpStatusCode.BadRequest);
            Assert.Contains(fragment, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        using (var malformed = await staff.PostAsync("api/impostors/candidates", new StringContent("{\"name\":", Encoding.UTF8, "application/json")))
        {
            await malformed.ReadProblem(HttpStatusCode.BadRequest);
        }

        using (var surrogate = await staff.PostAsync("api/impostors/candidates", new StringContent("{\"name\":\"\\uD800\"}", Encoding.UTF8, "application/json")))
        {
            await surrogate.ReadProblem(HttpStatusCode.BadRequest);
        }

        using (var text = await staff.PostAsync("api/impostors/candidates", new StringContent("name=x", Encoding.UTF8, "text/plain")))
        {
            await text.ReadProblem(HttpStatusCode.UnsupportedMediaType);
        }

        using (var tooLarge = await staff.PostAsync("api/impostors/candidates", new StringContent("{\"name\":\"" + new string('a', 5 * 1024 * 1024) + "\"}", Encoding.UTF8, "application/json")))
        {
            await tooLarge.ReadProblem(HttpStatusCode.RequestEntityTooLarge);
        }

        Assert.Equal(before, await Count());
        foreach (var path in new[] { "api/impostors/page-0123", "api/impostors/page-00000000000000000000000000000000" })
        {
            using var missing = await Host.Client.GetAsync(path);
            await missing.ReadProblem(HttpStatusCode.NotFound);
        }

        using (var badStatus = await Host.Client.GetAsync("api/impostors?status=bogus"))
        {
            await badStatus.ReadProblem(HttpStatusCode.BadRequest);
        }

        var (_, officer) = await Host.NewUser("CrisisOfficer");
        using (var noAction = await officer.PostAsync("api/impostors/page-00000000000000000000000000000000/destroy", Infrastructure.Accounts.Json(new { })))
        {
            await noAction.ReadProblem(HttpStatusCode.NotFound);
        }
    }

    [Fact]
    public async Task The_page_search_records_resembling_pages_and_the_recheck_marks_a_taken_down_page_removed()
    {
        var (_, officer) = await Host.NewUser("CrisisOfficer");
        var round = await Post(officer, "api/impostors/search", new { });
        output.WriteLine(round.ToString());
        Assert.Null(round.GetProperty("problem").GetString());
        Assert.True(round.GetProperty("found").GetInt32() >= 2);

        var items = (await Host.Client.GetJson("api/impostors")).GetProperty("items").EnumerateArray().ToList();
        var found = Assert.Single(items, p => p.GetProperty("page").GetProperty("pageId").GetString() == ImpostorFixture.ImpostorPageId);
        Assert.DoesNotContain(items, p => p.GetProperty("page").GetProperty("pageId").GetString() == ImpostorFixture.UnrelatedPageId);
        Assert.Equal(("suspected", "search"), (found.GetProperty("status").GetString(), found.GetProperty("page").GetProperty("source").GetString()));
        var id = found.GetProperty("id").GetString()!;

        // Confirmed pages are re-checked: the picture Meta now shows is compared, and a page taken down is marked removed.
        await Post(officer, $"api/impostors/{id}/confirm", new { });
        await Post(officer, "api/impostors/search", new { });
        var rechecked = await Host.Client.GetJson("api/impostors/" + id);
        Assert.Equal("confirmed", rechecked.GetProperty("status").GetString());
        Assert.Contains(rechecked.GetProperty("reasons").EnumerateArray(), r => r.GetProperty("code").GetString() == "picture");

        fixture.Graph.Pages.TryRemove(ImpostorFixture.ImpostorPageId, out _);
        var after = await Post(officer, "api/impostors/search", new { });
        Assert.True(after.GetProperty("removed").GetInt32() >= 1);
        var gone = await Host.Client.GetJson("api/impostors/" + id);
        Assert.Equal("removed", gone.GetProperty("status").GetString());
        var last = gone.GetProperty("history").EnumerateArray().Last();
        Assert.Equal(("impostor.gone", "system:impostor-watch"), (last.GetProperty("action").GetString(), last.GetProperty("actor").GetString()));
        Assert.Contains(fixture.Graph.Calls, c => c.Method == "GET" && c.Path.EndsWith("/pages/search", StringComparison.Ordinal));
    }
}

/// <summary>The default host: the page search is off (it needs a Meta feature the province must apply for) and says so.</summary>
[Collection(HostCollection.Name)]
public sealed class ImpostorSearchOffTests(HostFixture fixture)
{
    [Fact]
    public async Task Asking_for_a_search_when_it_is_off_is_a_409_that_names_the_setting()
    {
        var (_, officer) = await fixture.NewUser("CrisisOfficer");
        using var response = await officer.PostAsync("api/impostors/search", Infrastructure.Accounts.Json(new { }));
        var problem = await response.ReadProblem(HttpStatusCode.Conflict);
        Assert.Equal("search-disabled", problem.GetProperty("code").GetString());
        Assert.Contains("Impostors:Search:Enabled", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
