using System.Net;
using System.Text.Json;
using LaoCaiFanpage.Tests.Shared;

namespace LaoCaiFanpage.FunctionalTests.Infrastructure;

/// <summary>The people of the Office, signed in over HTTP, taking a case through Article 8's steps.</summary>
public sealed class Editorial
{
    private Editorial() { }

    public (string Name, HttpClient Client) Staff { get; private init; }

    public (string Name, HttpClient Client) Head { get; private init; }

    public (string Name, HttpClient Client) Chief { get; private init; }

    public (string Name, HttpClient Client) Officer { get; private init; }

    public string OfficerUnit { get; private init; } = string.Empty;

    public static async Task<Editorial> SignIn(HostFixture fixture, string unit) => new()
    {
        Staff = await fixture.NewUser("EditorialStaff"),
        Head = await fixture.NewUser("EditorialHead"),
        Chief = await fixture.NewUser("ChiefOfOffice"),
        Officer = await fixture.NewUser("UnitOfficer", unit),
        OfficerUnit = unit,
    };

    public static async Task<JsonElement> Post(HttpClient client, string path, object body, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await client.PostAsync(path, Accounts.Json(body));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"POST {path}: expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Classify → assign to the officer's unit → the unit drafts → submit → editorial head → Chief of Office.</summary>
    public async Task<JsonElement> Approve(string caseId, string text, int category = 5, IReadOnlyList<string>? sources = null)
    {
        await Post(Staff.Client, $"api/threads/{caseId}/classify", new { category, authority = "office", topic = "Đô thị" });
        await Post(Staff.Client, $"api/threads/{caseId}/assign", new { units = new[] { OfficerUnit }, complexity = "own" });
        await Post(Officer.Client, $"api/threads/{caseId}/drafts", new { text, sources = sources ?? [] });
        await Post(Officer.Client, $"api/threads/{caseId}/submit", new { });
        await Post(Head.Client, $"api/threads/{caseId}/approve", new { draft = 1 });
        return await Post(Chief.Client, $"api/threads/{caseId}/approve", new { draft = 1 });
    }

    /// <summary>Waits until the case reaches the status (the outbox works in the background).</summary>
    public static async Task<JsonElement> WaitForStatus(HttpClient client, string caseId, string status, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        JsonElement found;
        do
        {
            found = await client.GetJson("api/threads/" + caseId);
            if (found.GetProperty("status").GetString() == status)
            {
                return found;
            }

            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Fail($"case {caseId} is '{found.GetProperty("status").GetString()}', not '{status}': {found.GetProperty("workflow")}");
        return found;
    }

    public static async Task<string> NewComment(HttpClient client, string text)
    {
        var id = MetaDeliveries.NewCommentId();
        await client.DeliverOk(MetaDeliveries.Feed(MetaDeliveries.Comment(id, text)));
        return id;
    }
}
