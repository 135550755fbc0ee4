using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LaoCaiFanpage.FunctionalTests.Infrastructure;
using LaoCaiFanpage.Tests.Shared;
using Microsoft.AspNetCore.SignalR.Client;

namespace LaoCaiFanpage.FunctionalTests;

[Collection(HostCollection.Name)]
public sealed class AssignmentApiTests(HostFixture fixture)
{
    private HttpClient Client => fixture.Client;

    private async Task<string> NewCase()
    {
        var id = MetaDeliveries.NewCommentId();
        await Client.DeliverOk(MetaDeliveries.Feed(MetaDeliveries.Comment(id, "Đề nghị sửa đèn đường tổ 5 phường Kim Tân")));
        // The Editorial Board classifies before it routes (R8.3).
        using var classified = await Post($"api/threads/{id}/classify", """{"category":5,"authority":"office"}""");
        Assert.Equal(HttpStatusCode.OK, classified.StatusCode);
        return id;
    }

    private Task<HttpResponseMessage> Post(string path, string json) =>
        Client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    [Fact]
    public async Task Assigning_a_case_starts_the_units_clock_and_meets_the_intake_clock()
    {
        var id = await NewCase();
        var fresh = await Client.GetJson("api/threads/" + id);
        var intake = fresh.GetProperty("clocks").EnumerateArray().Single();
        Assert.Equal("intake", intake.GetProperty("kind").GetString());
        Assert.Equal("running", intake.GetProperty("state").GetString());
        Assert.EndsWith("+07:00", intake.GetProperty("deadline").GetString(), StringComparison.Ordinal);

        using var response = await Post($"api/threads/{id}/assign", """{"units":["STC"],"complexity":"own"}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var assigned = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("assigned", assigned.GetProperty("status").GetString());
        Assert.Equal("own", assigned.GetProperty("complexity").GetString());
        var clocks = assigned.GetProperty("clocks").EnumerateArray().ToArray();
        Assert.Equal("met", clocks.Single(c => c.GetProperty("kind").GetString() == "intake").GetProperty("state").GetString());
        var answer = clocks.Single(c => c.GetProperty("kind").GetString() == "answer");
        Assert.Equal("STC", answer.GetProperty("unit").GetString());
        Assert.Equal(1, answer.GetProperty("workingDays").GetDouble());

        // The deadline is the calendar's civil deadline from the moment of assignment.
        var started = answer.GetProperty("startedAt").GetString()!;
        var expected = await Client.GetJson($"api/calendar/deadline?from={Uri.EscapeDataString(started)}&workingDays=1&rule=civil");
        Assert.Equal(expected.GetProperty("deadline").GetString(), answer.GetProperty("deadline").GetString());

        var unit = await Client.GetJson("api/units/STC");
        Assert.Contains(unit.GetProperty("queue").EnumerateArray(), q => q.GetProperty("caseId").GetString() == id);
        var byUnit = await Client.GetJson("api/threads?unit=STC");
        Assert.Contains(byUnit.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetString() == id);

        using var again = await Post($"api/threads/{id}/assign", """{"units":["SXD"],"complexity":"own"}""");
        await again.ReadProblem(HttpStatusCode.Conflict);

        var explained = await Client.GetJson($"api/threads/{Uri.EscapeDataString(id)}/clocks/answer:STC/explanation");
        Assert.Equal(answer.GetProperty("deadline").GetString(), explained.GetProperty("deadline").GetString());
        Assert.Contains(explained.GetProperty("explanation").EnumerateArray(), l => l.GetProperty("kind").GetString() == "deadline");
        var intakeExplained = await Client.GetJson($"api/threads/{Uri.EscapeDataString(id)}/clocks/intake/explanation");
        Assert.Contains("giờ hành chính", intakeExplained.GetProperty("explanation")[0].GetProperty("text").GetString(), StringComparison.Ordinal);
        await Client.GetJson($"api/threads/{Uri.EscapeDataString(id)}/clocks/nope/explanation", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_coordination_request_runs_two_working_days_on_the_asked_unit()
    {
        var id = await NewCase();
        using (var assign = await Post($"api/threads/{id}/assign", """{"units":["SXD","SCT"],"complexity":"complex"}""")) { Assert.Equal(HttpStatusCode.OK, assign.StatusCode); }
        using var response = await Post($"api/threads/{id}/coordination", """{"fromUnit":"SXD","toUnit":"STC","question":"Đề nghị cho biết dự toán sửa chữa"}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var coordination = body.GetProperty("clocks").EnumerateArray().Single(c => c.GetProperty("kind").GetString() == "coordination");
        Assert.Equal("STC", coordination.GetProperty("unit").GetString());
        Assert.Equal("SXD", coordination.GetProperty("fromUnit").GetString());
        Assert.Equal(2, coordination.GetProperty("workingDays").GetDouble());
        Assert.All(body.GetProperty("clocks").EnumerateArray().Where(c => c.GetProperty("kind").GetString() == "answer"),
            c => Assert.Equal(3, c.GetProperty("workingDays").GetDouble()));

        using var notAssigned = await Post($"api/threads/{id}/coordination", """{"fromUnit":"STP","toUnit":"STC","question":"?"}""");
        await notAssigned.ReadProblem(HttpStatusCode.Conflict);
    }

    [Theory]
    [InlineData("{\"units\":[\"STC\"],\"complexity\":\"own\"", HttpStatusCode.BadRequest)]
    [InlineData("""[]""", HttpStatusCode.BadRequest)]
    [InlineData("""{"units":"STC","complexity":"own"}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"units":[],"complexity":"own"}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"units":["NO-SUCH"],"complexity":"own"}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"units":["STC"],"complexity":"urgent"}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"units":["STC","SXD"],"complexity":"own"}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"units":["STC"],"complexity":"complex"}""", HttpStatusCode.BadRequest)]
    public async Task Bad_assignments_are_precise_problems_and_change_nothing(string body, HttpStatusCode expected)
    {
        var id = await NewCase();
        using var response = await Post($"api/threads/{id}/assign", body);
        await response.ReadProblem(expected);
        Assert.Equal("classified", (await Client.GetJson("api/threads/" + id)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Commands_on_an_unknown_case_are_404_and_oversized_bodies_413()
    {
        using var missing = await Post("api/threads/100000000000001_0_missing/assign", """{"units":["STC"],"complexity":"own"}""");
        await missing.ReadProblem(HttpStatusCode.NotFound);
        var id = await NewCase();
        using var big = await Post($"api/threads/{id}/coordination", "{\"question\":\"" + new string('x', 70_000) + "\"}");
        await big.ReadProblem(HttpStatusCode.RequestEntityTooLarge);
        using var noQuestion = await Post($"api/threads/{id}/coordination", """{"fromUnit":"SXD","toUnit":"STC","question":"   "}""");
        await noQuestion.ReadProblem(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Clock_changes_are_pushed_to_screens()
    {
        var received = new ConcurrentQueue<JsonElement>();
        await using var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(fixture.Host.BaseAddress, "hubs/dashboard"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(fixture.AdminToken))
            .Build();
        connection.On<JsonElement>("delta", d => received.Enqueue(d));
        await connection.StartAsync();

        var id = await NewCase();
        using (var assign = await Post($"api/threads/{id}/assign", """{"units":["SNV"],"complexity":"own"}""")) { Assert.Equal(HttpStatusCode.OK, assign.StatusCode); }

        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (DateTime.UtcNow < deadline && !received.Any(d => HasClock(d, id, "answer:SNV")))
        {
            await Task.Delay(20);
        }

        var clock = received.SelectMany(d => d.GetProperty("clocks").EnumerateArray())
            .Last(c => c.GetProperty("caseId").GetString() == id && c.GetProperty("clock").GetProperty("id").GetString() == "answer:SNV");
        Assert.Equal("running", clock.GetProperty("clock").GetProperty("state").GetString());
        Assert.Contains(received.SelectMany(d => d.GetProperty("clocks").EnumerateArray()),
            c => c.GetProperty("caseId").GetString() == id && c.GetProperty("clock").GetProperty("state").GetString() == "met");
    }

    private static bool HasClock(JsonElement delta, string caseId, string clockId) =>
        delta.GetProperty("clocks").EnumerateArray().Any(c => c.GetProperty("caseId").GetString() == caseId && c.GetProperty("clock").GetProperty("id").GetString() == clockId);
}
