using System.Security.Cryptography;
using LaoCaiFanpage.Grains.Audit;

namespace LaoCaiFanpage.UnitTests.Audit;

/// <summary>
/// The keyed chain against someone who holds the database's password but not the chain key or the checkpoint
/// directory: re-chaining, cutting the newest rows, moving the anchor and an early purge are all found.
/// </summary>
public sealed class KeyedAuditChainTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 8, 0, 0, TimeSpan.Zero);
    private readonly string _checkpoints = Path.Combine(Path.GetTempPath(), "lcf-checkpoints-" + Guid.NewGuid().ToString("N"));
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(48);
    private TestDatabase _db = null!;
    private AuditLog _log = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.Create();
        _log = new AuditLog(_db.Database, _db.Gate, AuditChainKey.Of(_key, _checkpoints));
        for (var i = 1; i <= 10; i++)
        {
            await _log.Append(new AuditRecord(i <= 4 ? Now.AddDays(-800).AddMinutes(i) : Now.AddMinutes(i), "bien-tap-" + i, "10.0.0." + i, null, "case.assigned", "case/" + i, "{}"));
        }

        Assert.Equal(10, await _log.Seal());
    }

    public async Task DisposeAsync()
    {
        await _db.DisposeAsync();
        if (Directory.Exists(_checkpoints))
        {
            Directory.Delete(_checkpoints, recursive: true);
        }
    }

    private async Task<AuditVerification> Verify() => await _log.Verify();

    /// <summary>What someone with only the database can do: recompute every link with the unkeyed algorithm.</summary>
    private async Task Rechain(byte[]? key)
    {
        var rows = (await _log.Query(new AuditQuery(null, null, null, null, null, 1, 500))).Items.Where(r => r.ChainSeq is not null).OrderBy(r => r.ChainSeq).ToList();
        var hash = AuditHash.Genesis;
        foreach (var row in rows)
        {
            hash = AuditHash.Compute(key, hash, row.ChainSeq!.Value, row);
            await _db.Execute("UPDATE audit_log SET hash = @h WHERE id = @id", ("@h", hash), ("@id", row.Id));
        }

        await _db.Execute("UPDATE audit_chain SET head_hash = @h", ("@h", hash));
    }

    [Fact]
    public async Task A_keyed_chain_with_its_checkpoints_verifies()
    {
        Assert.Equal(1, await _db.Scalar("SELECT keyed_from FROM audit_chain"));
        var checkpoint = (await _log.ExportCheckpoint(Now))!;
        Assert.Equal(10, checkpoint.Seq);
        Assert.True(File.Exists(Path.Combine(_checkpoints, AuditCheckpoints.FileName)));
        var result = await Verify();
        Assert.True(result.Valid, result.Reason);
    }

    [Fact]
    public async Task An_edited_row_re_chained_without_the_key_is_found()
    {
        await _db.Execute("UPDATE audit_log SET actor = 'giam-doc' WHERE id = 6");
        await Rechain(key: null);
        var result = await Verify();
        Assert.False(result.Valid);
        Assert.Equal(1, result.FirstBrokenId);
    }

    [Fact]
    public async Task Rows_cut_from_the_end_are_found_by_the_exported_checkpoint()
    {
        await _log.ExportCheckpoint(Now);
        await _db.Execute("DELETE FROM audit_log WHERE chain_seq > 8");
        await _db.Execute("UPDATE audit_chain SET head_seq = 8, head_hash = (SELECT hash FROM audit_log WHERE chain_seq = 8)");
        var result = await Verify();
        Assert.False(result.Valid);
        Assert.Contains("newest rows were removed", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_edited_checkpoint_file_is_found()
    {
        await _log.ExportCheckpoint(Now);
        var file = Path.Combine(_checkpoints, AuditCheckpoints.FileName);
        await File.WriteAllTextAsync(file, (await File.ReadAllTextAsync(file)).Replace("\"seq\":10", "\"seq\":9", StringComparison.Ordinal));
        var result = await Verify();
        Assert.False(result.Valid);
        Assert.Contains("not signed with the chain key", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_lawful_purge_verifies_and_an_anchor_moved_without_one_does_not()
    {
        Assert.Equal(4, await _log.Purge(Now.AddDays(-730), Now));
        var lawful = await Verify();
        Assert.True(lawful.Valid, lawful.Reason);

        // Someone deletes two more rows and moves the anchor to hide it.
        await _db.Execute("DELETE FROM audit_log WHERE chain_seq IN (5, 6)");
        await _db.Execute("UPDATE audit_chain SET anchor_seq = 6, anchor_hash = @h", ("@h", "x"));
        var result = await Verify();
        Assert.False(result.Valid);
    }

    [Fact]
    public async Task A_purge_of_rows_younger_than_the_retention_is_reported()
    {
        // A purge run with a drifted clock (or by hand) takes rows only ten days old.
        Assert.Equal(10, await _log.Purge(Now.AddDays(+1), Now.AddDays(10)));
        var result = await Verify();
        Assert.False(result.Valid);
        Assert.Contains("younger than the 730 days kept", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_chain_sealed_before_it_was_keyed_stays_valid_and_is_keyed_from_the_next_row()
    {
        await using var db = await TestDatabase.Create();
        var plain = new AuditLog(db.Database, db.Gate);
        await plain.Append(new AuditRecord(Now, "admin", null, null, "user.created", "user/a", null));
        await plain.Append(new AuditRecord(Now, "admin", null, null, "user.created", "user/b", null));
        await plain.Seal();
        var keyed = new AuditLog(db.Database, db.Gate, AuditChainKey.Of(_key, _checkpoints + "-b"));
        await keyed.Append(new AuditRecord(Now, "admin", null, null, "user.created", "user/c", null));
        await keyed.Seal();
        Assert.Equal(3, await db.Scalar("SELECT keyed_from FROM audit_chain"));
        var result = await keyed.Verify();
        Assert.True(result.Valid, result.Reason);

        // Without the key the keyed part cannot be checked (and a host without it says so).
        Assert.False((await plain.Verify()).Valid);
    }
}
