using System.Net;
using System.Text.Json;
using LaoCaiFanpage.FunctionalTests.Infrastructure;
using LaoCaiFanpage.Tests.Shared;

namespace LaoCaiFanpage.FunctionalTests;

/// <summary>The OpenAPI description and its reference page, from the real host: who may read them and what they say.</summary>
[Collection(HostCollection.Name)]
public sealed class ApiDescriptionTests(HostFixture fixture)
{
    [Fact]
    public async Task The_description_is_for_administrators_only()
    {
        var staff = await fixture.NewUser("EditorialStaff");
        using var anonymous = await fixture.Anonymous.GetAsync("openapi/v1.json");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        using var forbidden = await staff.Client.GetAsync("openapi/v1.json");
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        using var page = await staff.Client.GetAsync("reference/");
        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        using var allowed = await fixture.Client.GetAsync("openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal("application/json", allowed.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>
    /// An administrator opens the reference page in Chromium, signs in on the way, and reads what is drawn from the
    /// document: every script is the service's own (nothing from a CDN), and the page's policy blocks nothing.
    /// </summary>
    [Fact]
    public async Task An_administrator_reads_the_reference_page_in_a_browser()
    {
        using var browser = new Browser();
        browser.RecordPolicyViolations();
        await browser.SignIn(new Uri(fixture.Host.BaseAddress, "reference"), "admin", SiloProcess.AdminPassword);
        try
        {
            // The introduction is the document's description; the first group lies open with its operations' summaries.
            await browser.WaitUntil(
                "document.body.innerText.includes('UBND tỉnh Lào Cai') && document.body.innerText.includes('Every endpoint the host exposes') && document.body.innerText.includes('Workflow')",
                TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{browser.Driver.Url}: {browser.Script("return document.body.innerText.slice(0, 1500) + ' || ' + performance.getEntriesByType('resource').map(e => e.name).join(', ');")} | blocked: {string.Join("; ", browser.PolicyViolations())}");
        }

        var scripts = (IEnumerable<object>)browser.Script("return [...document.scripts].map(s => s.src).filter(s => s);")!;
        Assert.All(scripts.Select(s => new Uri(s.ToString()!)), uri => Assert.Equal(fixture.Host.BaseAddress.Authority, uri.Authority));
        Assert.Empty(browser.PolicyViolations());
    }

    /// <summary>Each operation has a summary, names the policy that guards it, and describes its problem responses.</summary>
    [Fact]
    public async Task Every_operation_has_a_summary_its_policy_and_its_problem_responses()
    {
        var document = await fixture.Client.GetJson("openapi/v1.json");
        Assert.Equal("LaoCaiFanpage", document.GetProperty("info").GetProperty("title").GetString());
        var failures = new List<string>();
        var operations = 0;
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                operations++;
                var name = $"{operation.Name.ToUpperInvariant()} {path.Name}";
                if (!operation.Value.TryGetProperty("summary", out var summary) || string.IsNullOrWhiteSpace(summary.GetString()))
                {
                    failures.Add(name + ": no summary");
                }

                if (!operation.Value.TryGetProperty("x-policy", out var policy) || string.IsNullOrWhiteSpace(policy.GetString()))
                {
                    failures.Add(name + ": no x-policy");
                    continue;
                }

                var responses = operation.Value.GetProperty("responses");
                var expected = policy.GetString() == "anonymous" ? Array.Empty<string>() : ["401", "403"];
                foreach (var status in expected.Where(s => !Problem(responses, s)))
                {
                    failures.Add($"{name}: no problem response {status}");
                }

                if (path.Name.Contains('{', StringComparison.Ordinal) && !Problem(responses, "404"))
                {
                    failures.Add($"{name}: no problem response 404");
                }
            }
        }

        Assert.True(operations > 100, $"only {operations} operations described");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task A_case_command_is_described_with_its_policy_and_a_problem_shape()
    {
        var document = await fixture.Client.GetJson("openapi/v1.json");
        var approve = document.GetProperty("paths").GetProperty("/api/threads/{id}/approve").GetProperty("post");
        Assert.Equal("approve", approve.GetProperty("x-policy").GetString());
        var conflict = approve.GetProperty("responses").GetProperty("409").GetProperty("content").GetProperty("application/problem+json");
        var schema = Resolve(document, conflict.GetProperty("schema"));
        Assert.True(schema.GetProperty("properties").TryGetProperty("detail", out _), "the problem schema has no 'detail'");
    }

    /// <summary>What a request carries: JSON for a command, the picture's own type for an upload, CSV for an import.</summary>
    [Fact]
    public async Task Requests_are_described_with_what_they_carry()
    {
        var paths = (await fixture.Client.GetJson("openapi/v1.json")).GetProperty("paths");
        // A group's root route may be written with or without its trailing slash.
        string[] Types(string path, string method) =>
            [.. paths.GetProperty(paths.TryGetProperty(path, out _) ? path : path.TrimEnd('/')).GetProperty(method).GetProperty("requestBody")
                .GetProperty("content").EnumerateObject().Select(c => c.Name).Order()];

        Assert.Equal(["application/json"], Types("/api/threads/{id}/reject", "post"));
        Assert.Equal(["image/gif", "image/jpeg", "image/png"], Types("/api/media/", "post"));
        Assert.Equal(["text/csv"], Types("/api/impostors/candidates/import", "post"));
        Assert.False(paths.GetProperty("/api/threads/{id}").GetProperty("get").TryGetProperty("requestBody", out _));
    }

    private static bool Problem(JsonElement responses, string status) =>
        responses.TryGetProperty(status, out var response)
        && response.TryGetProperty("content", out var content)
        && content.TryGetProperty("application/problem+json", out _);

    private static JsonElement Resolve(JsonElement document, JsonElement schema)
    {
        if (!schema.TryGetProperty("$ref", out var reference))
        {
            return schema;
        }

        var node = document;
        foreach (var part in reference.GetString()!.TrimStart('#', '/').Split('/'))
        {
            node = node.GetProperty(part);
        }

        return node;
    }
}
