using System.Globalization;

namespace LaoCaiFanpage.Silo.Http;

/// <summary>Whole-number query parameters such as <c>page</c> and <c>pageSize</c>.</summary>
public static class QueryNumber
{
    /// <summary>The largest <c>pageSize</c> of the lists (cases, moderation, posts, quarantine).</summary>
    public const int MaxPageSize = 200;

    /// <summary>The number from 1 to <paramref name="max"/> (digits only), or the fallback when absent; false when malformed or out of range.</summary>
    public static bool TryRead(string? text, int fallback, int max, out int value)
    {
        if (text is null)
        {
            value = fallback;
            return true;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= 1 && value <= max;
    }
}
