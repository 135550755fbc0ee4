using LaoCaiFanpage.Contracts.Accounts;
using LaoCaiFanpage.Contracts.Sla;
using LaoCaiFanpage.Contracts.Threads;
using LaoCaiFanpage.Contracts.Workflow;
using LaoCaiFanpage.Grains.Storage;

namespace LaoCaiFanpage.GrainTests;

/// <summary>
/// An action on a case and its audit row are one write: the grain's state (Orleans' ADO.NET provider on
/// real SQLite) carries the row, and the database copies it into audit_log in the same transaction.
/// </summary>
[Collection(SlaClusterCollection.Name)]
public class CaseAuditTests(SlaClusterFixture fixture)
{
    private static readonly Actor Officer = new("bien-tap-2", "10.20.30.40", "Mozilla/5.0 (kiểm thử)", [Roles.EditorialStaff]);

    private async Task<(string Id, ICommentThreadGrain Grain)> NewCase()
    {
        var id = $"{ClusterFixture.PageId}_9_{Guid.NewGuid():N}";
        var now = fixture.Time.GetUtcNow();
        var grain = fixture.Grains.GetGrain<ICommentThreadGrain>(id);
        await grain.Ingest([new ThreadEvent(Guid.NewGuid().ToString("N"), ThreadEventKind.Add, MessageChannel.Comment, ClusterFixture.PageId,
            id, null, null, new Author("62", "Lò Văn Hùng", false), "Đề nghị sửa cầu treo", [], now, now, null)]);
        return (id, grain);
    }

    private async Task<List<(string Actor, string? Ip, string? Agent, string Action, string Details, long Seq)>> Rows(string caseId)
    {
        await using var connection = await fixture.Database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT actor, ip, user_agent, action, details, source_seq FROM audit_log WHERE target = @t ORDER BY id";
        command.AddParameter("@t", "case/" + caseId);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, string?, string?, string, string, long)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.GetString(3), reader.GetString(4), reader.GetInt64(5)));
        }

        return rows;
    }

    [Fact]
    public async Task Every_case_action_leaves_one_row_with_who_where_and_what_changed()
    {
        var (id, grain) = await NewCase();
        Assert.Empty(await Rows(id));

        Assert.Null((await grain.Classify(new Classification(5, Authorities.Office, "Đất đai"), Officer)).Refusal);
        var assigned = await grain.Assign(new Assignment(["SXD", "STC"], CaseComplexity.Complex), Officer);
        Assert.Null(assigned.Refusal);
        await grain.RequestCoordination(new CoordinationRequest("SXD", "SNNMT", "Đề nghị cho ý kiến về hồ sơ"), Officer with { Name = "donvi-sxd" });
        await grain.CompleteClock("answer:STC", Officer with { Name = "donvi-stc" });
        // A later write (a new comment) does not repeat the rows.
        var now = fixture.Time.GetUtcNow();
        await grain.Ingest([new ThreadEvent(Guid.NewGuid().ToString("N"), ThreadEventKind.Add, MessageChannel.Comment, ClusterFixture.PageId,
            id + "_r", id, null, new Author("63", "Vàng Thị Dua", false), "Tôi cũng gặp", [], now, now, null)]);

        var rows = await Rows(id);
        Assert.Equal(["case.classified", "case.assigned", "case.coordination-requested", "case.clock-completed"], rows.Select(r => r.Action));
        Assert.Equal(["bien-tap-2", "bien-tap-2", "donvi-sxd", "donvi-stc"], rows.Select(r => r.Actor));
        Assert.All(rows, r => Assert.Equal("10.20.30.40", r.Ip));
        Assert.All(rows, r => Assert.Equal("Mozilla/5.0 (kiểm thử)", r.Agent));
        Assert.Equal([1L, 2L, 3L, 4L], rows.Select(r => r.Seq));
        Assert.Contains("\"category\":5", rows[0].Details, StringComparison.Ordinal);
        Assert.Contains("\"before\":{\"status\":\"classified\"}", rows[1].Details, StringComparison.Ordinal);
        Assert.Contains("\"units\":[\"SXD\",\"STC\"]", rows[1].Details, StringComparison.Ordinal);
        Assert.Contains("Đề nghị cho ý kiến về hồ sơ", rows[2].Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_the_audit_row_cannot_be_written_the_action_is_not_stored_either()
    {
        var (id, grain) = await NewCase();
        await grain.Classify(new Classification(5, Authorities.Office, null), Officer);
        await using (var connection = await fixture.Database.OpenAsync())
        await using (var command = connection.CreateCommand())
        {
            // Stands in for a crash between the action and its row: the insert fails inside the state write.
            command.CommandText = fixture.Database.Dialect == SqlDialect.Sqlite
                ? $"CREATE TRIGGER fail_{id[^8..]} BEFORE INSERT ON audit_log WHEN NEW.target = 'case/{id}' BEGIN SELECT RAISE(ABORT, 'audit unavailable'); END"
                : $"""
                    CREATE FUNCTION fail_{id[^8..]}() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN IF NEW.target = 'case/{id}' THEN RAISE EXCEPTION 'audit unavailable'; END IF; RETURN NEW; END $$;
                    CREATE TRIGGER fail_{id[^8..]} BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION fail_{id[^8..]}();
                    """;
            await command.ExecuteNonQueryAsync();
        }

        await Assert.ThrowsAnyAsync<Exception>(() => grain.Assign(new Assignment(["SXD"], CaseComplexity.Own), Officer));
        Assert.Equal(["case.classified"], (await Rows(id)).Select(r => r.Action));

        // The grain dropped its in-memory change (it deactivated): it is still only classified, with no answer clock.
        var stored = await grain.GetCase();
        Assert.Equal(CaseStatus.Classified, stored!.Status);
        Assert.DoesNotContain(stored.Clocks, c => c.Kind == ClockKinds.Answer);

        await using (var connection = await fixture.Database.OpenAsync())
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = fixture.Database.Dialect == SqlDialect.Sqlite
                ? $"DROP TRIGGER fail_{id[^8..]}"
                : $"DROP TRIGGER fail_{id[^8..]} ON audit_log; DROP FUNCTION fail_{id[^8..]}();";
            await command.ExecuteNonQueryAsync();
        }

        var retried = await grain.Assign(new Assignment(["SXD"], CaseComplexity.Own), Officer);
        Assert.Null(retried.Refusal);
        Assert.Equal(["case.classified", "case.assigned"], (await Rows(id)).Select(r => r.Action));
    }
}
