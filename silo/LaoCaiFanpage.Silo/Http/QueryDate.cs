using System.Globalization;

namespace LaoCaiFanpage.Silo.Http;

/// <summary>Calendar-date query parameters (<c>from</c>, <c>to</c>, a report's date): yyyy-MM-dd, a day of Vietnam time.</summary>
public static class QueryDate
{
    public static bool TryRead(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
}
