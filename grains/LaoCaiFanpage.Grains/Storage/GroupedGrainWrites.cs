using System.Data.Common;
using System.Globalization;
using System.Text;
using Orleans.Storage;

namespace LaoCaiFanpage.Grains.Storage;

/// <summary>
/// Grain-state writes on the embedded profile, many in one SQLite transaction. Orleans' ADO.NET provider opens a
/// connection and commits once per write, and with one writer at a time each commit's fsync was most of a new case's
/// cost (profiled under load: the write gate busy 86–91 %, 1.1–1.25 ms per grain write, about 0.5 ms of it the fsync).
/// Here every write waiting when the previous commit ends goes into the next one, in the transaction the catalogue's
/// rows, the wake-ups and the inbox's completions share (<see cref="WriteGate.Shared{T}"/>); a batch the database
/// refuses is tried again write by write, so only a refused write's own error reaches its grain. Each runs the
/// provider's own stored statement (<c>WriteToStorageKey</c> in <c>OrleansQuery</c>) with the same parameters and the
/// same version check, so the rows are exactly those the provider writes and reads back; the provider still reads
/// every state, and still writes the states this class does not take (see <see cref="Takes"/>).
/// </summary>
public sealed class GroupedGrainWrites(WriteGate gate, IGrainStorageSerializer serializer, string serviceId)
{
    private const int MaxBatch = 256;

    private SharedWrites<PendingWrite>? _writes;
    private object? _writesLock;
    private string? _statement;

    /// <summary>
    /// Whether this class writes the state: a grain with a plain string key (not a Guid or integer key, whose columns
    /// the provider fills differently) under a state name without generic arguments.
    /// </summary>
    public static bool Takes(string stateName, GrainId grainId) =>
        !stateName.Contains('`', StringComparison.Ordinal)
        && !grainId.TryGetGuidKey(out _, out _)
        && !grainId.TryGetIntegerKey(out _, out _);

    public async Task Write<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        // Serialised in the grain's turn, outside the one-writer section.
        var key = grainId.Key.ToString()!;
        var version = string.IsNullOrWhiteSpace(grainState.ETag) ? (int?)null : int.Parse(grainState.ETag, CultureInfo.InvariantCulture);
        var write = new PendingWrite(stateName, key, version, serializer.Serialize(grainState.State).ToArray());
        var writes = LazyInitializer.EnsureInitialized(ref _writes, ref _writesLock, () => gate.Shared<PendingWrite>(Write, MaxBatch));
        await writes.Add(write);

        // The provider's own test: no new version, or the one the grain already held, means another activation wrote first.
        if (write.NewVersion is null || write.NewVersion == version)
        {
            throw new InconsistentStateException(
                $"Version conflict (WriteState): ServiceId={serviceId} GrainType={stateName} GrainId={key} ETag={grainState.ETag}.");
        }

        grainState.ETag = write.NewVersion.Value.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    private async Task Write(DbConnection connection, DbTransaction transaction, IReadOnlyList<PendingWrite> batch)
    {
        _statement ??= await Statement(connection, transaction);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = _statement;
        var grainIdHash = command.AddParameter("@GrainIdHash", System.Data.DbType.Int32);
        command.AddParameter("@GrainIdN0", 0L);
        command.AddParameter("@GrainIdN1", 0L);
        var grainTypeHash = command.AddParameter("@GrainTypeHash", System.Data.DbType.Int32);
        var grainType = command.AddParameter("@GrainTypeString", System.Data.DbType.String);
        var extension = command.AddParameter("@GrainIdExtensionString", System.Data.DbType.String);
        command.AddParameter("@ServiceId", serviceId);
        var version = command.AddParameter("@GrainStateVersion", System.Data.DbType.Int32);
        var payload = command.AddParameter("@PayloadBinary", System.Data.DbType.Binary);
        foreach (var write in batch)
        {
            grainIdHash.Value = DiagnosticHash(write.Key);
            grainTypeHash.Value = DiagnosticHash(write.StateName);
            grainType.Value = write.StateName;
            extension.Value = write.Key;
            version.Value = write.Version is { } known ? known : DBNull.Value;
            payload.Value = write.Payload;
            write.NewVersion = null;
            await using var reader = await command.ExecuteReaderAsync();
            do
            {
                while (await reader.ReadAsync())
                {
                    if (!reader.IsDBNull(0))
                    {
                        write.NewVersion = reader.GetInt32(0);
                    }
                }
            }
            while (await reader.NextResultAsync());
        }
    }

    private static async Task<string> Statement(DbConnection connection, DbTransaction transaction)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT QueryText FROM OrleansQuery WHERE QueryKey = 'WriteToStorageKey'";
        return await command.ExecuteScalarAsync() as string
            ?? throw new InvalidOperationException("OrleansQuery has no WriteToStorageKey statement: the schema is not migrated.");
    }

    /// <summary>The hash columns are for diagnostics only (our schema keys rows by the natural key): FNV-1a of the UTF-8 text.</summary>
    private static int DiagnosticHash(string text)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash = unchecked((hash ^ b) * 16777619u);
        }

        return unchecked((int)hash);
    }

    private sealed class PendingWrite(string stateName, string key, int? version, byte[] payload)
    {
        public string StateName { get; } = stateName;

        public string Key { get; } = key;

        public int? Version { get; } = version;

        public byte[] Payload { get; } = payload;

        public int? NewVersion { get; set; }
    }
}
