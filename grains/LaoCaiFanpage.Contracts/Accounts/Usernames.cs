namespace LaoCaiFanpage.Contracts.Accounts;

public static class Usernames
{
    /// <summary>How a username is stored and compared: trimmed, lower case.</summary>
    public static string Normalize(string username) => username.Trim().ToLowerInvariant();
}
