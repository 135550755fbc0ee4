using LaoCaiFanpage.Contracts.Accounts;
using LaoCaiFanpage.Silo.Http;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace LaoCaiFanpage.Silo.Hosting;

/// <summary>
/// The HTTP API described for integrators and the Office's IT staff: an OpenAPI document at
/// <see cref="DocumentPath"/> and a reference page at <see cref="ReferencePath"/>, both for administrators. Every
/// operation says which policy guards it (<c>x-policy</c>, and in its description) and the problem responses
/// (RFC 7807) it may answer, besides the shapes the endpoints declare themselves.
/// </summary>
public static class ApiDescription
{
    public const string DocumentPath = "/openapi/v1.json";

    /// <summary>A page, not an API route: a signed-out browser is sent to the sign-in form and back.</summary>
    public const string ReferencePath = "/reference";

    private const string ProblemJson = "application/problem+json";

    public static IServiceCollection AddApiDescription(this IServiceCollection services) => services.AddOpenApi(options =>
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "LaoCaiFanpage",
                Version = "v1",
                Description = "Trang Facebook chính thức của UBND tỉnh Lào Cai (Quyết định 1933/QĐ-UBND) / The official page's "
                    + "real-time service: cases, the editorial workflow, SLA clocks, crises, impostor pages, reports. Sign in with "
                    + "POST /api/auth/login and send the token as 'Authorization: Bearer …'. Refusals are RFC 7807 problems whose "
                    + "'code' extension names the rule.",
            };
            return Task.CompletedTask;
        });
        options.AddOperationTransformer(async (operation, context, cancellationToken) =>
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            var anonymous = metadata.OfType<IAllowAnonymous>().Any();
            var policies = metadata.OfType<IAuthorizeData>().Select(a => a.Policy ?? AccessPolicies.SignedIn).Distinct(StringComparer.Ordinal).ToList();
            var guard = anonymous ? "anonymous" : string.Join(", ", policies);
            operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
            operation.Extensions["x-policy"] = new JsonNodeExtension(guard);
            operation.Description = (operation.Description is { Length: > 0 } description ? description + "\n\n" : string.Empty)
                + (anonymous ? "Open to anyone." : $"Policy: {guard}.");

            var method = context.Description.HttpMethod ?? "GET";

            // An upload or an import names what it reads (RequestContent); most commands read their JSON body field by field
            // (CommandBody), so nothing declares it: say that there is one.
            if (metadata.OfType<RequestContent>().FirstOrDefault() is { } content)
            {
                operation.RequestBody = new OpenApiRequestBody
                {
                    Required = true,
                    Content = content.Types.ToDictionary(t => t, _ => new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } }),
                };
            }
            else if (operation.RequestBody is null && (HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method)))
            {
                operation.RequestBody = new OpenApiRequestBody
                {
                    Required = false,
                    Description = "A JSON object; its fields are listed in the README's HTTP API table (none for a plain action).",
                    Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.Object } } },
                };
            }

            var problem = await context.GetOrCreateSchemaAsync(typeof(ProblemDetails), null, cancellationToken);
            operation.Responses ??= new OpenApiResponses();
            var statuses = new List<(string Status, string Why)>();
            if (!HttpMethods.IsGet(method) || context.Description.ParameterDescriptions.Count > 0)
            {
                statuses.Add(("400", "The request is malformed or a parameter is out of range (the detail says which)."));
            }

            if (!anonymous)
            {
                statuses.Add(("401", "Not signed in."));
                statuses.Add(("403", "The caller's roles or unit do not allow it."));
            }

            if (context.Description.RelativePath?.Contains('{', StringComparison.Ordinal) == true)
            {
                statuses.Add(("404", "No such thing, or not one this caller may see."));
            }

            if (!HttpMethods.IsGet(method))
            {
                statuses.Add(("409", "The thing's state does not allow it (the 'code' extension names the rule)."));
            }

            foreach (var (status, why) in statuses.Where(s => !operation.Responses.ContainsKey(s.Status)))
            {
                operation.Responses[status] = new OpenApiResponse
                {
                    Description = why,
                    Content = new Dictionary<string, OpenApiMediaType> { [ProblemJson] = new() { Schema = problem } },
                };
            }
        });
    });

    public static WebApplication MapApiDescription(this WebApplication app)
    {
        app.MapOpenApi(DocumentPath).RequireAuthorization(AccessPolicies.Administer);
        app.MapScalarApiReference(ReferencePath, options => options.WithTitle("LaoCaiFanpage API").WithOpenApiRoutePattern(DocumentPath)
            // Its default fonts come from fonts.scalar.com: the page uses the browser's own, and reaches nothing outside.
            .DisableDefaultFonts())
            .RequireAuthorization(AccessPolicies.Administer);
        return app;
    }
}
