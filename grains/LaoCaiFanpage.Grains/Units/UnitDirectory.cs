using System.Text.Json;
using System.Text.Json.Serialization;

namespace LaoCaiFanpage.Grains.Units;

/// <summary>An organisational unit of the province: a department, agency, or commune/ward committee.</summary>
public sealed record UnitInfo(string Code, string Name, string Kind, string Level);

/// <summary>
/// The province's units, from a data file (R1, R16: units change by editing data, never code). The
/// project ships the post-2025 directory; <c>Units:DataFile</c> points at the Office's official list.
/// </summary>
public sealed class UnitDirectory
{
    private readonly Dictionary<string, UnitInfo> _byCode;

    public UnitDirectory(IEnumerable<UnitInfo> units)
    {
        _byCode = new Dictionary<string, UnitInfo>(StringComparer.OrdinalIgnoreCase);
        foreach (var unit in units)
        {
            if (string.IsNullOrWhiteSpace(unit.Code) || string.IsNullOrWhiteSpace(unit.Name))
            {
                throw new InvalidDataException("Every unit needs a code and a name.");
            }

            if (!_byCode.TryAdd(unit.Code, unit))
            {
                throw new InvalidDataException($"Unit code {unit.Code} appears twice.");
            }
        }

        All = [.. _byCode.Values];
    }

    public IReadOnlyList<UnitInfo> All { get; }

    public UnitInfo? Find(string code) => _byCode.GetValueOrDefault(code);

    /// <summary>Loads the directory from a file, or the shipped one when no file is given.</summary>
    public static UnitDirectory Load(string? path)
    {
        using var stream = string.IsNullOrWhiteSpace(path)
            ? typeof(UnitDirectory).Assembly.GetManifestResourceStream("LaoCaiFanpage.Units.laocai-units.json")
                ?? throw new InvalidOperationException("The shipped unit directory is missing.")
            : File.OpenRead(path);
        var file = JsonSerializer.Deserialize<UnitFile>(stream, FileOptions)
            ?? throw new InvalidDataException("The unit directory file is empty.");
        return new UnitDirectory(file.Units ?? []);
    }

    private static readonly JsonSerializerOptions FileOptions = new(JsonSerializerDefaults.Web);

    private sealed record UnitFile([property: JsonPropertyName("units")] List<UnitInfo>? Units);
}
