using LaoCaiFanpage.Silo.Webhooks;
using LaoCaiFanpage.Tests.Shared;
using Xunit.Abstractions;

namespace LaoCaiFanpage.UnitTests.Webhooks;

public sealed class ParserFuzzTests(ITestOutputHelper output)
{
    [Fact]
    public void Thousands_of_mutated_deliveries_are_either_parsed_or_refused_cleanly()
    {
        var mutator = new DeliveryMutator(seed: 20261129);
        var corpus = mutator.Corpus().ToArray();
        int parsed = 0, refused = 0;
        for (var i = 0; i < 6000; i++)
        {
            var body = mutator.Mutate(corpus[i % corpus.Length]);
            try
            {
                var delivery = MetaWebhookParser.Parse(body, MetaDeliveries.PageId, DateTimeOffset.UtcNow);
                foreach (var routed in delivery.Events)
                {
                    // Whatever passes must be usable as a grain key and a stored message.
                    Assert.False(string.IsNullOrEmpty(routed.ThreadId));
                    Assert.InRange(routed.ThreadId.Length, 1, 600);
                    Assert.False(string.IsNullOrEmpty(routed.Event.MessageId));
                }

                parsed++;
            }
            catch (WebhookFormatException)
            {
                refused++;
            }
        }

        output.WriteLine($"parsed {parsed}, refused {refused}");
        Assert.True(parsed > 100, "the mutations should leave some deliveries valid");
        Assert.True(refused > 1000, "the mutations should break most deliveries");
    }
}
