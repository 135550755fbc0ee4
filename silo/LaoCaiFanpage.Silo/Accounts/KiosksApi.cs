using System.Globalization;
using LaoCaiFanpage.Contracts.Accounts;
using LaoCaiFanpage.Silo.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LaoCaiFanpage.Silo.Accounts;

/// <summary>
/// Wall screens: each is paired through a one-time code (a link valid for <c>Auth:KioskPairingMinutes</c>) that gives
/// exactly one device a WallDisplay session; listed with when the device was last seen; re-paired or revoked.
/// </summary>
public static class KiosksApi
{
    public static IEndpointRouteBuilder MapKiosksApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/kiosks").WithTags("Kiosks").RequireAuthorization(AccessPolicies.Administer).DisableAntiforgery();
        group.MapGet("/", List).WithSummary("Wall screens with when each was paired and last seen");
        group.MapPost("/", Create).WithSummary("Creates a wall screen and its one-time pairing link");
        group.MapPost("/{id}/revoke", Revoke).WithSummary("Revokes a wall screen's session");
        group.MapPost("/{id}/pairing", RePair).WithSummary("A new one-time pairing link for a wall screen");
        return routes;
    }

    /// <summary>The only time the pairing code is shown (it is stored as a digest); it opens once, until <paramref name="PairingExpiresAt"/>.</summary>
    public sealed record CreatedKiosk(long Id, string Name, string Token, string Url, DateTimeOffset PairingExpiresAt);

    private static async Task<Ok<IReadOnlyList<KioskLink>>> List(AccountStore accounts, CancellationToken cancellationToken) =>
        TypedResults.Ok(await accounts.ListKiosks(cancellationToken));

    private static async Task<Results<Created<CreatedKiosk>, ProblemHttpResult>> Create(HttpContext context, AccountStore accounts)
    {
        var body = await CommandBody.Read(context.Request, context.RequestAborted);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var name = body.Name("name");
        if (name is null)
        {
            return Problems.InvalidParameter("name must be a text of 1 to 100 characters (e.g. \"Màn hình phòng giám sát 1\").");
        }

        var (kiosk, token) = await accounts.CreateKiosk(name, context.Actor(), context.RequestAborted);
        return TypedResults.Created($"/api/kiosks/{kiosk.Id}", Pairing(context, kiosk, token));
    }

    private static CreatedKiosk Pairing(HttpContext context, KioskLink kiosk, string token) =>
        new(kiosk.Id, kiosk.Name, token, $"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}/kiosk/{token}", kiosk.PairingExpiresAt!.Value);

    /// <summary>A new pairing code for the screen; the device paired before is signed out.</summary>
    private static async Task<Results<Ok<CreatedKiosk>, ProblemHttpResult>> RePair(string id, HttpContext context, AccountStore accounts)
    {
        if (long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var kioskId)
            && await accounts.RePairKiosk(kioskId, context.Actor(), context.RequestAborted) is { } paired)
        {
            return TypedResults.Ok(Pairing(context, paired.Kiosk, paired.Token));
        }

        return Problems.NotFound("Không tìm thấy màn hình / No such screen", $"No live screen has the id '{Problems.Quote(id)}'.");
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Revoke(string id, HttpContext context, AccountStore accounts)
    {
        if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var kioskId)
            || !await accounts.RevokeKiosk(kioskId, context.Actor(), context.RequestAborted))
        {
            return Problems.NotFound("Không tìm thấy liên kết màn hình / No such kiosk link", $"No live kiosk link has the id '{Problems.Quote(id)}'.");
        }

        return TypedResults.NoContent();
    }
}
