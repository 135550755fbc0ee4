using System.Net.Mail;
using System.Text.Json;
using LaoCaiFanpage.Silo.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LaoCaiFanpage.Silo.Accounts;

/// <summary>
/// The contact details a body may change: <c>email</c> and <c>displayName</c>. A property left out stays as
/// it is; <c>null</c> or an empty string clears it.
/// </summary>
public sealed record ContactDetails(bool SetsEmail, string? Email, bool SetsDisplayName, string? DisplayName, ProblemHttpResult? Problem)
{
    public const int MaxEmailLength = 254;

    /// <summary>A body that is nothing but contact details (a profile change).</summary>
    public static async Task<ContactDetails> Read(HttpRequest request, CancellationToken cancellationToken)
    {
        var body = await CommandBody.Read(request, cancellationToken);
        return body.Problem is not null ? Refused(body.Problem) : Read(body);
    }

    public static ContactDetails Read(CommandBody body)
    {
        var (setsEmail, email, problem) = Optional(body.Root, "email", MaxEmailLength);
        if (problem is not null)
        {
            return Refused(problem);
        }

        if (email is not null && !IsAddress(email))
        {
            return Refused(Problems.InvalidParameter($"email '{Problems.Quote(email)}' is not an e-mail address (name@domain)."));
        }

        var (setsName, name, nameProblem) = Optional(body.Root, "displayName", 200);
        return nameProblem is not null ? Refused(nameProblem) : new(setsEmail, email?.ToLowerInvariant(), setsName, name, null);
    }

    /// <summary>A bare address: one '@', a dotted domain, no display name, spaces or angle brackets.</summary>
    public static bool IsAddress(string value) =>
        MailAddress.TryCreate(value, out var parsed)
        && parsed.Address == value
        && parsed.DisplayName.Length == 0
        && parsed.Host.Contains('.', StringComparison.Ordinal)
        && !value.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '<' or '>' or '"' or ',' or ';');

    private static ContactDetails Refused(ProblemHttpResult problem) => new(false, null, false, null, problem);

    private static (bool Sets, string? Value, ProblemHttpResult? Problem) Optional(JsonElement root, string name, int maxLength)
    {
        if (!root.TryGetProperty(name, out var value))
        {
            return (false, null, null);
        }

        if (value.ValueKind == JsonValueKind.Null)
        {
            return (true, null, null);
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            return (false, null, Problems.InvalidParameter($"{name} must be a string or null."));
        }

        var text = value.GetString()!.Trim();
        return text.Length > maxLength
            ? (false, null, Problems.InvalidParameter($"{name} must be at most {maxLength} characters."))
            : (true, text.Length == 0 ? null : text, null);
    }
}
