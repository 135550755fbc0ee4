namespace LaoCaiFanpage.Silo.Http;

public static class RequestBody
{
    /// <summary>The raw body bytes, or null when the body is (declared or turns out) longer than <paramref name="maxBytes"/>.</summary>
    public static async Task<byte[]?> ReadLimited(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
