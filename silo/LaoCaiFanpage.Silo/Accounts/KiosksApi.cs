using LaoCaiFanpage.Contracts.Accounts;
using LaoCaiFanpage.Silo.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LaoCaiFanpage.Silo.Accounts;

/// <summary>Kiosk links for wall screens: each grants WallDisplay only and can be revoked.</summary>
public static class KiosksApi
{
    public static IEndpointRouteBuilder MapKiosksApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/kiosks").WithTags("Kiosks").RequireAuthorization(AccessPolicies.Administer).DisableAntiforgery();
        group.MapGet("/", List);
        group.MapPost("/", Create);
        group.MapPost("/{id}/revoke", Revoke);
        return routes;
    }

    /// <summary>The only time the token is shown: it is stored as a digest.</summary>
    public sealed record CreatedKiosk(long Id, string Name, string Token, string Url);

    private static async Task<Ok<IReadOnlyList<KioskLink>>> List(AccountStore accounts, CancellationToken cancellationToken) =>
        TypedResults.Ok(await accounts.ListKiosks(cancellationToken));

    private static async Task<Results<Created<CreatedKiosk>, ProblemHttpResult>> Create(HttpContext context, AccountStore accounts)
    {
        var body = await CommandBody.Read(context.Request, context.RequestAborted);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var name = body.Text("name")?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 100 || name.Any(char.IsControl))
        {
            return Problems.InvalidParameter("name must be a text of 1 to 100 characters (e.g. \"Màn hình phòng giám sát 1\").");
        }

        var (kiosk, token) = await accounts.CreateKiosk(name, context.Actor(), context.RequestAborted);
        var url = $"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}/kiosk/{token}";
        return TypedResults.Created($"/api/kiosks/{kiosk.Id}", new CreatedKiosk(kiosk.Id, kiosk.Name, token, url));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Revoke(string id, HttpContext context, AccountStore accounts)
    {
        if (!long.TryParse(id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var kioskId)
            || !await accounts.RevokeKiosk(kioskId, context.Actor(), context.RequestAborted))
        {
            return Problems.NotFound("Không tìm thấy liên kết màn hình / No such kiosk link", $"No live kiosk link has the id '{Problems.Quote(id)}'.");
        }

        return TypedResults.NoContent();
    }
}
