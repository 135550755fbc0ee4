using System.Globalization;

namespace LaoCaiFanpage.Tests.Shared;

/// <summary>
/// Delivery shapes a Page webhook receives, written here from Meta's Webhooks, Graph API and Messenger Platform
/// documentation, odd ones included: what the parser must acknowledge (and what it does with each). Each is a body for
/// <see cref="MetaDeliveries.PageId"/>, unique per call where a case would be created.
/// </summary>
public static class MetaDeliveryCorpus
{
    public sealed record Shape(string Name, string Body);

    public static IEnumerable<Shape> Shapes()
    {
        var page = MetaDeliveries.PageId;
        var now = DateTimeOffset.UtcNow;
        var seconds = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var millis = now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        string Psid() => "72" + Random.Shared.NextInt64(10_000_000_000, 99_999_999_999).ToString(CultureInfo.InvariantCulture);
        string Feed(string value, string time = "") => $$$"""{"object":"page","entry":[{"id":"{{{page}}}","time":{{{(time.Length == 0 ? seconds : time)}}},"changes":[{"field":"feed","value":{{{value}}}}]}]}""";
        string Messaging(string events, string time = "") => $$$"""{"object":"page","entry":[{"id":"{{{page}}}","time":{{{(time.Length == 0 ? millis : time)}}},"messaging":[{{{events}}}]}]}""";
        string Comment() => MetaDeliveries.NewCommentId();

        yield return new("comment", MetaDeliveries.Feed(MetaDeliveries.Comment(Comment(), "Xin hỏi thủ tục cấp đổi căn cước")));
        yield return new("reply to a comment", MetaDeliveries.Feed(MetaDeliveries.Comment(Comment(), "Bổ sung", parentId: Comment())));
        yield return new("comment edited", MetaDeliveries.Feed(MetaDeliveries.Comment(Comment(), "Sửa lại", verb: "edited", editedAt: now)));
        yield return new("comment removed", Feed($$$"""{"item":"comment","verb":"remove","post_id":"{{{page}}}_900001","comment_id":"{{{Comment()}}}","created_time":{{{seconds}}}}"""));
        yield return new("comment hidden", Feed($$$"""{"item":"comment","verb":"hide","post_id":"{{{page}}}_900001","comment_id":"{{{Comment()}}}","from":{"id":"6100000000000011"}}"""));
        yield return new("photo comment", Feed($$$"""{"item":"comment","verb":"add","post_id":"{{{page}}}_900001","comment_id":"{{{Comment()}}}","from":{"id":"6100000000000011","name":"Vàng Thị Dung"},"photo":"https://scontent.xx.fbcdn.net/p.jpg","created_time":{{{seconds}}}}"""));
        yield return new("visitor status post", MetaDeliveries.Feed(MetaDeliveries.PagePost(page + "_" + Random.Shared.Next(1_000_000, 9_999_999), "Phản ánh đường hỏng", "status", fromId: "6100000000000012")));
        yield return new("visitor photo post", MetaDeliveries.Feed(MetaDeliveries.PagePost(page + "_" + Random.Shared.Next(1_000_000, 9_999_999), "Ảnh hiện trường", "photo", fromId: "6100000000000012")));
        yield return new("the page's own post", MetaDeliveries.Feed(MetaDeliveries.PagePost(page + "_" + Random.Shared.Next(1_000_000, 9_999_999), "Thông báo của UBND tỉnh", "status")));
        yield return new("reaction", Feed($$$"""{"item":"reaction","verb":"add","post_id":"{{{page}}}_900001","reaction_type":"like","from":{"id":"6100000000000011"},"created_time":{{{seconds}}}}"""));
        yield return new("older shape: sender_id, string times", Feed($$$"""{"item":"comment","verb":"add","post_id":"{{{page}}}_900001","comment_id":"{{{Comment()}}}","sender_id":"6100000000000013","sender_name":"Lù Văn Páo","message":"Hỏi","created_time":"{{{seconds}}}"}"""));
        yield return new("ids as JSON numbers", Feed($$$"""{"item":"comment","verb":"add","post_id":"{{{page}}}_900001","comment_id":{{{Random.Shared.NextInt64(100_000_000_000, 999_999_999_999)}}},"from":{"id":6100000000000014},"message":"Số"}"""));
        yield return new("ISO-8601 times", Feed($$$"""{"item":"comment","verb":"add","post_id":"{{{page}}}_900001","comment_id":"{{{Comment()}}}","from":{"id":"6100000000000015"},"message":"Giờ ISO","created_time":"{{{now.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture)}}}+0000"}"""));
        yield return new("millisecond feed time", Feed($$$"""{"item":"comment","verb":"add","post_id":"{{{page}}}_900001","comment_id":"{{{Comment()}}}","from":{"id":"6100000000000016"},"message":"ms","created_time":{{{millis}}}}""", millis));
        yield return new("time far from now", Feed($$$"""{"item":"comment","verb":"add","post_id":"{{{page}}}_900001","comment_id":"{{{Comment()}}}","from":{"id":"6100000000000017"},"message":"Giờ lạ","created_time":1}""", "1"));
        yield return new("unknown fields", Feed($$$"""{"item":"comment","verb":"add","post_id":"{{{page}}}_900001","comment_id":"{{{Comment()}}}","from":{"id":"6100000000000018"},"message":"Mới","is_hidden":false,"new_field":{"x":[1,2]}}"""));
        yield return new("unknown verb", Feed($$$"""{"item":"comment","verb":"pin","post_id":"{{{page}}}_900001","comment_id":"{{{Comment()}}}"}"""));
        yield return new("other field", """{"object":"page","entry":[{"id":"{{PAGE}}","time":1,"changes":[{"field":"ratings","value":{"rating":5}}]}]}""".Replace("{{PAGE}}", page, StringComparison.Ordinal));
        yield return new("another page", """{"object":"page","entry":[{"id":"999","time":1,"changes":[{"field":"feed","value":{"item":"comment","verb":"add"}}]}]}""");
        yield return new("another object", """{"object":"instagram","entry":[{"id":"1","time":1,"changes":[]}]}""");
        yield return new("an entry without changes", $$$"""{"object":"page","entry":[{"id":"{{{page}}}","time":{{{seconds}}}}]}""");

        var psid = Psid();
        yield return new("messenger text", MetaDeliveries.MessengerDelivery(MetaDeliveries.Messenger(psid, "m_text_" + psid, "Xin chào")));
        yield return new("messenger attachment", Messaging($$$"""{"sender":{"id":"{{{Psid()}}}"},"recipient":{"id":"{{{page}}}"},"timestamp":{{{millis}}},"message":{"mid":"m_att_{{{Psid()}}}","attachments":[{"type":"image","payload":{"url":"https://scontent.xx.fbcdn.net/a.jpg"}}]}}"""));
        yield return new("messenger sticker", Messaging($$$"""{"sender":{"id":"{{{Psid()}}}"},"recipient":{"id":"{{{page}}}"},"timestamp":{{{millis}}},"message":{"mid":"m_st_{{{Psid()}}}","sticker_id":369239263222822,"attachments":[{"type":"image","payload":{"url":"https://scontent.xx.fbcdn.net/s.png","sticker_id":369239263222822}}]}}"""));
        yield return new("messenger echo", Messaging($$$"""{"sender":{"id":"{{{page}}}"},"recipient":{"id":"{{{psid}}}"},"timestamp":{{{millis}}},"message":{"mid":"m_echo_{{{psid}}}","is_echo":true,"app_id":1,"text":"Cảm ơn"}}"""));
        yield return new("messenger edit", Messaging($$$"""{"sender":{"id":"{{{psid}}}"},"recipient":{"id":"{{{page}}}"},"timestamp":{{{millis}}},"message_edit":{"mid":"m_text_{{{psid}}}","text":"Xin chào ạ","num_edit":1}}"""));
        yield return new("messenger unsend", Messaging($$$"""{"sender":{"id":"{{{psid}}}"},"recipient":{"id":"{{{page}}}"},"timestamp":{{{millis}}},"message":{"mid":"m_text_{{{psid}}}","is_deleted":true}}"""));
        yield return new("messenger unsupported", Messaging($$$"""{"sender":{"id":"{{{Psid()}}}"},"recipient":{"id":"{{{page}}}"},"timestamp":{{{millis}}},"message":{"mid":"m_un_{{{Psid()}}}","is_unsupported":true}}"""));
        yield return new("messenger reaction", Messaging($$$"""{"sender":{"id":"{{{psid}}}"},"recipient":{"id":"{{{page}}}"},"timestamp":{{{millis}}},"reaction":{"mid":"m_text_{{{psid}}}","action":"react","reaction":"love","emoji":"\u2764"}}"""));
        yield return new("messenger read", Messaging($$$"""{"sender":{"id":"{{{psid}}}"},"recipient":{"id":"{{{page}}}"},"timestamp":{{{millis}}},"read":{"watermark":{{{millis}}}}}"""));
        yield return new("messenger delivery", Messaging($$$"""{"sender":{"id":"{{{psid}}}"},"recipient":{"id":"{{{page}}}"},"delivery":{"mids":["m_text_{{{psid}}}"],"watermark":{{{millis}}}}}"""));
        yield return new("messenger opt-in, time in seconds", Messaging($$$"""{"sender":{"id":"{{{psid}}}"},"recipient":{"id":"{{{page}}}"},"timestamp":{{{seconds}}},"optin":{"type":"notification_messages","payload":"x","notification_messages_token":"t"}}""", seconds));
        yield return new("messenger postback", Messaging($$$"""{"sender":{"id":"{{{psid}}}"},"recipient":{"id":"{{{page}}}"},"timestamp":{{{millis}}},"postback":{"title":"Bắt đầu","payload":"GET_STARTED","mid":"m_pb"}}"""));
        yield return new("messenger postback without fields", Messaging("""{"postback":{}}"""));
        yield return new("messenger referral", Messaging($$$"""{"sender":{"id":"{{{psid}}}"},"recipient":{"id":"{{{page}}}"},"timestamp":{{{millis}}},"referral":{"ref":"tiepdan","source":"SHORTLINK","type":"OPEN_THREAD"}}"""));
        yield return new("messenger policy callback, old time", Messaging($$$"""{"recipient":{"id":"{{{page}}}"},"timestamp":1458692752478,"policy-enforcement":{"action":"block","reason":"x"}}""", "1458692752478"));
        yield return new("messenger account linking", Messaging($$$"""{"sender":{"id":"{{{psid}}}"},"recipient":{"id":"{{{page}}}"},"timestamp":{{{millis}}},"account_linking":{"status":"unlinked"}}"""));
        yield return new("messenger standby", $$$"""{"object":"page","entry":[{"id":"{{{page}}}","time":{{{millis}}},"standby":[{"sender":{"id":"{{{psid}}}"},"recipient":{"id":"{{{page}}}"},"timestamp":{{{millis}}},"message":{"mid":"m_sb","text":"x"}}]}]}""");
        yield return new("a part nobody can read (quarantined)", MetaDeliveries.Feed(MetaDeliveries.Comment(Comment(), "Sai", fromId: "not an id")));
        yield return new("JSON that is not a delivery (quarantined)", "[1,2,3]");
        yield return new("nested deeper than any delivery (quarantined)", "{\"object\":\"page\",\"entry\":" + new string('[', 200) + new string(']', 200) + "}");
    }
}
