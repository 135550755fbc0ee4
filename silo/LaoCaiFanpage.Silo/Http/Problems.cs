using LaoCaiFanpage.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LaoCaiFanpage.Silo.Http;

/// <summary>RFC 7807 problem responses with a Vietnamese-and-English title.</summary>
public static class Problems
{
    public static ProblemHttpResult BadRequest(string title, string detail) => Create(StatusCodes.Status400BadRequest, title, detail);

    /// <summary>A query parameter or field that is missing, malformed or out of range; the detail says which and what it must be.</summary>
    public static ProblemHttpResult InvalidParameter(string detail) => BadRequest("Tham số không hợp lệ / Invalid parameter", detail);

    public static ProblemHttpResult Unauthorized(string title, string detail) => Create(StatusCodes.Status401Unauthorized, title, detail);

    public static ProblemHttpResult Forbidden(string title, string detail) => Create(StatusCodes.Status403Forbidden, title, detail);

    public static ProblemHttpResult NotFound(string title, string detail) => Create(StatusCodes.Status404NotFound, title, detail);

    public static ProblemHttpResult TooLarge(string limit = "1 MiB") => Create(StatusCodes.Status413PayloadTooLarge,
        "Dữ liệu quá lớn / Payload too large", $"The body exceeds {limit}.");

    /// <summary>503: the service cannot take this now; the caller should retry (the response says when).</summary>
    public static ProblemHttpResult Unavailable(string title, string detail) => Create(StatusCodes.Status503ServiceUnavailable, title, detail);

    /// <summary>
    /// A grain's <see cref="Refusal"/> as a problem: 403 for <see cref="Refusal.ForbiddenCode"/>, 400 for the codes that
    /// say the request itself lacks something, 409 otherwise (the thing's state does not allow it). Clients branch on
    /// the <c>code</c> extension; people read the detail.
    /// </summary>
    public static ProblemHttpResult Refused(Refusal refusal, string conflictTitle, params string[] badRequestCodes)
    {
        var detail = refusal.ToString();
        var problem = refusal.Code == Refusal.ForbiddenCode ? Forbidden("Không có quyền / Forbidden", detail)
            : badRequestCodes.Contains(refusal.Code, StringComparer.Ordinal) ? InvalidParameter(detail)
            : Create(StatusCodes.Status409Conflict, conflictTitle, detail);
        problem.ProblemDetails.Extensions["code"] = refusal.Code;
        return problem;
    }

    /// <summary>Caller-supplied text as it may appear in a problem detail: at most 80 characters.</summary>
    public static string Quote(string text) => text.Length <= 80 ? text : text[..80] + "…";

    private static ProblemHttpResult Create(int status, string title, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title);
}
