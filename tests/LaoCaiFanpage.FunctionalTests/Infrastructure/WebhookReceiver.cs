using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LaoCaiFanpage.FunctionalTests.Infrastructure;

/// <summary>
/// A local receiver of the service's outbound signed webhooks (crisis events, reports): keeps every delivery with
/// its event and signature headers, and refuses the first <c>refuse</c> ones (a receiver that is down).
/// </summary>
public sealed class WebhookReceiver(string path, int refuse = 0) : IAsyncDisposable
{
    private WebApplication _app = null!;
    private int _refuse = refuse;

    public Uri Url { get; private set; } = null!;

    public ConcurrentQueue<(string? Event, string? Signature, byte[] Body, bool Accepted, DateTimeOffset At)> Deliveries { get; } = new();

    public async Task Start()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.MapPost(path, async (HttpContext context) =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            var accepted = Interlocked.Decrement(ref _refuse) < 0;
            Deliveries.Enqueue((context.Request.Headers["X-LaoCaiFanpage-Event"], context.Request.Headers["X-LaoCaiFanpage-Signature"], buffer.ToArray(), accepted, DateTimeOffset.UtcNow));
            context.Response.StatusCode = accepted ? 204 : 503;
        });
        await _app.StartAsync();
        Url = new Uri(new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()), path.TrimStart('/'));
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
