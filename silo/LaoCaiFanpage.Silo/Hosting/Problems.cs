using Microsoft.AspNetCore.Http.HttpResults;

namespace LaoCaiFanpage.Silo.Hosting;

/// <summary>RFC 7807 problem responses with a Vietnamese-and-English title.</summary>
public static class Problems
{
    public static ProblemHttpResult BadRequest(string title, string detail) => Create(StatusCodes.Status400BadRequest, title, detail);

    public static ProblemHttpResult Unauthorized(string title, string detail) => Create(StatusCodes.Status401Unauthorized, title, detail);

    public static ProblemHttpResult Forbidden(string title, string detail) => Create(StatusCodes.Status403Forbidden, title, detail);

    public static ProblemHttpResult NotFound(string title, string detail) => Create(StatusCodes.Status404NotFound, title, detail);

    public static ProblemHttpResult TooLarge(string limit = "1 MiB") => Create(StatusCodes.Status413PayloadTooLarge,
        "Dữ liệu quá lớn / Payload too large", $"The body exceeds {limit}.");

    /// <summary>Caller-supplied text as it may appear in a problem detail: at most 80 characters.</summary>
    public static string Quote(string text) => text.Length <= 80 ? text : text[..80] + "…";

    private static ProblemHttpResult Create(int status, string title, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title);
}
