using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using LaoCaiFanpage.Grains.Storage;
using LaoCaiFanpage.Tests.Shared;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Storage;

namespace LaoCaiFanpage.GrainTests;

/// <summary>Our schema scripts against the query contract of Orleans' ADO.NET grain storage provider, on each database.</summary>
public abstract class GrainStorageContract(ClusterFixture fixture)
{
    public sealed class Note
    {
        public string Text { get; set; } = string.Empty;

        public int Count { get; set; }
    }

    private sealed class TestState<T>(T state) : IGrainState<T>
    {
        [AllowNull]
        public T State { get; set; } = state;

        public string? ETag { get; set; }

        public bool RecordExists { get; set; }
    }

    protected ClusterFixture Fixture => fixture;

    /// <summary>The named statements the providers of this profile need (storage only, or storage + clustering + reminders).</summary>
    protected abstract long ExpectedOrleansQueries { get; }

    /// <summary>
    /// A grain id with a string key (how cases, units and pages are keyed: on SQLite their writes share commits, see
    /// GroupedGrainWrites) or a Guid key (written by Orleans' provider itself).
    /// </summary>
    private static GrainId NewGrainId(string shape) => GrainId.Create("storage-test", shape == "string" ? "ghi-chú_" + Guid.NewGuid().ToString("N")[..12] : Guid.NewGuid().ToString("N"));

    [Theory]
    [InlineData("string")]
    [InlineData("guid")]
    public async Task Writes_read_back_and_versions_advance(string shape)
    {
        var id = NewGrainId(shape);
        var state = new TestState<Note>(new Note { Text = "Sở Tài chính", Count = 1 });
        await fixture.Storage.WriteStateAsync("note", id, state);
        Assert.Equal("1", state.ETag);
        state.State.Count = 2;
        await fixture.Storage.WriteStateAsync("note", id, state);
        Assert.Equal("2", state.ETag);

        var read = new TestState<Note>(new Note());
        await fixture.Storage.ReadStateAsync("note", id, read);
        Assert.True(read.RecordExists);
        Assert.Equal("2", read.ETag);
        Assert.Equal("Sở Tài chính", read.State.Text);
        Assert.Equal(2, read.State.Count);
    }

    [Theory]
    [InlineData("string")]
    [InlineData("guid")]
    public async Task A_stale_writer_gets_a_version_conflict_and_changes_nothing(string shape)
    {
        var id = NewGrainId(shape);
        var first = new TestState<Note>(new Note { Text = "v1" });
        await fixture.Storage.WriteStateAsync("note", id, first);
        var stale = new TestState<Note>(new Note { Text = "stale" }) { ETag = first.ETag };
        first.State.Text = "v2";
        await fixture.Storage.WriteStateAsync("note", id, first);

        await Assert.ThrowsAsync<InconsistentStateException>(() => fixture.Storage.WriteStateAsync("note", id, stale));

        var read = new TestState<Note>(new Note());
        await fixture.Storage.ReadStateAsync("note", id, read);
        Assert.Equal("v2", read.State.Text);
        Assert.Equal("2", read.ETag);
    }

    [Theory]
    [InlineData("string")]
    [InlineData("guid")]
    public async Task A_second_first_write_of_the_same_grain_conflicts(string shape)
    {
        var id = NewGrainId(shape);
        await fixture.Storage.WriteStateAsync("note", id, new TestState<Note>(new Note { Text = "winner" }));
        await Assert.ThrowsAsync<InconsistentStateException>(() =>
            fixture.Storage.WriteStateAsync("note", id, new TestState<Note>(new Note { Text = "loser" })));
    }

    [Theory]
    [InlineData("string")]
    [InlineData("guid")]
    public async Task Of_many_concurrent_writers_holding_the_same_version_exactly_one_wins(string shape)
    {
        var id = NewGrainId(shape);
        var seed = new TestState<Note>(new Note { Text = "seed" });
        await fixture.Storage.WriteStateAsync("note", id, seed);

        var attempts = Enumerable.Range(0, 16).Select(async i =>
        {
            var writer = new TestState<Note>(new Note { Text = $"w{i}" }) { ETag = seed.ETag };
            try
            {
                await fixture.Storage.WriteStateAsync("note", id, writer);
                return true;
            }
            catch (InconsistentStateException)
            {
                return false;
            }
        });
        var outcomes = await Task.WhenAll(attempts);
        Assert.Equal(1, outcomes.Count(won => won));

        var read = new TestState<Note>(new Note());
        await fixture.Storage.ReadStateAsync("note", id, read);
        Assert.Equal("2", read.ETag);
    }

    [Theory]
    [InlineData("string")]
    [InlineData("guid")]
    public async Task Writes_at_once_to_many_grains_all_land_and_a_stale_one_among_them_fails_alone(string shape)
    {
        var stale = NewGrainId(shape);
        var current = new TestState<Note>(new Note { Text = "v1" });
        await fixture.Storage.WriteStateAsync("note", stale, current);
        await fixture.Storage.WriteStateAsync("note", stale, current);
        var ids = Enumerable.Range(0, 200).Select(_ => NewGrainId(shape)).ToList();

        // Written together, so that on SQLite they share transactions with the stale write.
        var writes = ids.Select(async (id, i) =>
        {
            var state = new TestState<Note>(new Note { Text = id.ToString(), Count = i });
            await fixture.Storage.WriteStateAsync("note", id, state);
            return state.ETag;
        }).ToList();
        var staleWrite = fixture.Storage.WriteStateAsync("note", stale, new TestState<Note>(new Note { Text = "stale" }) { ETag = "1", RecordExists = true });

        Assert.All(await Task.WhenAll(writes), etag => Assert.Equal("1", etag));
        await Assert.ThrowsAsync<InconsistentStateException>(() => staleWrite);
        for (var i = 0; i < ids.Count; i++)
        {
            var read = new TestState<Note>(new Note());
            await fixture.Storage.ReadStateAsync("note", ids[i], read);
            Assert.Equal((ids[i].ToString(), i, "1"), (read.State.Text, read.State.Count, read.ETag));
        }

        var kept = new TestState<Note>(new Note());
        await fixture.Storage.ReadStateAsync("note", stale, kept);
        Assert.Equal(("v1", "2"), (kept.State.Text, kept.ETag));
    }

    [Fact]
    public async Task Integer_and_guid_keyed_grains_with_and_without_extensions_round_trip()
    {
        var type = GrainType.Create("storage-test");
        var ids = new[]
        {
            GrainId.Create(type, GrainIdKeyExtensions.CreateIntegerKey(Random.Shared.NextInt64())),
            GrainId.Create(type, GrainIdKeyExtensions.CreateIntegerKey(Random.Shared.NextInt64(), "phần-mở-rộng")),
            GrainId.Create(type, GrainIdKeyExtensions.CreateGuidKey(Guid.NewGuid())),
            GrainId.Create(type, GrainIdKeyExtensions.CreateGuidKey(Guid.NewGuid(), "ext")),
        };
        foreach (var id in ids)
        {
            var state = new TestState<Note>(new Note { Text = id.ToString() });
            await fixture.Storage.WriteStateAsync("note", id, state);
            state.State.Count = 7;
            await fixture.Storage.WriteStateAsync("note", id, state);
        }

        foreach (var id in ids)
        {
            var read = new TestState<Note>(new Note());
            await fixture.Storage.ReadStateAsync("note", id, read);
            Assert.Equal((id.ToString(), 7, "2"), (read.State.Text, read.State.Count, read.ETag));
        }
    }

    [Theory]
    [InlineData("string")]
    [InlineData("guid")]
    public async Task Clearing_keeps_versioning_so_a_stale_writer_still_conflicts(string shape)
    {
        var id = NewGrainId(shape);
        var state = new TestState<Note>(new Note { Text = "x" });
        await fixture.Storage.WriteStateAsync("note", id, state);
        var stale = new TestState<Note>(new Note { Text = "stale" }) { ETag = state.ETag, RecordExists = true };
        await fixture.Storage.ClearStateAsync("note", id, state);
        Assert.Equal("2", state.ETag);

        var read = new TestState<Note>(new Note { Text = "unset" });
        await fixture.Storage.ReadStateAsync("note", id, read);
        Assert.Equal(string.Empty, read.State.Text);
        await Assert.ThrowsAsync<InconsistentStateException>(() => fixture.Storage.WriteStateAsync("note", id, stale));
    }

    [Theory]
    [InlineData("string")]
    [InlineData("guid")]
    public async Task Grains_and_state_names_never_share_a_row(string shape)
    {
        var a = NewGrainId(shape);
        var b = NewGrainId(shape);
        await fixture.Storage.WriteStateAsync("note", a, new TestState<Note>(new Note { Text = "A" }));
        await fixture.Storage.WriteStateAsync("note", b, new TestState<Note>(new Note { Text = "B" }));
        await fixture.Storage.WriteStateAsync("other", a, new TestState<Note>(new Note { Text = "A-other" }));

        foreach (var (name, id, expected) in new[] { ("note", a, "A"), ("note", b, "B"), ("other", a, "A-other") })
        {
            var read = new TestState<Note>(new Note());
            await fixture.Storage.ReadStateAsync(name, id, read);
            Assert.Equal(expected, read.State.Text);
        }

        var missing = new TestState<Note>(new Note());
        await fixture.Storage.ReadStateAsync("note", NewGrainId(shape), missing);
        Assert.False(missing.RecordExists);
        Assert.Null(missing.ETag);
    }

    [Fact]
    public async Task Migrating_again_changes_nothing()
    {
        var applied = await new SchemaMigrator(fixture.Database, NullLogger<SchemaMigrator>.Instance).MigrateAsync();
        Assert.Empty(applied);
        await using var connection = await fixture.Database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM schema_migrations";
        Assert.Equal((long)SchemaMigrator.ScriptNames(fixture.Database.Dialect).Count, Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture));
        command.CommandText = "SELECT COUNT(*) FROM OrleansQuery";
        Assert.Equal(ExpectedOrleansQueries, Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture));
    }
}

[Collection(ClusterCollection.Name)]
public sealed class SqliteGrainStorageTests(ClusterFixture fixture) : GrainStorageContract(fixture)
{
    protected override long ExpectedOrleansQueries => 3;

    [Fact]
    public async Task The_database_is_in_wal_mode_with_full_synchronous_commits()
    {
        await using var connection = await Fixture.Database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
        command.CommandText = "PRAGMA synchronous";
        // 2 = FULL: every commit is on disk before the provider returns.
        Assert.Equal(2L, (long)(await command.ExecuteScalarAsync())!);
    }
}

[Collection(PostgresClusterCollection.Name)]
public sealed class PostgresGrainStorageTests(PostgresClusterFixture fixture) : GrainStorageContract(fixture)
{
    // 3 for grain state, 10 for membership, 7 for reminders.
    protected override long ExpectedOrleansQueries => 20;

    [Fact]
    public async Task Several_migrators_at_once_apply_each_script_once()
    {
        var connectionString = await TestPostgres.CreateDatabase("migrate");
        var database = new PostgresDatabase(connectionString);
        var runs = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ =>
            new SchemaMigrator(database, NullLogger<SchemaMigrator>.Instance).MigrateAsync()));
        Assert.Equal(SchemaMigrator.ScriptNames(SqlDialect.Postgres), runs.SelectMany(r => r).Order(StringComparer.Ordinal));
        await database.DisposeAsync();
    }
}
