using System.Security.Cryptography;
using LaoCaiFanpage.Grains.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace LaoCaiFanpage.Grains.Audit;

/// <summary>
/// The audit chain's key and where its checkpoints go, both outside the database: with the key, whoever holds only
/// the database password can no longer rewrite rows and re-chain them, and the exported checkpoints show rows that
/// were removed from the end.
/// </summary>
public sealed class AuditChainKey
{
    public const int MinimumBytes = 32;

    private AuditChainKey(byte[] key, string checkpointDirectory) => (Key, CheckpointDirectory) = (key, checkpointDirectory);

    public byte[] Key { get; }

    public string CheckpointDirectory { get; }

    /// <summary>A key for tests that hold it in memory.</summary>
    public static AuditChainKey Of(byte[] key, string checkpointDirectory) => new(key, checkpointDirectory);

    public static AuditChainKey Load(IConfiguration configuration)
    {
        var audit = configuration.GetSection(AuditOptions.Section).Get<AuditOptions>() ?? new AuditOptions();
        var storage = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        var embedded = storage.Profile == StorageProfile.Embedded;
        var beside = Path.GetDirectoryName(Path.GetFullPath(storage.SqlitePath)) ?? ".";
        var file = audit.ChainKeyFile;
        if (string.IsNullOrWhiteSpace(file))
        {
            if (!embedded)
            {
                throw Refuse("Audit:ChainKeyFile is required on the PostgreSQL profile: a file outside the database with at least 32 random bytes in base64 (openssl rand -base64 48), the same on every silo.");
            }

            file = Path.Combine(beside, "audit-chain.key");
            if (!File.Exists(file))
            {
                Directory.CreateDirectory(beside);
                File.WriteAllText(file, Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)) + "\n");
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                }
            }
        }

        byte[] key;
        try
        {
            key = Convert.FromBase64String(File.ReadAllText(file).Trim());
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            throw Refuse($"Audit:ChainKeyFile '{file}' cannot be read as base64: {ex.Message}");
        }

        if (key.Length < MinimumBytes)
        {
            throw Refuse($"Audit:ChainKeyFile '{file}' holds {key.Length} bytes; the chain key needs at least {MinimumBytes}.");
        }

        var checkpoints = string.IsNullOrWhiteSpace(audit.CheckpointDirectory) ? Path.Combine(beside, "audit-checkpoints") : audit.CheckpointDirectory;
        return new AuditChainKey(key, checkpoints);
    }

    private static OptionsValidationException Refuse(string message) =>
        new(AuditOptions.Section, typeof(AuditOptions), [message]);
}
