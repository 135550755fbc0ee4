using LaoCaiFanpage.Grains.Storage;
using LaoCaiFanpage.Grains.Threads;
using LaoCaiFanpage.Tests.Shared;
using LaoCaiFanpage.UnitTests.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace LaoCaiFanpage.UnitTests.Threads;

/// <summary>
/// Cases catalogued before the search existed are found once the start-up task has filled their text in, on a real
/// database of each profile, and the database's index follows the text (SQLite's triggers, PostgreSQL's expression index).
/// </summary>
public abstract class CaseSearchFillTests : IAsyncLifetime
{
    protected FanpageDatabase Database { get; private set; } = null!;

    private SqlCaseCatalog _catalog = null!;

    protected abstract Task<FanpageDatabase> Open();

    public async Task InitializeAsync()
    {
        Database = await Open();
        await new SchemaMigrator(Database, NullLogger<SchemaMigrator>.Instance).MigrateAsync();
        _catalog = new SqlCaseCatalog(Database, new WriteGate(Database));
    }

    public virtual Task DisposeAsync() => Task.CompletedTask;

    private async Task Execute(string sql, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await Database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.AddParameter(name, value);
        }

        await command.ExecuteNonQueryAsync();
    }

    /// <summary>A case as an older version catalogued it: no search text.</summary>
    private async Task OldCase(string caseId, params (string Id, string Author, bool IsPage, string Text)[] messages)
    {
        await Execute("""
            INSERT INTO case_index (case_id, page_id, channel, status, units, message_count, created_at, received_at, last_activity_at)
            VALUES (@id, 'page', 'comment', 'new', '', @count, 1, 1, 1)
            """, ("@id", caseId), ("@count", (long)messages.Length));
        foreach (var m in messages)
        {
            await Execute("""
                INSERT INTO message_index (message_id, case_id, page_id, channel, author_id, author_name, is_page, preview, created_at, received_at)
                VALUES (@id, @case, 'page', 'comment', 'a', @author, @page, @text, 1, 1)
                """, ("@id", m.Id), ("@case", caseId), ("@author", m.Author), ("@page", m.IsPage ? 1L : 0L), ("@text", m.Text));
        }
    }

    private async Task<string[]> Search(string query) =>
        [.. (await _catalog.ListCases(new CaseQuery(null, null, 1, 50, Terms: CaseSearch.Terms(query)))).Items.Select(i => i.Id)];

    [Fact]
    public async Task Older_cases_are_found_after_the_fill_by_their_citizens_words_and_names_but_not_the_pages_reply()
    {
        await OldCase("old-1", ("m1", "Lò Văn Sự", false, "Đường lên bản Tả Van sạt lở"), ("r1", "UBND tỉnh Lào Cai", true, "Cảm ơn ông đã phản ánh"));
        await OldCase("old-2", ("m2", "Nguyễn Thị Hoa", false, "Hỏi học phí"));
        Assert.Empty(await Search("duong"));

        Assert.Equal(2, await _catalog.FillSearchText(500));
        Assert.Equal(0, await _catalog.FillSearchText(500));

        Assert.Equal(["old-1"], await Search("DUONG sat lo"));
        Assert.Equal(["old-1"], await Search("lo van su"));
        Assert.Equal(["old-2"], await Search("nguyễn hoa"));
        Assert.Empty(await Search("cam on"));
        Assert.Empty(await Search("ubnd"));
    }

    [Fact]
    public async Task The_index_follows_a_changed_text_and_a_removed_case()
    {
        await OldCase("c-1", ("m1", "Giàng A Páo", false, "Hỏi về giống ngô"));
        await _catalog.FillSearchText(500);
        Assert.Equal(["c-1"], await Search("giong ngo"));

        await Execute("UPDATE case_index SET search_text = 'gia phan bon' WHERE case_id = 'c-1'");
        Assert.Empty(await Search("giong ngo"));
        Assert.Equal(["c-1"], await Search("phan bon"));

        await Execute("DELETE FROM case_index WHERE case_id = 'c-1'");
        Assert.Empty(await Search("phan bon"));
    }
}

public sealed class SqliteCaseSearchFillTests : CaseSearchFillTests
{
    private readonly TemporarySqlite _file = new();

    protected override Task<FanpageDatabase> Open() => _file.Open();

    public override Task DisposeAsync()
    {
        _file.Dispose();
        return Task.CompletedTask;
    }
}

public sealed class PostgresCaseSearchFillTests : CaseSearchFillTests
{
    protected override async Task<FanpageDatabase> Open() => new PostgresDatabase(await TestPostgres.CreateDatabase("search"));
}
