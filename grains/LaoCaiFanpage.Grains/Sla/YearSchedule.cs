using System.Globalization;
using System.Text.Json;

namespace LaoCaiFanpage.Grains.Sla;

/// <summary>A named date: a day off (holiday, Tết, compensatory day) or a make-up working Saturday.</summary>
public sealed record NamedDay(DateOnly Date, string Name);

/// <summary>
/// One year's non-working weekdays and make-up Saturdays for state agencies. <see cref="Provisional"/>
/// is true when the Government has not announced the year and it was derived from the Labour Code.
/// </summary>
public sealed record YearSchedule(int Year, bool Provisional, string Source, IReadOnlyList<NamedDay> DaysOff, IReadOnlyList<NamedDay> MakeUpWorkingDays);

/// <summary>The official yearly schedules shipped with the project (<c>Sla/vn-official-days-off.json</c>) or from a file.</summary>
public static class OfficialSchedules
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IReadOnlyDictionary<int, YearSchedule> Load(string? path = null)
    {
        using var stream = string.IsNullOrWhiteSpace(path)
            ? typeof(OfficialSchedules).Assembly.GetManifestResourceStream("LaoCaiFanpage.Sla.vn-official-days-off.json")
                ?? throw new InvalidOperationException("The shipped schedule file is missing.")
            : File.OpenRead(path);
        var file = JsonSerializer.Deserialize<ScheduleFile>(stream, Json) ?? throw new InvalidDataException("The schedule file is empty.");
        var years = new Dictionary<int, YearSchedule>();
        foreach (var (key, year) in file.Years ?? [])
        {
            var number = int.Parse(key, CultureInfo.InvariantCulture);
            var daysOff = (year.DaysOff ?? []).Select(d => new NamedDay(DateOnly.Parse(d.Date, CultureInfo.InvariantCulture), d.Name)).ToList();
            var makeUp = (year.MakeUpWorkingDays ?? []).Select(d => new NamedDay(DateOnly.Parse(d.Date, CultureInfo.InvariantCulture), d.Name)).ToList();
            if (daysOff.Concat(makeUp).Any(d => d.Date.Year != number))
            {
                throw new InvalidDataException($"The schedule of {number} lists a date of another year.");
            }

            if (makeUp.Any(d => d.Date.DayOfWeek is not DayOfWeek.Saturday and not DayOfWeek.Sunday))
            {
                throw new InvalidDataException($"The schedule of {number} lists a make-up working day that is not a weekend day.");
            }

            years[number] = new YearSchedule(number, false, year.Source ?? "official", daysOff, makeUp);
        }

        return years;
    }

    private sealed record ScheduleFile(Dictionary<string, YearEntry>? Years);

    private sealed record YearEntry(string? Source, List<DayEntry>? DaysOff, List<DayEntry>? MakeUpWorkingDays);

    private sealed record DayEntry(string Date, string Name);
}
