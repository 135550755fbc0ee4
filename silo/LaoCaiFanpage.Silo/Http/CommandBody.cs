using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LaoCaiFanpage.Silo.Http;

/// <summary>A command's JSON object body, or the precise problem with it.</summary>
public sealed class CommandBody
{
    public const int MaxBytes = 64 * 1024;

    private CommandBody(JsonElement root, ProblemHttpResult? problem)
    {
        Root = root;
        Problem = problem;
    }

    public JsonElement Root { get; }

    /// <summary>A string property, or null when it is missing or not a string.</summary>
    public string? Text(string name) => Root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public ProblemHttpResult? Problem { get; }

    /// <summary>
    /// A name a person gives a thing (a screen, a system, a token): trimmed, 1 to <paramref name="max"/> characters, no
    /// control characters; null when it is missing or not that.
    /// </summary>
    public string? Name(string property, int max = 100) =>
        Text(property)?.Trim() is { Length: > 0 } name && name.Length <= max && !name.Any(char.IsControl) ? name : null;

    public static async Task<CommandBody> Read(HttpRequest request, CancellationToken cancellationToken, int maxBytes = MaxBytes)
    {
        // Only JSON: a cross-site form cannot send this content type without the browser asking first,
        // which together with the SameSite cookie keeps signed-in browsers safe from forged commands.
        if (!request.HasJsonContentType())
        {
            return new CommandBody(default, TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Kiểu dữ liệu không được hỗ trợ / Unsupported media type", detail: "Send the body as application/json."));
        }

        var bytes = await RequestBody.ReadLimited(request, maxBytes, cancellationToken);
        if (bytes is null)
        {
            return new CommandBody(default, Problems.TooLarge(maxBytes >= 1024 * 1024 ? $"{maxBytes / (1024 * 1024)} MiB" : $"{maxBytes / 1024} KiB"));
        }

        try
        {
            using var document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 16 });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return new CommandBody(default, Problems.BadRequest("Dữ liệu không hợp lệ / Malformed body", "The body must be a JSON object."));
            }

            if (!TextIsReadable(document.RootElement))
            {
                // "\uD800" alone is valid JSON but no text: reading it would throw deep inside an endpoint.
                return new CommandBody(default, Problems.BadRequest("Dữ liệu không hợp lệ / Malformed body", "The body contains a string that is not valid Unicode (a lone surrogate escape)."));
            }

            return new CommandBody(document.RootElement.Clone(), null);
        }
        catch (JsonException ex)
        {
            return new CommandBody(default, Problems.BadRequest("Dữ liệu không hợp lệ / Malformed body", "The body is not valid JSON: " + ex.Message));
        }
    }

    /// <summary>True when every string (names and values) can be read as text.</summary>
    private static bool TextIsReadable(JsonElement element)
    {
        try
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.String:
                    _ = element.GetString();
                    return true;
                case JsonValueKind.Array:
                    return element.EnumerateArray().All(TextIsReadable);
                case JsonValueKind.Object:
                    return element.EnumerateObject().All(p => p.Name is not null && TextIsReadable(p.Value));
                default:
                    return true;
            }
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
