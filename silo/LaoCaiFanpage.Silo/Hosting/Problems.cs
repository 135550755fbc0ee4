using Microsoft.AspNetCore.Http.HttpResults;

namespace LaoCaiFanpage.Silo.Hosting;

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
    /// A grain's refusal ("code: message") as a problem: 403 for <c>forbidden</c>, 400 for the codes that say the
    /// request itself lacks something, 409 otherwise (the thing's state does not allow it). Clients branch on the
    /// <c>code</c> extension; people read the detail.
    /// </summary>
    public static ProblemHttpResult Refused(string refusal, string conflictTitle, params string[] badRequestCodes)
    {
        var code = refusal[..Math.Max(0, refusal.IndexOf(':', StringComparison.Ordinal))];
        var problem = code == "forbidden" ? Forbidden("Không có quyền / Forbidden", refusal)
            : badRequestCodes.Contains(code, StringComparer.Ordinal) ? InvalidParameter(refusal)
            : Create(StatusCodes.Status409Conflict, conflictTitle, refusal);
        problem.ProblemDetails.Extensions["code"] = code;
        return problem;
    }

    /// <summary>Caller-supplied text as it may appear in a problem detail: at most 80 characters.</summary>
    public static string Quote(string text) => text.Length <= 80 ? text : text[..80] + "…";

    private static ProblemHttpResult Create(int status, string title, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title);
}
