namespace LaoCaiFanpage.Contracts;

/// <summary>
/// Why a grain did not do what it was asked: a stable <paramref name="Code"/> that clients branch on (the API puts it
/// in the problem's <c>code</c>) and a bilingual <paramref name="Message"/> for people. The API decides the status
/// from the code alone: <see cref="ForbiddenCode"/> is a 403, the codes an endpoint names as its caller's mistake a
/// 400, any other a 409 (the thing's state does not allow it).
/// </summary>
[GenerateSerializer, Immutable, Alias("lcf.Refusal")]
public sealed record Refusal(
    [property: Id(0)] string Code,
    [property: Id(1)] string Message)
{
    public const string ForbiddenCode = "forbidden";

    public const string NotFoundCode = "not-found";

    /// <summary>The caller's roles or unit do not allow this.</summary>
    public static Refusal Forbidden(string message) => new(ForbiddenCode, message);

    /// <summary>"code: message", as the problem's detail and the logs show it.</summary>
    public override string ToString() => $"{Code}: {Message}";
}
