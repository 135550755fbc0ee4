using System.ComponentModel.DataAnnotations;

namespace LaoCaiFanpage.Grains.Audit;

/// <summary>Configuration section <c>Audit</c>.</summary>
public sealed class AuditOptions
{
    public const string Section = "Audit";

    /// <summary>R8.4(c): the processing log is kept at least two years; shorter settings stop start-up.</summary>
    [Range(730, 36_500, ErrorMessage = "Audit:RetentionDays must be at least 730 (two years, Decision 1933 Article 8.4c) and at most 36,500.")]
    public int RetentionDays { get; set; } = 730;

    /// <summary>How often the sealer looks for rows to chain even when nothing told it of new ones.</summary>
    [Range(0.1, 60, ErrorMessage = "Audit:SealIntervalSeconds must be from 0.1 to 60.")]
    public double SealIntervalSeconds { get; set; } = 2;

    /// <summary>
    /// The key the chain's links are computed with (HMAC-SHA256): a file outside the database holding at least 32
    /// random bytes in base64 (<c>openssl rand -base64 48</c>). Required on the PostgreSQL profile; on the embedded
    /// one it is made beside the database file when missing.
    /// </summary>
    public string? ChainKeyFile { get; set; }

    /// <summary>Where signed checkpoints of the chain's head are appended (a directory outside the database: another disk, a mounted share).</summary>
    public string? CheckpointDirectory { get; set; }

    /// <summary>How often a checkpoint of the chain's head is exported.</summary>
    [Range(0.01, 1440, ErrorMessage = "Audit:CheckpointMinutes must be from 0.01 to 1,440.")]
    public double CheckpointMinutes { get; set; } = 60;
}
