using System.Globalization;
using System.Text.Json;
using LaoCaiFanpage.Contracts.Accounts;
using LaoCaiFanpage.Silo.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LaoCaiFanpage.Silo.Accounts;

/// <summary>
/// Service tokens for other systems (R15.2, issue 31): an administrator issues one by name with read roles or the
/// impostor-reporting role, sees when each was last used, and revokes it. Used as <c>Authorization: Bearer …</c>
/// (or <c>access_token</c> on the screens' hub).
/// </summary>
public static class ServiceTokensApi
{
    public const int MaxDays = 730;

    public static IEndpointRouteBuilder MapServiceTokensApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/tokens").WithTags("Service tokens").RequireAuthorization(AccessPolicies.Administer).DisableAntiforgery();
        group.MapGet("/", List).WithSummary("Service tokens: names, roles, expiry, last use");
        group.MapPost("/", Issue).WithSummary("Issues a service token for a machine (shown once)");
        group.MapPost("/{id}/revoke", Revoke).WithSummary("Revokes a service token");
        return routes;
    }

    /// <summary>The only time the token is shown: it is stored as a digest.</summary>
    public sealed record IssuedToken(long Id, string Name, IReadOnlyList<string> Roles, DateTimeOffset ExpiresAt, string Token);

    private static async Task<Ok<IReadOnlyList<ServiceTokenView>>> List(ServiceTokenStore tokens, CancellationToken cancellationToken) =>
        TypedResults.Ok(await tokens.List(cancellationToken));

    private static async Task<Results<Created<IssuedToken>, ProblemHttpResult>> Issue(HttpContext context, ServiceTokenStore tokens)
    {
        var body = await CommandBody.Read(context.Request, context.RequestAborted);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var name = body.Name("name");
        if (name is null)
        {
            return Problems.InvalidParameter("name must be a text of 1 to 100 characters naming the system (e.g. \"Cổng thông tin nội bộ — bộ đếm\").");
        }

        var allowed = string.Join(", ", Roles.ForServiceTokens);
        if (!body.Root.TryGetProperty("roles", out var list) || list.ValueKind != JsonValueKind.Array || list.GetArrayLength() is 0 or > 10
            || list.EnumerateArray().Any(r => r.ValueKind != JsonValueKind.String))
        {
            return Problems.InvalidParameter($"roles must be a non-empty array of the roles a service token may hold: {allowed}.");
        }

        var roles = new List<string>();
        foreach (var given in list.EnumerateArray().Select(r => r.GetString()!))
        {
            var role = Roles.Canonical(given);
            if (role is null || !Roles.ForServiceTokens.Contains(role))
            {
                return Problems.InvalidParameter(role is null
                    ? $"'{Problems.Quote(given)}' is not a role; a service token may hold {allowed}."
                    : $"A service token cannot hold {role}: it only reads, or reports impostor pages ({allowed}). Administering and approving stay with named people (R8).");
            }

            if (!roles.Contains(role))
            {
                roles.Add(role);
            }
        }

        if (!body.Root.TryGetProperty("expiresInDays", out var days) || days.ValueKind != JsonValueKind.Number || !days.TryGetInt32(out var expiresInDays)
            || expiresInDays is < 1 or > MaxDays)
        {
            return Problems.InvalidParameter($"expiresInDays must be a whole number of days from 1 to {MaxDays}.");
        }

        if (await tokens.Issue(name, roles, expiresInDays, context.Actor(), context.RequestAborted) is not { } issued)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Tên đã dùng / Name taken",
                detail: $"A service token named '{Problems.Quote(name)}' exists already (names stay unique, also after revocation, so the log stays unambiguous).");
        }

        return TypedResults.Created($"/api/tokens/{issued.Token.Id}",
            new IssuedToken(issued.Token.Id, issued.Token.Name, issued.Token.Roles, issued.Token.ExpiresAt, issued.Secret));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Revoke(string id, HttpContext context, ServiceTokenStore tokens)
    {
        if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var tokenId) || !await tokens.Revoke(tokenId, context.Actor(), context.RequestAborted))
        {
            return Problems.NotFound("Không có mã truy cập này / No such service token", $"No live service token has the id '{Problems.Quote(id)}'.");
        }

        return TypedResults.NoContent();
    }
}
