namespace LaoCaiFanpage.Grains.Publishing;

/// <summary>What the outbox does about a Graph API failure.</summary>
public enum GraphFailure
{
    /// <summary>Meta throttled the call (codes 4, 17, 32, 613, 80001, 80006): nothing happened, wait and retry.</summary>
    Throttled,

    /// <summary>The page token is invalid or expired (code 190): stop publishing and alert an operator.</summary>
    InvalidToken,

    /// <summary>Meta refused for good (deleted comment, person unavailable, outside the window…).</summary>
    Permanent,

    /// <summary>A server error, a timeout or a broken connection: whether Meta acted is unknown.</summary>
    Unknown,
}

/// <summary>A Graph API error as Meta reports it: <c>{"error":{"message","type","code","error_subcode","fbtrace_id"}}</c>.</summary>
public sealed class GraphApiException(
    GraphFailure failure, int httpStatus, int? code, int? subcode, string? type, string message, string? traceId, TimeSpan? regainAccessIn, Exception? inner = null)
    : Exception(message, inner)
{
    private static readonly int[] ThrottlingCodes = [4, 17, 32, 613, 80001, 80006];

    public GraphFailure Failure { get; } = failure;

    public int HttpStatus { get; } = httpStatus;

    public int? Code { get; } = code;

    public int? Subcode { get; } = subcode;

    public string? Type { get; } = type;

    public string? TraceId { get; } = traceId;

    /// <summary>How long Meta asks us to back off (<c>X-Business-Use-Case-Usage</c>'s estimated_time_to_regain_access), if it said.</summary>
    public TimeSpan? RegainAccessIn { get; } = regainAccessIn;

    /// <summary>A short line for the case history and the operator: code, subcode and Meta's message.</summary>
    public string Summary => $"{(Code is null ? $"HTTP {HttpStatus}" : $"code {Code}{(Subcode is null ? string.Empty : "/" + Subcode)}")}: {Message}";

    public static GraphFailure Classify(int httpStatus, int? code) => code switch
    {
        190 or 102 => GraphFailure.InvalidToken,
        1 or 2 => GraphFailure.Unknown,
        { } c when ThrottlingCodes.Contains(c) => GraphFailure.Throttled,
        _ when httpStatus >= 500 => GraphFailure.Unknown,
        _ when httpStatus == 429 => GraphFailure.Throttled,
        _ => GraphFailure.Permanent,
    };
}
