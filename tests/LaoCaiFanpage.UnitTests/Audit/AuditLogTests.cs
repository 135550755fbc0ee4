using System.Text.Json;
using LaoCaiFanpage.Grains.Audit;

namespace LaoCaiFanpage.UnitTests.Audit;

/// <summary>The processing log on a real SQLite file: the chain detects every kind of tampering; retention purges only what is old.</summary>
public sealed class AuditLogTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 8, 0, 0, TimeSpan.Zero);

    private static async Task<(TestDatabase Db, AuditLog Log)> WithRows(int count, Func<int, DateTimeOffset>? at = null)
    {
        var db = await TestDatabase.Create();
        var log = new AuditLog(db.Database, db.Gate);
        for (var i = 1; i <= count; i++)
        {
            await log.Append(new AuditRecord(at?.Invoke(i) ?? Now.AddMinutes(i), "bien-tap-" + i, "10.0.0." + i, "Mozilla/5.0", "case.assigned", "case/" + i,
                JsonSerializer.Serialize(new { after = new { units = new[] { "SXD" }, note = "Đường xã Mường Hum số " + i } })));
        }

        Assert.Equal(count, await log.Seal());
        return (db, log);
    }

    [Fact]
    public async Task A_sealed_untouched_log_verifies()
    {
        var (db, log) = await WithRows(20);
        await using var _ = db;
        var result = await log.Verify();
        Assert.True(result.Valid, result.Reason);
        Assert.Equal(20, result.Checked);
        Assert.Null(result.FirstBrokenId);
    }

    [Theory]
    [InlineData("actor", "'giam-doc'")]
    [InlineData("ip", "'192.168.1.1'")]
    [InlineData("details", "'{\"after\":{\"units\":[\"STC\"]}}'")]
    [InlineData("occurred_at", "occurred_at + 1")]
    [InlineData("action", "'case.closed'")]
    public async Task Editing_any_field_of_a_row_is_detected_at_that_row(string column, string value)
    {
        var (db, log) = await WithRows(10);
        await using var _ = db;
        await db.Execute($"UPDATE audit_log SET {column} = {value} WHERE id = 6");
        var result = await log.Verify();
        Assert.False(result.Valid);
        Assert.Equal(6, result.FirstBrokenId);
    }

    [Fact]
    public async Task Editing_a_row_and_recomputing_its_hash_is_still_detected_at_the_next_row()
    {
        var (db, log) = await WithRows(10);
        await using var _ = db;
        // The tamperer knows the algorithm but cannot rewrite every later row without it showing in the head.
        await db.Execute("UPDATE audit_log SET actor = 'khac' WHERE id = 4");
        var rows = (await log.Query(new AuditQuery(null, null, null, null, null, 1, 50))).Items.OrderBy(r => r.ChainSeq).ToList();
        var previous = rows[2].Hash!;
        await db.Execute("UPDATE audit_log SET hash = $h WHERE id = 4", ("$h", AuditHash.Compute(previous, 4, rows[3])));
        var result = await log.Verify();
        Assert.False(result.Valid);
        Assert.Equal(5, result.FirstBrokenId);
    }

    [Fact]
    public async Task Deleting_a_row_in_the_middle_is_detected_at_the_row_after_it()
    {
        var (db, log) = await WithRows(10);
        await using var _ = db;
        await db.Execute("DELETE FROM audit_log WHERE id = 3");
        var result = await log.Verify();
        Assert.False(result.Valid);
        Assert.Equal(4, result.FirstBrokenId);
    }

    [Fact]
    public async Task Deleting_the_newest_rows_is_detected()
    {
        var (db, log) = await WithRows(10);
        await using var _ = db;
        await db.Execute("DELETE FROM audit_log WHERE id >= 9");
        var result = await log.Verify();
        Assert.False(result.Valid);
        Assert.Contains("newest", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deleting_the_oldest_rows_outside_a_purge_is_detected()
    {
        var (db, log) = await WithRows(10);
        await using var _ = db;
        await db.Execute("DELETE FROM audit_log WHERE id <= 2");
        var result = await log.Verify();
        Assert.False(result.Valid);
        Assert.Equal(3, result.FirstBrokenId);
    }

    [Fact]
    public async Task Removing_a_rows_seal_so_it_gets_resealed_is_detected()
    {
        var (db, log) = await WithRows(10);
        await using var _ = db;
        await db.Execute("UPDATE audit_log SET chain_seq = NULL, hash = NULL, actor = 'khac' WHERE id = 5");
        var result = await log.Verify();
        Assert.False(result.Valid);
        Assert.Equal(6, result.FirstBrokenId);
    }

    [Fact]
    public async Task Unsealed_new_rows_are_reported_as_pending_not_broken()
    {
        var (db, log) = await WithRows(3);
        await using var _ = db;
        await log.Append(new AuditRecord(Now, "admin", null, null, "user.created", "user/x", null));
        var result = await log.Verify();
        Assert.True(result.Valid, result.Reason);
        Assert.Equal(1, result.Pending);
        Assert.Equal(1, await log.Seal());
        Assert.True((await log.Verify()).Valid);
    }

    [Fact]
    public async Task Retention_purges_only_rows_older_than_the_cutoff_and_the_chain_still_verifies()
    {
        // Rows 1–6 are 800 days old, 7–10 are recent.
        var (db, log) = await WithRows(10, i => i <= 6 ? Now.AddDays(-800).AddMinutes(i) : Now.AddMinutes(i));
        await using var _ = db;
        var purged = await log.Purge(Now.AddDays(-730), Now);
        Assert.Equal(6, purged);
        var remaining = (await log.Query(new AuditQuery(null, null, null, null, null, 1, 50))).Items;
        Assert.Equal([7, 8, 9, 10, 11], remaining.Select(r => r.Id).Order());
        Assert.Equal("audit.purged", remaining.Single(r => r.Id == 11).Action);
        Assert.Contains("\"rows\":6", remaining.Single(r => r.Id == 11).Details, StringComparison.Ordinal);
        var result = await log.Verify();
        Assert.True(result.Valid, result.Reason);

        // Nothing is younger than the cutoff any more: a second purge removes nothing.
        Assert.Equal(0, await log.Purge(Now.AddDays(-730), Now));
    }

    [Fact]
    public async Task A_purge_never_removes_a_young_row_even_behind_an_old_one()
    {
        // Chain order 1 (old), 2 (young), 3 (old): only row 1 may go.
        var (db, log) = await WithRows(3, i => i == 2 ? Now : Now.AddDays(-900));
        await using var _ = db;
        Assert.Equal(1, await log.Purge(Now.AddDays(-730), Now));
        var ids = (await log.Query(new AuditQuery(null, null, null, null, null, 1, 50))).Items.Select(r => r.Id).Order().ToArray();
        Assert.Equal([2, 3, 4], ids);
        Assert.True((await log.Verify()).Valid);
    }

    [Fact]
    public async Task The_query_filters_by_actor_action_prefix_and_period()
    {
        var (db, log) = await WithRows(5);
        await using var _ = db;
        await log.Append(new AuditRecord(Now.AddDays(1), "admin", null, null, "auth.login", "user/admin", null));
        Assert.Equal(1, (await log.Query(new AuditQuery(null, null, "bien-tap-3", null, null, 1, 50))).Total);
        Assert.Equal(5, (await log.Query(new AuditQuery(null, null, null, "case", null, 1, 50))).Total);
        Assert.Equal(1, (await log.Query(new AuditQuery(null, null, null, "auth.login", null, 1, 50))).Total);
        Assert.Equal(1, (await log.Query(new AuditQuery(Now.AddHours(12), null, null, null, null, 1, 50))).Total);
        var page = await log.Query(new AuditQuery(null, null, null, null, null, 2, 2));
        Assert.Equal(6, page.Total);
        Assert.Equal([4L, 3L], page.Items.Select(r => r.Id));
    }
}
