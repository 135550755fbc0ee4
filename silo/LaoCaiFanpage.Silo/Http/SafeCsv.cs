using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace LaoCaiFanpage.Silo.Http;

/// <summary>
/// CSV the service hands out (the processing log's export, the daily report): RFC 4180 quoting, and every cell
/// a spreadsheet would read as a formula (starting with = + - @, a tab or a carriage return, as OWASP lists them)
/// escaped with an apostrophe and quoted, so text a citizen or an attacker chose never runs in the Office's Excel.
/// </summary>
public static class SafeCsv
{
    private static readonly CsvConfiguration Configuration = new(CultureInfo.InvariantCulture)
    {
        InjectionOptions = InjectionOptions.Escape,
        NewLine = "\r\n",
        // A line break of either kind inside a cell is quoted too (a citizen's comment often has a bare \n).
        ShouldQuote = args => ConfigurationFunctions.ShouldQuote(args) || (args.Field?.AsSpan().IndexOfAny('\r', '\n') ?? -1) >= 0,
    };

    public static CsvWriter Writer(TextWriter writer) => new(writer, Configuration, leaveOpen: true);

    /// <summary>One record as its CSV line, without the line break.</summary>
    public static string Line(params IEnumerable<string?> fields)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = Writer(text))
        {
            foreach (var field in fields)
            {
                csv.WriteField(field ?? string.Empty);
            }

            csv.Flush();
        }

        return text.ToString();
    }
}
