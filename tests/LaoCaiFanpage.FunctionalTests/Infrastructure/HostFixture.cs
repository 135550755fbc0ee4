using System.Net;
using System.Net.Http.Json;
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
        Client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", AdminToken);
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

    public static async Task<JsonElement> DeliverOk(this HttpClient client, string body)
    {
        using var response = await client.Deliver(body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
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
