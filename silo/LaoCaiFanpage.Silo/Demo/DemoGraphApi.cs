using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace LaoCaiFanpage.Silo.Demo;

/// <summary>
/// The demo's stand-in for Meta's Graph API, in process: the outbox's calls succeed with the answers Meta documents
/// (a new comment's id, a Send API message id, <c>{"success": true}</c> for hiding, empty lists for look-ups), so an
/// approved answer shows as published. Nothing leaves the machine.
/// </summary>
public sealed class DemoGraphApi : HttpMessageHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Content is not null)
        {
            await request.Content.ReadAsByteArrayAsync(cancellationToken);
        }

        var segments = request.RequestUri!.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var target = segments.Length > 1 ? Uri.UnescapeDataString(segments[1]) : string.Empty;
        var last = segments.Length > 0 ? segments[^1] : string.Empty;
        var fresh = RandomNumberGenerator.GetInt32(100_000_000, int.MaxValue).ToString(CultureInfo.InvariantCulture);
        var body = request.Method == HttpMethod.Get ? """{"data":[]}"""
            : last == "comments" ? $$"""{"id":"{{target.Split('_')[0]}}_{{fresh}}"}"""
            : last == "messages" ? $$"""{"recipient_id":"demo","message_id":"m_demo{{fresh}}"}"""
            : last == "feed" ? $$"""{"id":"{{target}}_{{fresh}}"}"""
            : """{"success":true}""";
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json"), RequestMessage = request };
    }
}
