using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace LaoCaiFanpage.Silo.Crisis;

/// <summary>A monitoring system's signal as it sent it, checked field by field.</summary>
public sealed record FeedSignal(string Id, string Title, string? Description, int Severity, string? Url, IReadOnlyList<string> PostIds,
    IReadOnlyList<string> Keywords, DateTimeOffset DetectedAt);

/// <summary>Why a signal's body was refused: the JSON path of the first field at fault, and what it must be.</summary>
public sealed record FeedSignalError(string Path, string Message);

/// <summary>
/// Reads a signed signal body: <c>{"id","title","description"?,"severity","url"?,"postIds"?,"keywords"?,"detectedAt"}</c>.
/// Unknown fields are ignored (a sender may add its own); every known one is checked, and the first fault is named by
/// its JSON path so the integrator can find it.
/// </summary>
public static partial class SignalFeedInput
{
    /// <summary>How far in the future a detection time may be (clocks differ); beyond that it is a mistake.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    public static (FeedSignal? Signal, FeedSignalError? Error) Parse(ReadOnlySpan<byte> body, DateTimeOffset now)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.ToArray(), new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException ex)
        {
            return (null, new FeedSignalError(ex.Path ?? "$", $"The body is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1})."));
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, new FeedSignalError("$", "The body must be a JSON object."));
            }

            var idField = Text(root, "id", 1, 100, true);
            if (idField.Error is not null)
            {
                return (null, idField.Error);
            }

            var id = idField.Value!;
            if (!SignalId().IsMatch(id))
            {
                return (null, new FeedSignalError("$.id", "id must be 1 to 100 characters: letters a–z or A–Z, digits, '.', '_', ':' or '-'."));
            }

            var title = Text(root, "title", 1, 300, true);
            if (title.Error is not null)
            {
                return (null, title.Error);
            }

            var description = Text(root, "description", 0, 4000, false);
            if (description.Error is not null)
            {
                return (null, description.Error);
            }

            if (!root.TryGetProperty("severity", out var s) || s.ValueKind != JsonValueKind.Number || !s.TryGetInt32(out var severity) || severity is < 1 or > 4)
            {
                return (null, new FeedSignalError("$.severity", "severity must be a whole number from 1 (attention) to 4 (most serious)."));
            }

            var url = Text(root, "url", 1, 2000, false);
            if (url.Error is not null)
            {
                return (null, url.Error);
            }

            if (url.Value is not null && (!Uri.TryCreate(url.Value, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
            {
                return (null, new FeedSignalError("$.url", "url must be an absolute http(s) address."));
            }

            var (postIds, postError) = List(root, "postIds", 50, 100, CrisisApi.PostId(), "Facebook post ids: digits, optionally '_' and digits");
            if (postError is not null)
            {
                return (null, postError);
            }

            var (keywords, keywordError) = List(root, "keywords", 20, 100, null, null);
            if (keywordError is not null)
            {
                return (null, keywordError);
            }

            var detected = Text(root, "detectedAt", 1, 40, true);
            if (detected.Error is not null)
            {
                return (null, detected.Error);
            }

            if (!Instant().IsMatch(detected.Value!) || !DateTimeOffset.TryParse(detected.Value, CultureInfo.InvariantCulture,
                DateTimeStyles.None, out var detectedAt))
            {
                return (null, new FeedSignalError("$.detectedAt", "detectedAt must be an ISO 8601 instant with its offset, e.g. \"2026-12-07T09:30:00+07:00\" or \"2026-12-07T02:30:00Z\"."));
            }

            if (detectedAt > now + ClockSkew)
            {
                return (null, new FeedSignalError("$.detectedAt", "detectedAt is in the future: check the sending system's clock."));
            }

            return (new FeedSignal(id, title.Value!, string.IsNullOrEmpty(description.Value) ? null : description.Value, severity, url.Value, postIds, keywords, detectedAt), null);
        }
    }

    private readonly record struct Field(string? Value, FeedSignalError? Error);

    /// <summary>A string field, trimmed: missing (when allowed) or null is no value; anything else out of shape is an error.</summary>
    private static Field Text(JsonElement root, string name, int min, int max, bool required)
    {
        var path = "$." + name;
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return required ? new Field(null, new FeedSignalError(path, $"{name} is required.")) : new Field(null, null);
        }

        if (value.ValueKind != JsonValueKind.String || Read(value) is not { } text)
        {
            return new Field(null, new FeedSignalError(path, $"{name} must be a text (valid Unicode)."));
        }

        text = text.Trim();
        if (text.Length < min || text.Length > max || HasControl(text))
        {
            return new Field(null, new FeedSignalError(path, $"{name} must be {min} to {max:N0} characters, without control characters (line breaks are allowed)."));
        }

        return new Field(text, null);
    }

    private static (List<string> Values, FeedSignalError? Error) List(JsonElement root, string name, int max, int length, Regex? pattern, string? shape)
    {
        var values = new List<string>();
        if (!root.TryGetProperty(name, out var list) || list.ValueKind == JsonValueKind.Null)
        {
            return (values, null);
        }

        if (list.ValueKind != JsonValueKind.Array || list.GetArrayLength() > max)
        {
            return (values, new FeedSignalError("$." + name, $"{name} must be an array of at most {max} texts."));
        }

        var index = 0;
        foreach (var item in list.EnumerateArray())
        {
            var text = item.ValueKind == JsonValueKind.String ? Read(item)?.Trim() : null;
            if (string.IsNullOrEmpty(text) || text.Length > length || HasControl(text) || (pattern is not null && !pattern.IsMatch(text)))
            {
                return (values, new FeedSignalError($"$.{name}[{index}]", $"each of {name} must be a text of 1 to {length} characters{(shape is null ? string.Empty : " (" + shape + ")")}."));
            }

            if (!values.Contains(text, StringComparer.OrdinalIgnoreCase))
            {
                values.Add(text);
            }

            index++;
        }

        return (values, null);
    }

    /// <summary>The string, or null when it holds a lone surrogate escape ("\uD800"), which is valid JSON but no text.</summary>
    private static string? Read(JsonElement value)
    {
        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static bool HasControl(string text) => text.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t'));

    [GeneratedRegex("^[A-Za-z0-9._:-]{1,100}$")]
    private static partial Regex SignalId();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex Instant();
}
