using LaoCaiFanpage.Contracts.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LaoCaiFanpage.Silo.Hosting;

/// <summary>
/// What the service exposes and who may call it: every endpoint with its methods and policy. For
/// administrators reviewing access (and the authorisation matrix test, which must cover each one).
/// </summary>
public static class SystemApi
{
    public static IEndpointRouteBuilder MapSystemApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/system/endpoints", List).WithSummary("Every endpoint the host exposes, with its policy (administrators)").WithTags("System").RequireAuthorization(AccessPolicies.Administer);
        return routes;
    }

    public sealed record EndpointAccess(string Route, IReadOnlyList<string> Methods, bool Anonymous, IReadOnlyList<string> Policies);

    private static Ok<EndpointAccess[]> List(EndpointDataSource endpoints) => TypedResults.Ok(endpoints.Endpoints
        .OfType<RouteEndpoint>()
        .Select(e => new EndpointAccess(
            "/" + (e.RoutePattern.RawText ?? string.Empty).TrimStart('/'),
            e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? [],
            e.Metadata.GetMetadata<IAllowAnonymous>() is not null,
            [.. e.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy ?? "signed-in")]))
        .OrderBy(e => e.Route, StringComparer.Ordinal)
        .ToArray());
}
