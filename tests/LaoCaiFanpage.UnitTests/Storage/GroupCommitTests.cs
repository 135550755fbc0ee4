using LaoCaiFanpage.Grains.Storage;

namespace LaoCaiFanpage.UnitTests.Storage;

public sealed class GroupCommitTests
{
    [Fact]
    public async Task Concurrent_writers_share_commits_and_each_returns_once_its_item_is_committed()
    {
        var committed = new HashSet<int>();
        var commits = 0;
        var group = new GroupCommit<int>(async batch =>
        {
            await Task.Delay(5);
            lock (committed)
            {
                commits++;
                committed.UnionWith(batch);
            }
        }, maxBatch: 64);

        await Task.WhenAll(Enumerable.Range(0, 1000).Select(i => Task.Run(async () =>
        {
            await group.Add(i);
            lock (committed)
            {
                Assert.Contains(i, committed);
            }
        })));

        Assert.Equal(1000, committed.Count);
        Assert.InRange(commits, 1000 / 64, 999);
    }

    [Fact]
    public async Task A_failed_commit_fails_only_the_writers_in_it()
    {
        var fail = true;
        var group = new GroupCommit<string>(batch =>
        {
            if (fail && batch.Contains("bad"))
            {
                fail = false;
                throw new InvalidOperationException("disk full");
            }

            return Task.CompletedTask;
        }, maxBatch: 1);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => group.Add("bad"));
        Assert.Equal("disk full", error.Message);
        await group.Add("good");
        await group.Add("bad");
    }
}
