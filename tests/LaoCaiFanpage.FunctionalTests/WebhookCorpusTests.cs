using System.Net;
using System.Text.Json;
using LaoCaiFanpage.FunctionalTests.Infrastructure;
using LaoCaiFanpage.Tests.Shared;
using Xunit.Abstractions;

namespace LaoCaiFanpage.FunctionalTests;

/// <summary>Meta is never refused: every delivery shape of the corpus, and any signed JSON at all, is acknowledged.</summary>
[Collection(HostCollection.Name)]
public sealed class WebhookCorpusTests(HostFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task Every_delivery_shape_of_the_corpus_is_acknowledged_and_applied()
    {
        foreach (var shape in MetaDeliveryCorpus.Shapes())
        {
            using var response = await fixture.Client.Deliver(shape.Body);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{shape.Name}: {(int)response.StatusCode} {text}");
            var receipt = JsonDocument.Parse(text).RootElement.GetProperty("receipt").GetInt64();
            var processed = await fixture.Client.WaitProcessed(receipt);
            output.WriteLine($"{shape.Name}: {text} → stored {processed.GetProperty("stored")}");
        }
    }
}
