using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace LaoCaiFanpage.Grains.Audit;

/// <summary>One exported checkpoint: the chain's head at a moment, signed with the chain key.</summary>
public sealed record AuditCheckpoint(DateTimeOffset At, long Seq, string Hash, long? KeyedFrom, string Signature)
{
    public static string Sign(byte[] key, DateTimeOffset at, long seq, string hash, long? keyedFrom) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(string.Join('|',
            "lcf-audit-checkpoint", at.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), seq.ToString(CultureInfo.InvariantCulture),
            hash, keyedFrom?.ToString(CultureInfo.InvariantCulture) ?? "-"))));

    public bool IsSignedWith(byte[] key) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(key, At, Seq, Hash, KeyedFrom)), Encoding.ASCII.GetBytes(Signature));
}

/// <summary>
/// The files of checkpoints outside the database (<c>audit-checkpoints-{host}.jsonl</c> in <c>Audit:CheckpointDirectory</c>,
/// one per host so silos sharing the directory never write the same file), one JSON line each, only ever appended.
/// </summary>
public static class AuditCheckpoints
{
    public static string FileName { get; } = $"audit-checkpoints-{Environment.MachineName}.jsonl";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly Lock Gate = new();

    public static void Append(string directory, AuditCheckpoint checkpoint)
    {
        Directory.CreateDirectory(directory);
        lock (Gate)
        {
            File.AppendAllText(Path.Combine(directory, FileName), JsonSerializer.Serialize(checkpoint, Json) + "\n");
        }
    }

    /// <summary>Every checkpoint of every host; a line that is not one is returned as null (and fails verification).</summary>
    public static IReadOnlyList<AuditCheckpoint?> Read(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return [];
        }

        return [.. Directory.EnumerateFiles(directory, "audit-checkpoints*.jsonl").SelectMany(File.ReadLines).Where(l => l.Length > 0).Select(line =>
        {
            try
            {
                return JsonSerializer.Deserialize<AuditCheckpoint>(line, Json);
            }
            catch (JsonException)
            {
                return null;
            }
        })];
    }
}
