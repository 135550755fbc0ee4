using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using LaoCaiFanpage.Grains.Reports;
using LaoCaiFanpage.Silo.Http;

namespace LaoCaiFanpage.Silo.Reports;

/// <summary>The report's downloadable forms: CSV (UTF-8 with BOM, for spreadsheets) and XLSX (a sheet per table).</summary>
public static class ReportFiles
{
    public const string CsvType = "text/csv; charset=utf-8";
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>Every table one after another: its name on a line, its header, its rows, a blank line. Texts are neutralised against formulas.</summary>
    public static byte[] Csv(ActivityReport report)
    {
        var csv = new StringBuilder();
        foreach (var table in ReportTables.Of(report))
        {
            csv.Append(SafeCsv.Line(table.Name)).Append("\r\n");
            csv.Append(SafeCsv.Line(table.Headers)).Append("\r\n");
            foreach (var row in table.Rows)
            {
                csv.Append(SafeCsv.Line(row.Select(Cell))).Append("\r\n");
            }

            csv.Append("\r\n");
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv.ToString())];
    }

    public static byte[] Xlsx(ActivityReport report)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var sheets = workbook.Workbook.AppendChild(new Sheets());
            uint id = 1;
            foreach (var table in ReportTables.Of(report))
            {
                var part = workbook.AddNewPart<WorksheetPart>();
                var data = new SheetData();
                data.Append(new Row(table.Headers.Select(h => (OpenXmlElement)Text(h))));
                foreach (var row in table.Rows)
                {
                    data.Append(new Row(row.Select(XlsxCell)));
                }

                part.Worksheet = new Worksheet(data);
                sheets.Append(new Sheet { Id = workbook.GetIdOfPart(part), SheetId = id++, Name = table.Name });
            }
        }

        return stream.ToArray();
    }

    private static string Cell(object? value) => value switch
    {
        null => string.Empty,
        int i => i.ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("0.####", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty,
    };

    private static OpenXmlElement XlsxCell(object? value) => value switch
    {
        null => new Cell(),
        int i => new Cell { DataType = CellValues.Number, CellValue = new CellValue(i) },
        double d => new Cell { DataType = CellValues.Number, CellValue = new CellValue(d) },
        _ => Text(Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty),
    };

    /// <summary>An inline string cell: stored as text, never read as a formula.</summary>
    private static Cell Text(string text) => new() { DataType = CellValues.InlineString, InlineString = new InlineString(new Text(text)) };
}
