using System.Text;
using LaoCaiFanpage.Silo.Crisis;

namespace LaoCaiFanpage.UnitTests.Crisis;

/// <summary>Reading a monitoring system's signal: what is kept, how it is tidied, and where a fault is named.</summary>
public sealed class SignalFeedInputTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 9, 0, 0, TimeSpan.FromHours(7));

    private static (FeedSignal? Signal, FeedSignalError? Error) Parse(string json) => SignalFeedInput.Parse(Encoding.UTF8.GetBytes(json), Now);

    [Fact]
    public void A_full_signal_is_read_with_its_texts_trimmed_lists_deduplicated_and_its_instant_kept_with_the_offset_it_came_in()
    {
        var (signal, error) = Parse("""
            {"id":"mxh:2026-12-07.0042_a","title":"  Tin giả về sạt lở  ","description":"Dòng một\nDòng hai","severity":3,
             "url":"https://mxh.example/bai/1","postIds":["100_1","100_1","100_2"],"keywords":["Sạt lở","sạt lở","Y Tý"],
             "detectedAt":"2026-12-07T01:30:00Z","vendorScore":0.97}
            """);
        Assert.Null(error);
        Assert.Equal("mxh:2026-12-07.0042_a", signal!.Id);
        Assert.Equal("Tin giả về sạt lở", signal.Title);
        Assert.Equal("Dòng một\nDòng hai", signal.Description);
        Assert.Equal(["100_1", "100_2"], signal.PostIds);
        Assert.Equal(["Sạt lở", "Y Tý"], signal.Keywords);
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 8, 30, 0, TimeSpan.FromHours(7)), signal.DetectedAt);
    }

    [Fact]
    public void Optional_fields_may_be_missing_or_null()
    {
        var (signal, error) = Parse("""{"id":"a","title":"T","severity":1,"description":null,"url":null,"postIds":null,"detectedAt":"2026-12-07T08:59:00+07:00"}""");
        Assert.Null(error);
        Assert.Equal((null, null, 0, 0), (signal!.Description, signal.Url, signal.PostIds.Count, signal.Keywords.Count));
    }

    [Theory]
    [InlineData("""{"id":"a","title":"T","severity":1,"detectedAt":"2026-12-07T09:05:00+07:00"}""", null)]
    [InlineData("""{"id":"a","title":"T","severity":1,"detectedAt":"2026-12-07T09:05:01+07:00"}""", "$.detectedAt")]
    [InlineData("""{"id":"a","title":"T","severity":1,"detectedAt":"2026-12-07T02:04:00.1234567Z"}""", null)]
    [InlineData("""{"id":"a","title":"T","severity":1,"detectedAt":"2026-12-07T08:00"}""", "$.detectedAt")]
    [InlineData("""{"id":"a","title":"T","severity":1,"detectedAt":"2026-02-30T08:00:00+07:00"}""", "$.detectedAt")]
    [InlineData("""{"id":"a","title":"T","severity":0,"detectedAt":"2026-12-07T08:00:00+07:00"}""", "$.severity")]
    [InlineData("""{"id":"a","title":"T","severity":1e0,"detectedAt":"2026-12-07T08:00:00+07:00"}""", "$.severity")]
    [InlineData("""{"id":"a","title":"T","severity":99999999999,"detectedAt":"2026-12-07T08:00:00+07:00"}""", "$.severity")]
    [InlineData("""{"id":"a/b","title":"T","severity":1,"detectedAt":"2026-12-07T08:00:00+07:00"}""", "$.id")]
    [InlineData("""{"id":"a","title":"T","severity":1,"url":"ftp://x.example/a","detectedAt":"2026-12-07T08:00:00+07:00"}""", "$.url")]
    [InlineData("""{"id":"a","title":"T","severity":1,"url":"/relative","detectedAt":"2026-12-07T08:00:00+07:00"}""", "$.url")]
    [InlineData("""{"id":"a","title":"T","severity":1,"keywords":["x",3],"detectedAt":"2026-12-07T08:00:00+07:00"}""", "$.keywords[1]")]
    [InlineData("""{"id":"a","title":"\u202e\u0000","severity":1,"detectedAt":"2026-12-07T08:00:00+07:00"}""", "$.title")]
    public void Each_field_is_checked_and_a_fault_names_its_path(string json, string? path)
    {
        var (signal, error) = Parse(json);
        Assert.Equal(path, error?.Path);
        Assert.Equal(path is null, signal is not null);
    }
}
