using System.Net;
using Microsoft.Extensions.Options;

namespace LaoCaiFanpage.Grains.Impostors;

/// <summary>
/// Downloads a candidate's profile picture for hashing, only from the hosts <see cref="ImpostorOptions.PictureHosts"/>
/// allows (Facebook's CDN by default: the server must not become a way to reach other addresses), without following
/// redirects, and no larger than <see cref="ImpostorOptions.MaxPictureBytes"/>.
/// </summary>
public sealed class PagePictures(HttpClient http, IOptionsMonitor<ImpostorOptions> options)
{
    /// <summary>True when a picture at this address may be downloaded.</summary>
    public bool IsAllowed(Uri address) =>
        address.Scheme is "http" or "https"
        && options.CurrentValue.PictureHosts.Any(h => address.Host.Equals(h, StringComparison.OrdinalIgnoreCase) || address.Host.EndsWith("." + h, StringComparison.OrdinalIgnoreCase));

    /// <summary>The picture's perceptual hash, or why there is none ("not allowed", "too large", "not a picture", the HTTP error).</summary>
    public async Task<(ulong? Hash, string? Problem)> Hash(Uri address, CancellationToken cancellationToken)
    {
        if (!IsAllowed(address))
        {
            return (null, $"pictures are downloaded only from {string.Join(", ", options.CurrentValue.PictureHosts)}");
        }

        var limit = options.CurrentValue.MaxPictureBytes;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(15));
            using var response = await http.GetAsync(address, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return (null, $"the picture address answered HTTP {(int)response.StatusCode}");
            }

            if (response.Content.Headers.ContentLength > limit)
            {
                return (null, $"the picture is larger than {limit / 1024} KiB");
            }

            await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token);
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(chunk, timeout.Token)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    return (null, $"the picture is larger than {limit / 1024} KiB");
                }

                buffer.Write(chunk, 0, read);
            }

            var picture = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
            if (PerceptualHash.Refusal(picture, options.CurrentValue.MaxPicturePixels) is { } refusal)
            {
                return (null, "the picture is refused: " + refusal);
            }

            return PerceptualHash.Of(picture, options.CurrentValue.MaxPicturePixels) is { } hash ? (hash, null) : (null, "the address does not hold a picture");
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return (null, "the picture could not be downloaded: " + ex.Message);
        }
    }
}
