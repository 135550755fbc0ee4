using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using LaoCaiFanpage.Tests.Shared;

namespace LaoCaiFanpage.FunctionalTests.Infrastructure;

/// <summary>One running host shared by the tests of a collection.</summary>
public sealed class HostFixture : IAsyncLifetime
{
    public HostFixture()
    {
        Host = new SiloProcess();
    }

    /// <summary>A host with settings of its own (xunit needs the shared fixture's one public constructor).</summary>
    internal HostFixture(IDictionary<string, string?> settings)
    {
        Host = new SiloProcess(settings: settings);
    }

    public SiloProcess Host { get; }

    /// <summary>Signed in as the bootstrap administrator (webhook posts ignore the token).</summary>
    public HttpClient Client { get; private set; } = null!;

    /// <summary>Signed in as nobody; does not follow redirects (so a page's redirect to the sign-in page shows).</summary>
    public HttpClient Anonymous { get; private set; } = null!;

    public string AdminToken { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Host.Start();
        AdminToken = await Host.SignIn();
        Client = Host.CreateClient();
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
        Anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = Host.BaseAddress };
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        Anonymous.Dispose();
        await Host.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class HostCollection : ICollectionFixture<HostFixture>
{
    public const string Name = "host";
}

public static class WebhookClient
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>POSTs a delivery signed as Meta signs it (or with the given signature header).</summary>
    public static Task<HttpResponseMessage> Deliver(this HttpClient client, string body, string? signature = MetaDeliveries.SignIt) =>
        client.Deliver(Encoding.UTF8.GetBytes(body), signature);

    public static Task<HttpResponseMessage> Deliver(this HttpClient client, byte[] body, string? signature = MetaDeliveries.SignIt) =>
        client.PostDelivery(body, signature);

    /// <summary>POSTs a signed delivery and asserts the inbox took it (200 with a receipt); returns that answer.</summary>
    public static async Task<JsonElement> DeliverAccepted(this HttpClient client, string body)
    {
        using var response = await client.Deliver(body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        var accepted = JsonDocument.Parse(text).RootElement.Clone();
        Assert.True(accepted.GetProperty("receipt").GetInt64() > 0, text);
        return accepted;
    }

    /// <summary>
    /// POSTs a signed delivery, then follows its receipt until the inbox drain has applied it to the cases; returns
    /// the receipt (changes, stored, duplicates, ignored). The client must be signed in with a role that reads cases.
    /// </summary>
    public static async Task<JsonElement> DeliverOk(this HttpClient client, string body)
    {
        var accepted = await client.DeliverAccepted(body);
        return await client.WaitProcessed(accepted.GetProperty("receipt").GetInt64());
    }

    public static async Task<JsonElement> WaitProcessed(this HttpClient client, long receipt, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        JsonElement found;
        do
        {
            using var response = await client.GetAsync("api/webhooks/inbox/" + receipt);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"receipt {receipt}: {(int)response.StatusCode} {text} (is the client signed in with a role that reads cases?)");
            found = JsonDocument.Parse(text).RootElement.Clone();
            if (found.GetProperty("status").GetString() == "processed")
            {
                return found;
            }

            await Task.Delay(15);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Fail($"delivery {receipt} not processed in time: {found}");
        return found;
    }

    public static async Task<JsonElement> GetJson(this HttpClient client, string path, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"GET {path}: expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task<JsonElement> ReadProblem(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement.Clone();
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        return problem;
    }
}
