using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LaoCaiFanpage.Contracts.Threads;

namespace LaoCaiFanpage.Silo.Webhooks;

/// <summary>
/// A change addressed to its thread. <see cref="ReplyTo"/> is set for a reply: it joins the case of the
/// comment it answers, which may itself be a reply, so the router looks it up before delivery.
/// </summary>
public sealed record RoutedEvent(ThreadEvent Event, string ThreadId, string? ReplyTo);

public sealed record ParsedDelivery(string ObjectType, IReadOnlyList<RoutedEvent> Events, IReadOnlyList<string> Ignored);

/// <summary>
/// Reads a Page webhook delivery (<c>feed</c> changes and Messenger <c>messaging</c> events) as Meta
/// documents it. Every structural problem throws <see cref="WebhookFormatException"/> before anything
/// is stored; things Meta may add later (unknown objects, fields, items, verbs) are skipped and named in
/// <see cref="ParsedDelivery.Ignored"/>.
/// </summary>
public static class MetaWebhookParser
{
    private const int MaxIdLength = 256;
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64 };

    public static ParsedDelivery Parse(ReadOnlyMemory<byte> body, string pageId, DateTimeOffset receivedAt)
    {
        // JsonDocument checks UTF-8 only when a string is read; refuse invalid bytes up front instead.
        if (!System.Text.Unicode.Utf8.IsValid(body.Span))
        {
            throw new WebhookFormatException("The body is not valid UTF-8.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, DocumentOptions);
        }
        catch (JsonException ex)
        {
            throw new WebhookFormatException($"The body is not valid UTF-8 JSON: {ex.Message}", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new WebhookFormatException("$: the body must be a JSON object.");
            }

            var objectType = RequiredString(root, "object", "$");
            var events = new List<RoutedEvent>();
            var ignored = new List<string>();
            if (objectType != "page")
            {
                ignored.Add($"object '{objectType}'");
                return new ParsedDelivery(objectType, events, ignored);
            }

            var entries = RequiredArray(root, "entry", "$");
            var index = 0;
            foreach (var entry in entries.EnumerateArray())
            {
                ParseEntry(entry, $"$.entry[{index++}]", pageId, receivedAt, events, ignored);
            }

            return new ParsedDelivery(objectType, events, ignored);
        }
    }

    private static void ParseEntry(JsonElement entry, string path, string pageId, DateTimeOffset receivedAt, List<RoutedEvent> events, List<string> ignored)
    {
        RequireObject(entry, path);
        var entryPageId = RequiredId(entry, "id", path);
        var isMessenger = entry.TryGetProperty("messaging", out var messaging);
        DateTimeOffset? sentAt = entry.TryGetProperty("time", out var time)
            ? ParseTime(time, $"{path}.time", isMessenger ? TimeUnit.Milliseconds : TimeUnit.Seconds)
            : null;

        if (entryPageId != pageId)
        {
            ignored.Add($"{path}: page {entryPageId} is not the configured page");
            return;
        }

        if (entry.TryGetProperty("changes", out var changes))
        {
            if (changes.ValueKind != JsonValueKind.Array)
            {
                throw new WebhookFormatException($"{path}.changes must be an array.");
            }

            var i = 0;
            foreach (var change in changes.EnumerateArray())
            {
                ParseChange(change, $"{path}.changes[{i++}]", pageId, sentAt ?? receivedAt, receivedAt, events, ignored);
            }
        }

        if (isMessenger)
        {
            if (messaging.ValueKind != JsonValueKind.Array)
            {
                throw new WebhookFormatException($"{path}.messaging must be an array.");
            }

            var i = 0;
            foreach (var message in messaging.EnumerateArray())
            {
                ParseMessaging(message, $"{path}.messaging[{i++}]", pageId, receivedAt, events, ignored);
            }
        }
    }

    private static void ParseChange(JsonElement change, string path, string pageId, DateTimeOffset sentAt, DateTimeOffset receivedAt, List<RoutedEvent> events, List<string> ignored)
    {
        RequireObject(change, path);
        var field = RequiredString(change, "field", path);
        if (field != "feed")
        {
            ignored.Add($"{path}: field '{field}'");
            return;
        }

        if (!change.TryGetProperty("value", out var value) || value.ValueKind != JsonValueKind.Object)
        {
            throw new WebhookFormatException($"{path}.value must be an object.");
        }

        var valuePath = path + ".value";
        var item = RequiredString(value, "item", valuePath);
        var verb = RequiredString(value, "verb", valuePath);
        var channel = item switch
        {
            "comment" => MessageChannel.Comment,
            "post" or "status" or "photo" or "video" or "share" => MessageChannel.Post,
            _ => (MessageChannel?)null,
        };
        if (channel is null)
        {
            ignored.Add($"{path}: item '{item}'");
            return;
        }

        ThreadEventKind? kind = verb switch
        {
            "add" => ThreadEventKind.Add,
            "edited" or "edit" or "update" => ThreadEventKind.Edit,
            "remove" or "delete" => ThreadEventKind.Remove,
            "hide" => ThreadEventKind.Hide,
            "unhide" => ThreadEventKind.Unhide,
            _ => null,
        };
        if (kind is null)
        {
            ignored.Add($"{path}: verb '{verb}'");
            return;
        }

        var postId = RequiredId(value, "post_id", valuePath);
        string messageId;
        string threadId;
        string? parentId = null;
        string? replyTo = null;
        if (channel == MessageChannel.Comment)
        {
            messageId = RequiredId(value, "comment_id", valuePath);
            parentId = OptionalId(value, "parent_id", valuePath) ?? postId;
            threadId = messageId;
            if (parentId != postId)
            {
                replyTo = parentId;
                threadId = parentId;
            }
        }
        else
        {
            messageId = postId;
            threadId = postId;
        }

        var author = ReadFeedAuthor(value, valuePath, pageId, required: kind == ThreadEventKind.Add);
        var createdAt = value.TryGetProperty("created_time", out var created) ? ParseTime(created, valuePath + ".created_time", TimeUnit.Seconds) : null;
        var editedAt = value.TryGetProperty("edited_time", out var edited) ? ParseTime(edited, valuePath + ".edited_time", TimeUnit.Seconds) : null;
        var occurredAt = kind switch
        {
            ThreadEventKind.Add => createdAt ?? sentAt,
            ThreadEventKind.Edit => editedAt ?? sentAt,
            _ => sentAt,
        };

        var attachments = new List<Attachment>();
        foreach (var media in new[] { "photo", "video", "link" })
        {
            var url = OptionalString(value, media, valuePath);
            if (url is not null)
            {
                attachments.Add(new Attachment(media, url));
            }
        }

        string? permalink = null;
        if (value.TryGetProperty("post", out var post) && post.ValueKind == JsonValueKind.Object)
        {
            permalink = OptionalString(post, "permalink_url", valuePath + ".post");
        }

        var evt = new ThreadEvent(
            EventKey(field, change),
            kind.Value,
            channel.Value,
            pageId,
            messageId,
            parentId,
            postId,
            author,
            OptionalString(value, "message", valuePath),
            attachments,
            occurredAt,
            receivedAt,
            permalink);
        events.Add(new RoutedEvent(evt, threadId, replyTo));
    }

    private static void ParseMessaging(JsonElement messaging, string path, string pageId, DateTimeOffset receivedAt, List<RoutedEvent> events, List<string> ignored)
    {
        RequireObject(messaging, path);
        var senderId = RequiredId(RequiredObject(messaging, "sender", path), "id", path + ".sender");
        var recipientId = RequiredId(RequiredObject(messaging, "recipient", path), "id", path + ".recipient");
        var timestamp = messaging.TryGetProperty("timestamp", out var ts)
            ? ParseTime(ts, path + ".timestamp", TimeUnit.Milliseconds) ?? receivedAt
            : receivedAt;

        ThreadEventKind kind;
        JsonElement message;
        string messagePath;
        if (messaging.TryGetProperty("message", out message))
        {
            kind = ThreadEventKind.Add;
            messagePath = path + ".message";
        }
        else if (messaging.TryGetProperty("message_edit", out message))
        {
            kind = ThreadEventKind.Edit;
            messagePath = path + ".message_edit";
        }
        else
        {
            var what = messaging.EnumerateObject().Select(p => p.Name)
                .FirstOrDefault(n => n is not ("sender" or "recipient" or "timestamp")) ?? "nothing";
            ignored.Add($"{path}: messaging event '{what}'");
            return;
        }

        RequireObject(message, messagePath);
        var isEcho = message.TryGetProperty("is_echo", out var echo) && echo.ValueKind == JsonValueKind.True;
        var fromPage = isEcho || senderId == pageId;
        var psid = fromPage ? recipientId : senderId;
        if (!fromPage && recipientId != pageId)
        {
            ignored.Add($"{path}: message to page {recipientId}");
            return;
        }

        var mid = RequiredId(message, "mid", messagePath);
        var attachments = new List<Attachment>();
        if (message.TryGetProperty("attachments", out var list))
        {
            if (list.ValueKind != JsonValueKind.Array)
            {
                throw new WebhookFormatException($"{messagePath}.attachments must be an array.");
            }

            var i = 0;
            foreach (var attachment in list.EnumerateArray())
            {
                var attachmentPath = $"{messagePath}.attachments[{i++}]";
                RequireObject(attachment, attachmentPath);
                var type = OptionalString(attachment, "type", attachmentPath) ?? "file";
                string? url = null;
                if (attachment.TryGetProperty("payload", out var payload) && payload.ValueKind == JsonValueKind.Object)
                {
                    url = OptionalString(payload, "url", attachmentPath + ".payload");
                }

                attachments.Add(new Attachment(type, url));
            }
        }

        var text = OptionalString(message, "text", messagePath);
        if (kind == ThreadEventKind.Add && text is null && attachments.Count == 0)
        {
            throw new WebhookFormatException($"{messagePath} has neither text nor attachments.");
        }

        var author = new Author(fromPage ? pageId : psid, null, fromPage);
        var threadId = $"messenger:{pageId}:{psid}";
        var evt = new ThreadEvent(
            EventKey("messaging", messaging),
            kind,
            MessageChannel.Messenger,
            pageId,
            mid,
            null,
            null,
            author,
            text,
            attachments,
            timestamp,
            receivedAt,
            null);
        events.Add(new RoutedEvent(evt, threadId, null));
    }

    private static Author ReadFeedAuthor(JsonElement value, string path, string pageId, bool required)
    {
        string? id = null;
        string? name = null;
        if (value.TryGetProperty("from", out var from))
        {
            RequireObject(from, path + ".from");
            id = RequiredId(from, "id", path + ".from");
            name = OptionalString(from, "name", path + ".from");
        }
        else if (value.TryGetProperty("sender_id", out _))
        {
            // Older payloads name the author with sender_id / sender_name.
            id = RequiredId(value, "sender_id", path);
            name = OptionalString(value, "sender_name", path);
        }

        if (id is null)
        {
            if (required)
            {
                throw new WebhookFormatException($"{path}.from is required for a new message.");
            }

            return new Author("unknown", null, false);
        }

        return new Author(id, name, id == pageId);
    }

    /// <summary>A digest of the change exactly as Meta sent it: a retried delivery repeats it byte for byte.</summary>
    private static string EventKey(string kind, JsonElement element)
    {
        var raw = element.GetRawText();
        var bytes = Encoding.UTF8.GetBytes(kind + "\n" + raw);
        return Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 16));
    }

    private enum TimeUnit
    {
        Seconds,
        Milliseconds,
    }

    private static DateTimeOffset? ParseTime(JsonElement element, string path, TimeUnit unit)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Null:
                return null;
            case JsonValueKind.Number when element.TryGetInt64(out var number):
                return FromUnix(number, unit, path);
            case JsonValueKind.String:
                var text = ReadString(element, path);
                if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var digits))
                {
                    return FromUnix(digits, unit, path);
                }

                // Some payloads carry ISO-8601 with a "+0000" offset.
                if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
                    || DateTimeOffset.TryParseExact(text, "yyyy-MM-dd'T'HH:mm:sszzzz", CultureInfo.InvariantCulture, DateTimeStyles.None, out parsed)
                    || DateTimeOffset.TryParseExact(text, "yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture, DateTimeStyles.None, out parsed))
                {
                    return parsed.ToUniversalTime();
                }

                break;
        }

        throw new WebhookFormatException($"{path} is not a time (Unix {(unit == TimeUnit.Seconds ? "seconds" : "milliseconds")} or ISO-8601).");
    }

    private static DateTimeOffset FromUnix(long value, TimeUnit unit, string path)
    {
        // Years 2000..2200 in either unit; anything else is not a Meta timestamp.
        var ms = unit == TimeUnit.Seconds ? value * 1000 : value;
        if (value < 0 || ms < 946_684_800_000L || ms > 7_258_118_400_000L)
        {
            throw new WebhookFormatException($"{path} is out of range.");
        }

        return DateTimeOffset.FromUnixTimeMilliseconds(ms);
    }

    /// <summary>
    /// Meta's ids are digits and underscores; Messenger mids add letters and <c>- _ . $ + / =</c>.
    /// Nothing else is accepted: ids become grain keys, and Orleans' ADO.NET provider formats a key
    /// with string.Format, so a brace in an id would make its state unwritable.
    /// </summary>
    private static bool IsIdCharacter(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or '$' or '+' or '/' or '=' or ':';

    private static void RequireObject(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new WebhookFormatException($"{path} must be an object.");
        }
    }

    private static JsonElement RequiredObject(JsonElement parent, string name, string path)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.Object)
        {
            throw new WebhookFormatException($"{path}.{name} must be an object.");
        }

        return value;
    }

    private static JsonElement RequiredArray(JsonElement parent, string name, string path)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.Array)
        {
            throw new WebhookFormatException($"{path}.{name} must be an array.");
        }

        return value;
    }

    private static string RequiredString(JsonElement parent, string name, string path) =>
        OptionalString(parent, name, path) ?? throw new WebhookFormatException($"{path}.{name} is required.");

    private static string? OptionalString(JsonElement parent, string name, string path)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            throw new WebhookFormatException($"{path}.{name} must be a string.");
        }

        return ReadString(value, $"{path}.{name}");
    }

    private static string ReadString(JsonElement value, string path)
    {
        try
        {
            return value.GetString()!;
        }
        catch (InvalidOperationException ex)
        {
            // An escaped lone surrogate (\uD800) is valid JSON but not text.
            throw new WebhookFormatException($"{path} is not valid Unicode text.", ex);
        }
    }

    private static string RequiredId(JsonElement parent, string name, string path) =>
        OptionalId(parent, name, path) ?? throw new WebhookFormatException($"{path}.{name} is required.");

    /// <summary>Meta's ids are strings (old payloads: numbers); they become grain keys, so they are checked.</summary>
    private static string? OptionalId(JsonElement parent, string name, string path)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var id = value.ValueKind switch
        {
            JsonValueKind.String => ReadString(value, $"{path}.{name}"),
            JsonValueKind.Number when value.TryGetInt64(out var n) && n >= 0 => n.ToString(CultureInfo.InvariantCulture),
            _ => throw new WebhookFormatException($"{path}.{name} must be an id string."),
        };

        if (id.Length is 0 or > MaxIdLength || !id.All(IsIdCharacter))
        {
            throw new WebhookFormatException($"{path}.{name} is not a valid id.");
        }

        return id;
    }
}
