using System.Security.Cryptography;
using System.Text.RegularExpressions;
using LaoCaiFanpage.Contracts.Accounts;
using LaoCaiFanpage.Grains.Publishing;
using LaoCaiFanpage.Silo.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace LaoCaiFanpage.Silo.PagePosts;

/// <summary>
/// Pictures for the page's posts (Art. 2.1, 7.4): uploaded as the raw bytes with their type, checked before anything
/// decodes them, kept by SHA-256; a draft names them by that digest.
/// </summary>
public static partial class MediaApi
{
    public const int MaxBytes = 4 * 1024 * 1024;

    public sealed record UploadedPicture(string Id, string ContentType, int Width, int Height, int Bytes);

    public static IEndpointRouteBuilder MapMediaApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/media").WithTags("Media");
        group.MapPost("/", Upload).WithSummary("Uploads a picture for an answer or a post; answers its SHA-256 id")
            .WithMetadata(new RequestContent("image/jpeg", "image/png", "image/gif")).RequireAuthorization(AccessPolicies.RouteCases).DisableAntiforgery();
        group.MapGet("/{id}", Get).WithSummary("An uploaded picture").RequireAuthorization(AccessPolicies.ReadCases);
        return routes;
    }

    /// <summary>The body is the picture (JPEG, PNG or GIF, at most 4 MiB and 16 million pixels) with its Content-Type.</summary>
    private static async Task<Results<Created<UploadedPicture>, ProblemHttpResult>> Upload(HttpContext context, MediaStore media, TimeProvider time)
    {
        var type = context.Request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        if (type is null || !PictureCheck.Formats.ContainsKey(type))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Kiểu ảnh không được hỗ trợ / Unsupported picture type",
                detail: "Send the picture's bytes as the body, with Content-Type image/jpeg, image/png or image/gif.");
        }

        var bytes = await RequestBody.ReadLimited(context.Request, MaxBytes, context.RequestAborted);
        if (bytes is null)
        {
            return Problems.TooLarge("4 MiB");
        }

        var (width, height, refusal) = PictureCheck.Inspect(bytes, type);
        if (refusal is not null)
        {
            return Problems.BadRequest("Ảnh không hợp lệ / Picture refused", "The picture is refused: " + refusal + ".");
        }

        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        await media.Save(new StoredPicture(sha, type, width, height, bytes), context.Actor().Name, time.GetUtcNow());
        return TypedResults.Created("/api/media/" + sha, new UploadedPicture(sha, type, width, height, bytes.Length));
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Get(string id, MediaStore media)
    {
        if (!Sha256Hex().IsMatch(id) || await media.Get(id) is not { } picture)
        {
            return Problems.NotFound("Không có ảnh này / No such picture", $"No picture has the id '{Problems.Quote(id)}'.");
        }

        // Kept by digest, so it never changes: cacheable for good.
        return TypedResults.File(picture.Data, picture.ContentType, entityTag: new EntityTagHeaderValue("\"" + id + "\""));
    }

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex Sha256Hex();
}
