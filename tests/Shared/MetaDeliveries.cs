using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using LaoCaiFanpage.Contracts.Security;

namespace LaoCaiFanpage.Tests.Shared;

/// <summary>
/// Builds Page webhook deliveries in the shapes Meta documents (feed changes, Messenger events) and
/// signs them as Meta does. Shared by the unit and end-to-end tests.
/// </summary>
public static class MetaDeliveries
{
    public const string PageId = "100000000000001";
    public const string AppSecret = "test_app_secret_0123456789";
    public const string VerifyToken = "test-verify-token";
    public const string PostId = PageId + "_900001";

    private static long _next = 700_000;

    /// <summary>A fresh comment id on <see cref="PostId"/>.</summary>
    public static string NewCommentId() => $"{PostId}_{Interlocked.Increment(ref _next)}";

    public static long Unix(DateTimeOffset t) => t.ToUnixTimeSeconds();

    public static JsonObject Comment(
        string commentId,
        string message,
        string fromId = "6100000000000011",
        string? fromName = "Nguyễn Thị Hoa",
        string? parentId = null,
        string postId = PostId,
        string verb = "add",
        DateTimeOffset? createdAt = null,
        DateTimeOffset? editedAt = null)
    {
        var value = new JsonObject
        {
            ["item"] = "comment",
            ["verb"] = verb,
            ["comment_id"] = commentId,
            ["post_id"] = postId,
            ["parent_id"] = parentId ?? postId,
            ["from"] = new JsonObject { ["id"] = fromId, ["name"] = fromName },
            ["created_time"] = Unix(createdAt ?? DateTimeOffset.UtcNow),
            ["post"] = new JsonObject { ["status_type"] = "mobile_status_update", ["is_published"] = true, ["permalink_url"] = "https://www.facebook.com/UBNDTLC/posts/900001" },
        };
        if (verb != "remove" && verb != "delete")
        {
            value["message"] = message;
        }

        if (editedAt is { } edited)
        {
            value["edited_time"] = Unix(edited);
        }

        return new JsonObject { ["field"] = "feed", ["value"] = value };
    }

    public static JsonObject PagePost(string postId, string message, string item = "status", string? fromId = null, string verb = "add") => new()
    {
        ["field"] = "feed",
        ["value"] = new JsonObject
        {
            ["item"] = item,
            ["verb"] = verb,
            ["post_id"] = postId,
            ["from"] = new JsonObject { ["id"] = fromId ?? PageId, ["name"] = "UBND tỉnh Lào Cai" },
            ["created_time"] = Unix(DateTimeOffset.UtcNow),
            ["message"] = message,
        },
    };

    public static JsonObject Messenger(string psid, string mid, string? text, bool echo = false, DateTimeOffset? at = null, JsonArray? attachments = null)
    {
        var message = new JsonObject { ["mid"] = mid };
        if (text is not null)
        {
            message["text"] = text;
        }

        if (attachments is not null)
        {
            message["attachments"] = attachments;
        }

        if (echo)
        {
            message["is_echo"] = true;
        }

        return new JsonObject
        {
            ["sender"] = new JsonObject { ["id"] = echo ? PageId : psid },
            ["recipient"] = new JsonObject { ["id"] = echo ? psid : PageId },
            ["timestamp"] = (at ?? DateTimeOffset.UtcNow).ToUnixTimeMilliseconds(),
            ["message"] = message,
        };
    }

    /// <summary>A delivery of feed changes in one entry.</summary>
    public static string Feed(params JsonObject[] changes) => new JsonObject
    {
        ["object"] = "page",
        ["entry"] = new JsonArray(new JsonObject
        {
            ["id"] = PageId,
            ["time"] = Unix(DateTimeOffset.UtcNow),
            ["changes"] = new JsonArray([.. changes]),
        }),
    }.ToJsonString();

    /// <summary>A delivery of Messenger events in one entry (times in milliseconds).</summary>
    public static string MessengerDelivery(params JsonObject[] events) => new JsonObject
    {
        ["object"] = "page",
        ["entry"] = new JsonArray(new JsonObject
        {
            ["id"] = PageId,
            ["time"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
            ["messaging"] = new JsonArray([.. events]),
        }),
    }.ToJsonString();

    public static string Sign(string body, string secret = AppSecret) => Sign(Encoding.UTF8.GetBytes(body), secret);

    /// <summary>
    /// POSTs a delivery as Meta does: JSON body, <c>X-Hub-Signature-256</c> over its exact bytes (or the
    /// given header value; null sends none).
    /// </summary>
    public static async Task<HttpResponseMessage> PostDelivery(this HttpClient client, byte[] body, string? signature = SignIt, string path = "webhooks/facebook", string secret = AppSecret)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (signature is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Hub-Signature-256", signature == SignIt ? Sign(body, secret) : signature);
        }

        return await client.SendAsync(request);
    }

    /// <summary>The <see cref="PostDelivery"/> signature argument that means "sign the body".</summary>
    public const string SignIt = "sign";

    public static string Sign(byte[] body, string secret = AppSecret) =>
        HmacSignature.Compute(secret, body);
}
