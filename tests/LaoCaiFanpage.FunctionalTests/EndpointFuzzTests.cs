using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using LaoCaiFanpage.FunctionalTests.Infrastructure;
using LaoCaiFanpage.Tests.Shared;
using Xunit.Abstractions;

namespace LaoCaiFanpage.FunctionalTests;

[Collection(HostCollection.Name)]
public sealed class EndpointFuzzTests(HostFixture fixture, ITestOutputHelper output)
{
    /// <summary>Whether the bytes are JSON (any depth): the only thing that decides between 200 and 400 once signed.</summary>
    private static bool IsJson(byte[] body)
    {
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 1_000_000 });
            while (reader.Read())
            {
            }

            return Utf8.IsValid(body);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>
    /// The property Meta relies on: any validly signed body that is JSON is acknowledged (what cannot be applied is
    /// quarantined), only bytes that are not JSON are a 400, and nothing is ever a server error.
    /// </summary>
    [Fact]
    public async Task Any_signed_json_body_is_acknowledged_and_only_bytes_that_are_not_json_are_a_400()
    {
        var mutator = new DeliveryMutator(seed: 7_012_026);
        // Mutated as deliveries: the two shapes that are not deliveries at all are sent as they are by the corpus test.
        var corpus = MetaDeliveryCorpus.Shapes().Where(s => s.Body.StartsWith('{') && s.Body.Length < 10_000 && !s.Name.StartsWith("nested", StringComparison.Ordinal))
            .Select(s => s.Body).Concat(mutator.Corpus()).ToArray();
        var statuses = new Dictionary<HttpStatusCode, int>();
        for (var i = 0; i < 1500; i++)
        {
            var body = mutator.Mutate(corpus[i % corpus.Length]);
            using var response = await fixture.Client.Deliver(body);
            statuses[response.StatusCode] = statuses.GetValueOrDefault(response.StatusCode) + 1;
            var expected = IsJson(body) ? HttpStatusCode.OK : HttpStatusCode.BadRequest;
            if (response.StatusCode != expected)
            {
                Assert.Fail($"{(int)response.StatusCode} (expected {(int)expected}) for: {Excerpt(body)}");
            }
        }

        output.WriteLine(string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{(int)s.Key}: {s.Value}")));
        Assert.True(statuses.GetValueOrDefault(HttpStatusCode.OK) > 300, "the mutations should leave plenty of JSON");
        Assert.True(statuses.GetValueOrDefault(HttpStatusCode.BadRequest) > 100, "the mutations should break plenty of bytes");

        // And the host still works.
        var id = MetaDeliveries.NewCommentId();
        await fixture.Client.DeliverOk(MetaDeliveries.Feed(MetaDeliveries.Comment(id, "Sau cơn bão dữ liệu")));
        await fixture.Client.GetJson("api/threads/" + id);
    }

    private static string Excerpt(byte[] body)
    {
        var text = Encoding.UTF8.GetString(body);
        return text[..Math.Min(text.Length, 400)];
    }
}
