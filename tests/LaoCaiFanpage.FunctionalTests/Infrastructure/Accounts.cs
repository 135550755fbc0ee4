using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace LaoCaiFanpage.FunctionalTests.Infrastructure;

/// <summary>Creating accounts and signing them in through the real API.</summary>
public static class Accounts
{
    public const string Password = "Mat-khau-kiem-thu-2026";

    public static StringContent Json(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    /// <summary>Creates an account with a unique name (as the administrator) and returns a client signed in as it.</summary>
    public static async Task<(string Username, HttpClient Client)> NewUser(this HostFixture fixture, string role, string? unit = null)
    {
        var username = role.ToLowerInvariant() + "-" + Guid.NewGuid().ToString("N")[..8];
        await fixture.Host.CreateUser(fixture.Client, username, Password, [role], unit);
        var client = fixture.Host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await fixture.Host.SignIn(username, Password));
        return (username, client);
    }
}
