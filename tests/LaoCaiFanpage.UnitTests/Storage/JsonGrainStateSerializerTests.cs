using System.Text;
using System.Text.Json;
using LaoCaiFanpage.Contracts.Threads;
using LaoCaiFanpage.Grains.Storage;
using LaoCaiFanpage.Grains.Threads;

namespace LaoCaiFanpage.UnitTests.Storage;

public sealed class JsonGrainStateSerializerTests
{
    private readonly JsonGrainStateSerializer _serializer = new();

    private static CommentThreadState SampleState()
    {
        var state = new CommentThreadState();
        state.Apply(new ThreadEvent("k1", ThreadEventKind.Add, MessageChannel.Comment, "100000000000001", "c1", "p", "p",
            new Author("61", "Hoàng Thị Mai", false), "Đề nghị sửa đường ở xã Y Tý 🙏", [new Attachment("photo", "https://x/y.jpg")],
            DateTimeOffset.UnixEpoch.AddYears(56), DateTimeOffset.UnixEpoch.AddYears(56).AddSeconds(2), null));
        return state;
    }

    [Fact]
    public void Stored_json_names_no_dotnet_type_or_assembly()
    {
        var json = Encoding.UTF8.GetString(_serializer.Serialize(SampleState()).ToArray());
        Assert.DoesNotContain("$type", json, StringComparison.Ordinal);
        Assert.DoesNotContain("LaoCaiFanpage", json, StringComparison.Ordinal);
        Assert.DoesNotContain("CommentThreadState", json, StringComparison.Ordinal);
        Assert.Contains("Hoàng Thị Mai", json, StringComparison.Ordinal);
    }

    [Fact]
    public void State_round_trips_exactly()
    {
        var original = SampleState();
        var copy = _serializer.Deserialize<CommentThreadState>(_serializer.Serialize(original));
        Assert.Equal(
            JsonSerializer.Serialize(original.ToSnapshot("c1")),
            JsonSerializer.Serialize(copy.ToSnapshot("c1")));
        Assert.Equal(original.SeenEvents, copy.SeenEvents);
    }

    /// <summary>A class shaped like the stored state under another name: what a rename of the C# type leaves.</summary>
    private sealed class RenamedThreadState
    {
        public string? PageId { get; set; }

        public bool IsCase { get; set; }

        public Dictionary<string, RenamedMessage> Messages { get; set; } = [];
    }

    private sealed class RenamedMessage
    {
        public string? OriginalText { get; set; }

        public string? AuthorName { get; set; }
    }

    [Fact]
    public void Stored_state_is_readable_after_the_type_is_renamed()
    {
        var renamed = _serializer.Deserialize<RenamedThreadState>(_serializer.Serialize(SampleState()));
        Assert.True(renamed.IsCase);
        Assert.Equal("100000000000001", renamed.PageId);
        Assert.Equal("Đề nghị sửa đường ở xã Y Tý 🙏", renamed.Messages["c1"].OriginalText);
        Assert.Equal("Hoàng Thị Mai", renamed.Messages["c1"].AuthorName);
    }
}
