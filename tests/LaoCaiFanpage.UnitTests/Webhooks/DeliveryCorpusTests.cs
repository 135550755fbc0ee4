using System.Text;
using LaoCaiFanpage.Silo.Webhooks;
using LaoCaiFanpage.Tests.Shared;

namespace LaoCaiFanpage.UnitTests.Webhooks;

/// <summary>Every shape of the corpus is read without refusal; only the ones named so are quarantined.</summary>
public sealed class DeliveryCorpusTests
{
    public static TheoryData<string> Names => [.. MetaDeliveryCorpus.Shapes().Select(s => s.Name)];

    [Theory]
    [MemberData(nameof(Names))]
    public void Every_shape_is_acknowledged_and_only_the_unreadable_are_quarantined(string name)
    {
        var shape = MetaDeliveryCorpus.Shapes().Single(s => s.Name == name);
        var parsed = MetaWebhookParser.Parse(Encoding.UTF8.GetBytes(shape.Body), MetaDeliveries.PageId, DateTimeOffset.UtcNow);
        Assert.Equal(name.EndsWith("(quarantined)", StringComparison.Ordinal), parsed.Quarantined.Count > 0);
        Assert.All(parsed.Events, e => Assert.InRange(e.Event.OccurredAt, new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2200, 1, 1, 0, 0, 0, TimeSpan.Zero)));
    }
}
