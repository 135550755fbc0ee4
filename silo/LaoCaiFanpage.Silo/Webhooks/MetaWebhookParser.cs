using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using LaoCaiFanpage.Contracts.Threads;

namespace LaoCaiFanpage.Silo.Webhooks;

/// <summary>
/// A change addressed to its thread. <see cref="ReplyTo"/> is set for a reply: it joins the case of the
/// comment it answers, which may itself be a reply, so the router looks it up before delivery.
/// </summary>
public sealed record RoutedEvent(ThreadEvent Event, string ThreadId, string? ReplyTo);

/// <summary>A part of a delivery the parser could not apply: where it is (a JSON path) and why.</summary>
public sealed record QuarantinedPart(string Path, string Reason);

/// <summary>
/// What a delivery carried: the changes to apply, what was skipped by design (named), and the parts that could not be
/// read (kept in quarantine with the delivery's exact bytes, to be retried after an upgrade).
/// </summary>
public sealed record ParsedDelivery(IReadOnlyList<RoutedEvent> Events, IReadOnlyList<string> Ignored, IReadOnlyList<QuarantinedPart> Quarantined);

/// <summary>
/// Reads a Page webhook delivery (<c>feed</c> changes and Messenger <c>messaging</c> events) as Meta documents it, and
/// never refuses one that is JSON: a validly signed delivery is always acknowledged (Meta retries a refused one for
/// 36 hours and may then switch the subscription off). Only bytes that are not UTF-8 JSON throw
/// <see cref="WebhookFormatException"/>. Each entry, change and messaging event is read on its own: one the parser
/// cannot apply goes to <see cref="ParsedDelivery.Quarantined"/> with its path and the reason, and the others are
/// applied; what Meta sends that we do not act on (reactions, reads, opt-ins, unknown objects, fields, items,
/// verbs) is named in <see cref="ParsedDelivery.Ignored"/>.
/// </summary>
public static class MetaWebhookParser
{
    private const int MaxIdLength = 256;
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64 };

    public static ParsedDelivery Parse(ReadOnlyMemory<byte> body, string pageId, DateTimeOffset receivedAt)
    {
        // JsonDocument checks UTF-8 only when a string is read; refuse invalid bytes up front instead.
        if (!Utf8.IsValid(body.Span))
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
            // Valid JSON nested deeper than any delivery Meta sends is still signed JSON: acknowledged and kept whole.
            if (IsJson(body.Span))
            {
                return new ParsedDelivery([], [], [new QuarantinedPart("$", $"$ is nested deeper than {DocumentOptions.MaxDepth} levels.")]);
            }

            throw new WebhookFormatException($"The body is not valid UTF-8 JSON: {ex.Message}", ex);
        }

        using (document)
        {
            var events = new List<RoutedEvent>();
            var ignored = new List<string>();
            var quarantined = new List<QuarantinedPart>();
            var root = document.RootElement;
            Apply("$", quarantined, () =>
            {
                RequireObject(root, "$");
                var objectType = RequiredString(root, "object", "$");
                if (objectType != "page")
                {
                    ignored.Add($"object '{objectType}'");
                    return;
                }

                var index = 0;
                foreach (var entry in RequiredArray(root, "entry", "$").EnumerateArray())
                {
                    var path = $"$.entry[{index++}]";
                    Apply(path, quarantined, () => ParseEntry(entry, path, pageId, receivedAt, events, ignored, quarantined));
                }
            });

            return new ParsedDelivery(events, ignored, quarantined);
        }
    }

    /// <summary>Whether the bytes are JSON at all, however deep (the reader keeps its own stack, not the thread's).</summary>
    private static bool IsJson(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 1_000_000 });
        try
        {
            while (reader.Read())
            {
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Reads one part; a part that cannot be read is quarantined, and the parts beside it are still read.</summary>
    private static void Apply(string path, List<QuarantinedPart> quarantined, Action read)
    {
        try
        {
            read();
        }
        catch (WebhookFormatException ex)
        {
            quarantined.Add(new QuarantinedPart(path, ex.Message));
        }
    }

    private static void ParseEntry(JsonElement entry, string path, string pageId, DateTimeOffset receivedAt, List<RoutedEvent> events, List<string> ignored, List<QuarantinedPart> quarantined)
    {
        RequireObject(entry, path);
        var entryPageId = RequiredId(entry, "id", path);

        // Seconds on feed entries, milliseconds on Messenger ones, either in older or odd payloads: read by size.
        DateTimeOffset? sentAt = entry.TryGetProperty("time", out var time) ? ParseTime(time) : null;
        if (entryPageId != pageId)
        {
            ignored.Add($"{path}: page {entryPageId} is not the configured page");
            return;
        }

        if (entry.TryGetProperty("changes", out _))
        {
            var i = 0;
            foreach (var change in RequiredArray(entry, "changes", path).EnumerateArray())
            {
                var changePath = $"{path}.changes[{i++}]";
                Apply(changePath, quarantined, () => ParseChange(change, changePath, pageId, sentAt ?? receivedAt, receivedAt, events, ignored));
            }
        }

        if (entry.TryGetProperty("messaging", out _))
        {
            var i = 0;
            foreach (var message in RequiredArray(entry, "messaging", path).EnumerateArray())
            {
                var messagePath = $"{path}.messaging[{i++}]";
                Apply(messagePath, quarantined, () => ParseMessaging(message, messagePath, pageId, receivedAt, events, ignored));
            }
        }

        // A conversation handed to another app (Messenger's handover protocol) arrives as "standby": not ours to answer.
        if (entry.TryGetProperty("standby", out _))
        {
            ignored.Add($"{path}: standby (a conversation another app holds)");
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
        var createdAt = value.TryGetProperty("created_time", out var created) ? ParseTime(created) : null;
        var editedAt = value.TryGetProperty("edited_time", out var edited) ? ParseTime(edited) : null;
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

        // A message, its edit or its unsend are the citizen's words; every other Messenger event (reactions, reads,
        // deliveries, opt-ins, postbacks, referrals, policy and account callbacks) is acknowledged and named, not applied.
        string messagePath;
        JsonElement message;
        var kind = ThreadEventKind.Add;
        if (messaging.TryGetProperty("message", out message))
        {
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

        var senderId = RequiredId(RequiredObject(messaging, "sender", path), "id", path + ".sender");
        var recipientId = RequiredId(RequiredObject(messaging, "recipient", path), "id", path + ".recipient");
        var timestamp = messaging.TryGetProperty("timestamp", out var ts) ? ParseTime(ts) ?? receivedAt : receivedAt;
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

        // The sender unsent the message: it is marked removed (its text stays on the record, off the screens).
        if (message.TryGetProperty("is_deleted", out var deleted) && deleted.ValueKind == JsonValueKind.True)
        {
            kind = ThreadEventKind.Remove;
        }

        var attachments = new List<Attachment>();
        if (message.TryGetProperty("attachments", out _))
        {
            var i = 0;
            foreach (var attachment in RequiredArray(message, "attachments", messagePath).EnumerateArray())
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

        // A message Meta cannot show us (is_unsupported, or neither text nor attachments) is still the citizen writing
        // to the page: it is kept as an unsupported attachment, so the case exists and an officer looks on Facebook.
        if (kind == ThreadEventKind.Add && text is null && attachments.Count == 0)
        {
            attachments.Add(new Attachment("unsupported", null));
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

    /// <summary>
    /// A time as Meta sends it: Unix seconds or milliseconds (told apart by size, since payloads mix them), digits in a
    /// string, or ISO-8601. A time the parser cannot read, or one outside 2000–2200, is no time (the caller falls back
    /// to when the delivery was sent or received): a wrong clock on Meta's side never costs the message.
    /// </summary>
    private static DateTimeOffset? ParseTime(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Number when element.TryGetInt64(out var number):
                return FromUnix(number);
            case JsonValueKind.Number when element.TryGetDouble(out var fractional) && fractional is > 0 and < 1e13:
                return FromUnix((long)fractional);
            case JsonValueKind.String:
                string text;
                try
                {
                    text = element.GetString()!;
                }
                catch (InvalidOperationException)
                {
                    return null;
                }

                if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var digits))
                {
                    return FromUnix(digits);
                }

                // Some payloads carry ISO-8601 with a "+0000" offset.
                if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
                    || DateTimeOffset.TryParseExact(text, "yyyy-MM-dd'T'HH:mm:sszzzz", CultureInfo.InvariantCulture, DateTimeStyles.None, out parsed)
                    || DateTimeOffset.TryParseExact(text, "yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture, DateTimeStyles.None, out parsed))
                {
                    return InRange(parsed.ToUnixTimeMilliseconds()) ? parsed.ToUniversalTime() : null;
                }

                return null;
            default:
                return null;
        }
    }

    private static DateTimeOffset? FromUnix(long value)
    {
        // Below 10^11 it is seconds (10^11 s is the year 5138; 10^11 ms is 1973).
        var ms = value < 100_000_000_000L ? value * 1000 : value;
        return InRange(ms) ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
    }

    private static bool InRange(long ms) => ms is >= 946_684_800_000L and <= 7_258_118_400_000L;

    /// <summary>
    /// Meta's ids are digits and underscores; Messenger mids add letters and <c>- _ . $ + / =</c>.
    /// Nothing else is accepted: ids become grain keys, and Orleans' ADO.NET provider formats a key
    /// with string.Format, so a brace in an id would make its state unwritable.
    /// </summary>
    public static bool IsValidId(string id) => id.Length is > 0 and <= MaxIdLength && id.All(IsIdCharacter);

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

        // Some payloads send ids as JSON numbers, larger than 64 bits at times: their digits are the id.
        var id = value.ValueKind switch
        {
            JsonValueKind.String => ReadString(value, $"{path}.{name}"),
            JsonValueKind.Number when value.GetRawText() is var digits && digits.All(char.IsAsciiDigit) => digits,
            _ => throw new WebhookFormatException($"{path}.{name} must be an id string."),
        };

        if (id.Length is 0 or > MaxIdLength || !id.All(IsIdCharacter))
        {
            throw new WebhookFormatException($"{path}.{name} is not a valid id.");
        }

        return id;
    }
}
