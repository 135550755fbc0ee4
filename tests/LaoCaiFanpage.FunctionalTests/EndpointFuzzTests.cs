using System.Net;
using LaoCaiFanpage.FunctionalTests.Infrastructure;
using LaoCaiFanpage.Tests.Shared;
using Xunit.Abstractions;

namespace LaoCaiFanpage.FunctionalTests;

[Collection(HostCollection.Name)]
public sealed class EndpointFuzzTests(HostFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task Mutated_signed_deliveries_never_cause_a_server_error()
    {
        var mutator = new DeliveryMutator(seed: 7_012_026);
        var corpus = mutator.Corpus().ToArray();
        var statuses = new Dictionary<HttpStatusCode, int>();
        for (var i = 0; i < 1500; i++)
        {
            var body = mutator.Mutate(corpus[i % corpus.Length]);
            using var response = await fixture.Client.Deliver(body);
            statuses[response.StatusCode] = statuses.GetValueOrDefault(response.StatusCode) + 1;
            Assert.True((int)response.StatusCode < 500, $"{(int)response.StatusCode} for body: {System.Text.Encoding.UTF8.GetString(body)[..Math.Min(body.Length, 400)]}");
        }

        output.WriteLine(string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{(int)s.Key}: {s.Value}")));
        Assert.True(statuses.GetValueOrDefault(HttpStatusCode.OK) > 50);
        Assert.True(statuses.GetValueOrDefault(HttpStatusCode.BadRequest) > 300);

        // And the host still works.
        var id = MetaDeliveries.NewCommentId();
        await fixture.Client.DeliverOk(MetaDeliveries.Feed(MetaDeliveries.Comment(id, "Sau cơn bão dữ liệu")));
        await fixture.Client.GetJson("api/threads/" + id);
    }
}
