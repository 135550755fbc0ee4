using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Orleans.Storage;

namespace LaoCaiFanpage.Grains.Storage;

/// <summary>
/// Stores grain state as plain JSON (System.Text.Json) without type names, so that renaming or moving
/// a C# type never makes stored cases unreadable. The state classes are shaped for it: public
/// properties, no polymorphism.
/// </summary>
public sealed class JsonGrainStateSerializer : IGrainStorageSerializer
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // Vietnamese text stays readable in the database file instead of \uXXXX escapes.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public BinaryData Serialize<T>(T? input) => new(JsonSerializer.SerializeToUtf8Bytes(input, Options));

    public T Deserialize<T>(BinaryData input) =>
        JsonSerializer.Deserialize<T>(input.ToMemory().Span, Options)
        ?? throw new JsonException($"Stored state of {typeof(T).Name} is null.");
}
