using LaoCaiFanpage.Contracts;
using LaoCaiFanpage.Contracts.Accounts;
using LaoCaiFanpage.Contracts.Integrity;
using LaoCaiFanpage.Grains.Fanpages;
using LaoCaiFanpage.Silo.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace LaoCaiFanpage.Silo.Integrity;

/// <summary>
/// The page's integrity findings (Art. 8.1): what the page showed on Facebook that did not pass the approval chain,
/// and the Chief of Office's acknowledgement of each with its reason.
/// </summary>
public static class IntegrityApi
{
    public static IEndpointRouteBuilder MapIntegrityApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/integrity").WithTags("Integrity");
        group.MapGet("/findings", List).WithSummary("What the page did on Facebook that the approval chain did not hand over (Art. 8.1)").RequireAuthorization(AccessPolicies.ReadIntegrity);
        group.MapPost("/findings/{id}/acknowledge", Acknowledge).WithSummary("The Chief of Office acknowledges an integrity finding").RequireAuthorization(AccessPolicies.AcknowledgeIntegrity).DisableAntiforgery();
        return routes;
    }

    public sealed record FindingList(IReadOnlyList<IntegrityFinding> Items);

    private static async Task<Results<Ok<FindingList>, ProblemHttpResult>> List(IGrainFactory grains, IOptions<FanpageOptions> fanpage, string? status)
    {
        if (status is not null && !IntegrityStatuses.All.Contains(status))
        {
            return Problems.InvalidParameter($"status is one of {string.Join(", ", IntegrityStatuses.All)}.");
        }

        return TypedResults.Ok(new FindingList(await grains.GetGrain<IIntegrityGrain>(fanpage.Value.PageId).List(status)));
    }

    /// <summary><c>{"note"}</c>: why it stands (e.g. "đăng khẩn theo chỉ đạo của Chủ tịch"), 1 to 1,000 characters.</summary>
    private static async Task<Results<Ok<IntegrityFinding>, ProblemHttpResult>> Acknowledge(string id, HttpContext context, IGrainFactory grains, IOptions<FanpageOptions> fanpage)
    {
        var body = await CommandBody.Read(context.Request, context.RequestAborted);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var note = body.Text("note")?.Trim();
        if (string.IsNullOrEmpty(note) || note.Length > 1000)
        {
            return Problems.InvalidParameter("note is required: 1 to 1,000 characters saying why the publication stands (e.g. \"đăng khẩn theo chỉ đạo\").");
        }

        var result = await grains.GetGrain<IIntegrityGrain>(fanpage.Value.PageId).Acknowledge(id, note, context.Actor());
        if (result.Finding is not null)
        {
            return TypedResults.Ok(result.Finding);
        }

        return result.Refusal!.Code == Refusal.NotFoundCode
            ? Problems.NotFound("Không có phát hiện này / No such finding", $"No integrity finding has the id '{Problems.Quote(id)}'.")
            : Problems.Refused(result.Refusal, "Không ghi nhận được / Cannot acknowledge");
    }
}
