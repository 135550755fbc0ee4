using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CsvHelper;
using CsvHelper.Configuration;
using LaoCaiFanpage.Contracts.Accounts;
using LaoCaiFanpage.Contracts.Impostors;
using LaoCaiFanpage.Grains.Impostors;
using LaoCaiFanpage.Silo.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace LaoCaiFanpage.Silo.Impostors;

/// <summary>
/// Impostor pages over HTTP (R15.2): candidates from officers and CSV files, the scored list, one page with its
/// history, the officers' confirm → report → remove (or dismiss), and a page search on demand.
/// </summary>
public static partial class ImpostorsApi
{
    private const int MaxCandidateBytes = 4 * 1024 * 1024;
    private const int MaxImportBytes = 8 * 1024 * 1024;
    private const int MaxImportRows = 500;

    public static IEndpointRouteBuilder MapImpostorsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/impostors").WithTags("Impostors");
        group.MapPost("/candidates", Submit).WithSummary("Reports a page that may impersonate the official one").RequireAuthorization(AccessPolicies.ReportImpostors).DisableAntiforgery();
        group.MapPost("/candidates/import", Import).WithSummary("Imports candidate pages from a CSV file").WithMetadata(new RequestContent("text/csv")).RequireAuthorization(AccessPolicies.ReportImpostors).DisableAntiforgery();
        group.MapPost("/search", Search).WithSummary("Searches Facebook's pages for the official name's variants now").RequireAuthorization(AccessPolicies.HandleImpostors).DisableAntiforgery();
        group.MapGet("/", List).WithSummary("Candidate impostor pages with their scores and reasons").RequireAuthorization(AccessPolicies.ReadImpostors);
        group.MapGet("/{id}", Get).WithSummary("One candidate page with its evidence and history").RequireAuthorization(AccessPolicies.ReadImpostors);
        group.MapPost("/{id}/{action}", Act).WithSummary("Confirms, reports to Meta, marks removed or dismisses a page").RequireAuthorization(AccessPolicies.HandleImpostors).DisableAntiforgery();
        return routes;
    }

    private static async Task<Results<Created<ImpostorView>, Ok<ImpostorView>, ProblemHttpResult>> Submit(
        HttpContext context, IGrainFactory grains, PagePictures pictures, IOptions<ImpostorOptions> options, ILoggerFactory loggers)
    {
        var body = await CommandBody.Read(context.Request, context.RequestAborted, MaxCandidateBytes);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var (fields, fieldProblem) = Fields(body.Root);
        if (fieldProblem is not null)
        {
            return Problems.InvalidParameter(fieldProblem);
        }

        var (input, error) = CandidateInput.Validate(fields!, CandidateSources.Officer, options.Value, pictures);
        if (input is null)
        {
            var logger = loggers.CreateLogger(typeof(ImpostorsApi));
            LogRefused(logger, error!);
            return Problems.InvalidParameter(error!);
        }

        var candidate = await WithPicture(input, pictures, loggers, context.RequestAborted);
        var grain = grains.GetGrain<IImpostorPageGrain>(ImpostorPageKey.For(candidate));
        var existed = await grain.Get() is not null;
        var view = await grain.Observe(candidate, context.Actor());
        return existed ? TypedResults.Ok(view) : TypedResults.Created("/api/impostors/" + view.Id, view);
    }

    public sealed record ImportResult(int Imported, IReadOnlyList<ImpostorView> Items);

    private static async Task<Results<Ok<ImportResult>, ProblemHttpResult>> Import(
        HttpContext context, IGrainFactory grains, PagePictures pictures, IOptions<ImpostorOptions> options, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(ImpostorsApi));
        if (context.Request.ContentType is not { } type || !type.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Kiểu dữ liệu không được hỗ trợ / Unsupported media type", detail: "Send the candidates as text/csv (UTF-8) with a header row.");
        }

        var bytes = await RequestBody.ReadLimited(context.Request, MaxImportBytes, context.RequestAborted);
        if (bytes is null)
        {
            return Problems.TooLarge("8 MiB");
        }

        var (rows, csvProblem) = ReadCsv(bytes);
        if (csvProblem is not null)
        {
            LogRefused(logger, csvProblem);
            return Problems.InvalidParameter(csvProblem);
        }

        // Every row is checked before any is recorded: a file with one bad row changes nothing.
        var inputs = new List<CandidateInput>();
        var errors = new List<string>();
        foreach (var (line, fields) in rows!)
        {
            var (input, error) = CandidateInput.Validate(fields, CandidateSources.Import, options.Value, pictures);
            if (input is null)
            {
                errors.Add($"line {line}: {error}");
            }
            else
            {
                inputs.Add(input);
            }
        }

        if (errors.Count > 0)
        {
            LogImportRefused(logger, errors.Count);
            var problem = Problems.InvalidParameter($"{errors.Count} row(s) are invalid; nothing was imported. {string.Join(" ", errors.Take(20))}");
            problem.ProblemDetails.Extensions["errors"] = errors;
            return problem;
        }

        var items = new List<ImpostorView>();
        foreach (var input in inputs)
        {
            var candidate = await WithPicture(input, pictures, loggers, context.RequestAborted);
            items.Add(await grains.GetGrain<IImpostorPageGrain>(ImpostorPageKey.For(candidate)).Observe(candidate, context.Actor()));
        }

        return TypedResults.Ok(new ImportResult(items.Count, items));
    }

    private static async Task<Results<Ok<ImpostorWatchRound>, ProblemHttpResult>> Search(ImpostorWatch watch, CancellationToken cancellationToken)
    {
        if (!watch.Enabled)
        {
            var problem = TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Chưa bật tìm kiếm trang / Page search is off",
                detail: "Set Impostors:Search:Enabled (it needs Meta's Page Public Content Access feature).");
            problem.ProblemDetails.Extensions["code"] = "search-disabled";
            return problem;
        }

        return TypedResults.Ok(await watch.RunRound(cancellationToken));
    }

    public sealed record ImpostorList(IReadOnlyList<ImpostorView> Items);

    private static async Task<Results<Ok<ImpostorList>, ProblemHttpResult>> List(IGrainFactory grains, string? status)
    {
        if (status is not null && !ImpostorStatuses.All.Contains(status))
        {
            return Problems.InvalidParameter($"status is one of {string.Join(", ", ImpostorStatuses.All)}.");
        }

        return TypedResults.Ok(new ImpostorList(await grains.GetGrain<IImpostorRegistryGrain>(0).List(status)));
    }

    private static async Task<Results<Ok<ImpostorView>, ProblemHttpResult>> Get(string id, IGrainFactory grains) =>
        PageKey().IsMatch(id) && await grains.GetGrain<IImpostorPageGrain>(id).Get() is { } page ? TypedResults.Ok(page) : NotFound(id);

    private static async Task<Results<Ok<ImpostorView>, ProblemHttpResult>> Act(string id, string action, HttpContext context, IGrainFactory grains)
    {
        if (!ImpostorActions.All.Contains(action))
        {
            return Problems.NotFound("Không có thao tác này / No such action", $"The action is one of {string.Join(", ", ImpostorActions.All)}.");
        }

        var body = await CommandBody.Read(context.Request, context.RequestAborted);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var reference = body.Text("reference")?.Trim();
        var note = body.Text("note")?.Trim();
        if (reference is { Length: > 200 } || note is { Length: > 2000 }
            || (body.Root.TryGetProperty("reference", out var r) && r.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
            || (body.Root.TryGetProperty("note", out var n) && n.ValueKind is not (JsonValueKind.String or JsonValueKind.Null)))
        {
            return Problems.InvalidParameter("reference is a text of at most 200 characters and note of at most 2,000.");
        }

        if (!PageKey().IsMatch(id) || await grains.GetGrain<IImpostorPageGrain>(id).Get() is null)
        {
            return NotFound(id);
        }

        var result = await grains.GetGrain<IImpostorPageGrain>(id).Act(action, string.IsNullOrEmpty(reference) ? null : reference, string.IsNullOrEmpty(note) ? null : note, context.Actor());
        if (result.Page is not null)
        {
            return TypedResults.Ok(result.Page);
        }

        return Problems.Refused(result.Refusal!, "Không thực hiện được với trạng thái của trang / Invalid for the page's status", "reference-required");
    }

    /// <summary>The candidate's fields from a JSON object: texts, and followers as a number or a text of digits.</summary>
    private static (CandidateFields? Fields, string? Problem) Fields(JsonElement root)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var name in CandidateFields.Names)
        {
            if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                values[name] = null;
            }
            else if (value.ValueKind == JsonValueKind.String)
            {
                values[name] = value.GetString();
            }
            else if (name == "followers" && value.ValueKind == JsonValueKind.Number)
            {
                values[name] = value.TryGetInt64(out var count) && count >= 0 ? count.ToString(CultureInfo.InvariantCulture) : "-";
            }
            else
            {
                return (null, $"{name} must be a text{(name == "followers" ? " or a whole number" : string.Empty)}.");
            }
        }

        return (new CandidateFields(values["url"], values["pageId"], values["name"], values["username"], values["about"], values["category"], values["followers"],
            values["verificationStatus"], values["picture"]), null);
    }

    /// <summary>The rows of a CSV file with a header of known columns, each with its line number; or what is wrong with the file.</summary>
    private static (List<(int Line, CandidateFields Fields)>? Rows, string? Problem) ReadCsv(byte[] bytes)
    {
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            return (null, "the file is not UTF-8 text.");
        }

        var rows = new List<(int, CandidateFields)>();
        try
        {
            using var reader = new StringReader(text);
            using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture)
            {
                DetectDelimiter = true,
                DetectDelimiterValues = [",", ";", "\t"],
                BadDataFound = context => throw new BadDataException(context.Field, context.RawRecord, context.Context, "A field has a quote in the wrong place."),
                MissingFieldFound = null,
            });
            if (!csv.Read() || !csv.ReadHeader() || csv.HeaderRecord is not { Length: > 0 } header)
            {
                return (null, "the file has no header row (columns: " + string.Join(", ", CandidateFields.Names) + ").");
            }

            var columns = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < header.Length; i++)
            {
                var known = CandidateFields.Names.FirstOrDefault(n => n.Equals(header[i].Trim(), StringComparison.OrdinalIgnoreCase));
                if (known is null)
                {
                    return (null, $"unknown column '{Problems.Quote(header[i])}' (columns: {string.Join(", ", CandidateFields.Names)}).");
                }

                if (!columns.TryAdd(known, i))
                {
                    return (null, $"the column '{known}' appears twice.");
                }
            }

            if (!columns.ContainsKey("name") && !columns.ContainsKey("url"))
            {
                return (null, "the file needs a name or a url column.");
            }

            while (csv.Read())
            {
                if (rows.Count >= MaxImportRows)
                {
                    return (null, $"at most {MaxImportRows} rows per file.");
                }

                string? Field(string name) => columns.TryGetValue(name, out var index) && index < csv.Parser.Count ? csv.GetField(index) : null;
                rows.Add((csv.Parser.RawRow, new CandidateFields(Field("url"), Field("pageId"), Field("name"), Field("username"), Field("about"), Field("category"),
                    Field("followers"), Field("verificationStatus"), Field("picture"))));
            }
        }
        catch (CsvHelperException ex)
        {
            return (null, $"the file is not valid CSV near line {ex.Context?.Parser?.RawRow}: {ex.Message.Split('\n')[0]}");
        }

        return rows.Count == 0 ? (null, "the file has no rows.") : (rows, null);
    }

    /// <summary>Downloads a picture given by address; one that cannot be had leaves the candidate without a picture (the log says why).</summary>
    private static async Task<PageCandidate> WithPicture(CandidateInput input, PagePictures pictures, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (input.PictureAddress is null)
        {
            return input.Page;
        }

        var (hash, problem) = await pictures.Hash(input.PictureAddress, cancellationToken);
        if (problem is not null)
        {
            var logger = loggers.CreateLogger(typeof(ImpostorsApi));
            LogPictureFailed(logger, input.PictureAddress.Host, problem);
        }

        return input.Page with { PictureHash = hash };
    }

    private static ProblemHttpResult NotFound(string id) =>
        Problems.NotFound("Không có trang này / No such page", $"No candidate page has the id '{Problems.Quote(id)}'.");

    [GeneratedRegex("^page-[0-9a-f]{32}$")]
    private static partial Regex PageKey();

    [LoggerMessage(Level = LogLevel.Information, Message = "Impostor candidate refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Impostor import refused: {Count} invalid row(s), nothing recorded")]
    private static partial void LogImportRefused(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Impostor candidate's picture from {Host} not hashed: {Problem}")]
    private static partial void LogPictureFailed(ILogger logger, string host, string problem);
}
