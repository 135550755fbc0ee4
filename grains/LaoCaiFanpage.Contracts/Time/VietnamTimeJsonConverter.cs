using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LaoCaiFanpage.Contracts.Time;

/// <summary>
/// Writes every instant as ISO-8601 at +07:00, as the HTTP contract and the screens promise; reads
/// any ISO-8601 offset.
/// </summary>
public sealed class VietnamTimeJsonConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDateTimeOffset();

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToVietnam().ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture));
}
