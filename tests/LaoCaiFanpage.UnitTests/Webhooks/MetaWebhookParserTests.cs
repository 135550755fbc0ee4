using System.Text;
using System.Text.Json.Nodes;
using LaoCaiFanpage.Contracts.Threads;
using LaoCaiFanpage.Silo.Webhooks;
using LaoCaiFanpage.Tests.Shared;

namespace LaoCaiFanpage.UnitTests.Webhooks;

public sealed class MetaWebhookParserTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 3, 0, 0, TimeSpan.Zero);

    private static ParsedDelivery Parse(string body) => MetaWebhookParser.Parse(Encoding.UTF8.GetBytes(body), MetaDeliveries.PageId, Now);

    private static WebhookFormatException Refused(string body) => Assert.Throws<WebhookFormatException>(() => Parse(body));

    /// <summary>Acknowledged, with the one part that could not be read kept in quarantine; returns that part.</summary>
    private static QuarantinedPart Quarantined(string body) => Assert.Single(Parse(body).Quarantined);

    [Fact]
    public void A_top_level_comment_is_its_own_case()
    {
        var id = MetaDeliveries.NewCommentId();
        var created = new DateTimeOffset(2026, 11, 29, 2, 59, 30, TimeSpan.Zero);
        var parsed = Parse(MetaDeliveries.Feed(MetaDeliveries.Comment(id, "Xin hỏi thủ tục cấp đổi CCCD?", createdAt: created)));

        var routed = Assert.Single(parsed.Events);
        Assert.Equal(id, routed.ThreadId);
        Assert.Null(routed.ReplyTo);
        var e = routed.Event;
        Assert.Equal(ThreadEventKind.Add, e.Kind);
        Assert.Equal(MessageChannel.Comment, e.Channel);
        Assert.Equal(id, e.MessageId);
        Assert.Equal(MetaDeliveries.PostId, e.PostId);
        Assert.Equal("Xin hỏi thủ tục cấp đổi CCCD?", e.Text);
        Assert.Equal("Nguyễn Thị Hoa", e.Author.Name);
        Assert.False(e.Author.IsPage);
        Assert.Equal(created, e.OccurredAt);
        Assert.Equal(Now, e.ReceivedAt);
        Assert.Equal("https://www.facebook.com/UBNDTLC/posts/900001", e.Permalink);
    }

    [Fact]
    public void A_reply_is_routed_to_the_comment_it_answers()
    {
        var parent = MetaDeliveries.NewCommentId();
        var reply = MetaDeliveries.NewCommentId();
        var routed = Assert.Single(Parse(MetaDeliveries.Feed(MetaDeliveries.Comment(reply, "Em ở xã Bát Xát", parentId: parent))).Events);
        Assert.Equal(parent, routed.ThreadId);
        Assert.Equal(parent, routed.ReplyTo);
        Assert.Equal(parent, routed.Event.ParentId);
    }

    [Fact]
    public void The_pages_own_comment_is_marked_as_the_page()
    {
        var routed = Assert.Single(Parse(MetaDeliveries.Feed(MetaDeliveries.Comment(MetaDeliveries.NewCommentId(), "Cảm ơn bạn", fromId: MetaDeliveries.PageId, fromName: "UBND tỉnh Lào Cai"))).Events);
        Assert.True(routed.Event.Author.IsPage);
    }

    [Theory]
    [InlineData("add", ThreadEventKind.Add)]
    [InlineData("edited", ThreadEventKind.Edit)]
    [InlineData("edit", ThreadEventKind.Edit)]
    [InlineData("remove", ThreadEventKind.Remove)]
    [InlineData("delete", ThreadEventKind.Remove)]
    [InlineData("hide", ThreadEventKind.Hide)]
    [InlineData("unhide", ThreadEventKind.Unhide)]
    public void Every_documented_verb_is_understood(string verb, ThreadEventKind kind)
    {
        var routed = Assert.Single(Parse(MetaDeliveries.Feed(MetaDeliveries.Comment(MetaDeliveries.NewCommentId(), "Nội dung", verb: verb))).Events);
        Assert.Equal(kind, routed.Event.Kind);
    }

    [Fact]
    public void An_edit_takes_its_time_from_edited_time()
    {
        var edited = new DateTimeOffset(2026, 11, 29, 2, 58, 0, TimeSpan.Zero);
        var routed = Assert.Single(Parse(MetaDeliveries.Feed(MetaDeliveries.Comment(MetaDeliveries.NewCommentId(), "Đã sửa", verb: "edited", editedAt: edited))).Events);
        Assert.Equal(edited, routed.Event.OccurredAt);
        Assert.Equal("Đã sửa", routed.Event.Text);
    }

    [Theory]
    [InlineData("post")]
    [InlineData("status")]
    [InlineData("photo")]
    [InlineData("video")]
    [InlineData("share")]
    public void Posts_of_every_kind_are_threads_keyed_by_post_id(string item)
    {
        var postId = MetaDeliveries.PageId + "_555";
        var routed = Assert.Single(Parse(MetaDeliveries.Feed(MetaDeliveries.PagePost(postId, "Thông báo lịch tiếp công dân", item))).Events);
        Assert.Equal(postId, routed.ThreadId);
        Assert.Equal(MessageChannel.Post, routed.Event.Channel);
        Assert.True(routed.Event.Author.IsPage);
    }

    [Fact]
    public void Reactions_and_unknown_verbs_and_fields_are_ignored_and_named()
    {
        var body = """
            {"object":"page","entry":[{"id":"100000000000001","time":1764374400,"changes":[
              {"field":"feed","value":{"item":"reaction","verb":"add","post_id":"100000000000001_1","reaction_type":"like","from":{"id":"1","name":"A"}}},
              {"field":"feed","value":{"item":"comment","verb":"block","post_id":"100000000000001_1","comment_id":"1_2","from":{"id":"1"}}},
              {"field":"ratings","value":{"anything":[1,2,3]}},
              {"field":"feed","value":{"item":"comment","verb":"add","post_id":"100000000000001_1","comment_id":"1_3","from":{"id":"7","name":"B"},"created_time":1764374400,"message":"ok","brand_new_field":{"x":1}}}
            ]}]}
            """;
        var parsed = Parse(body);
        Assert.Single(parsed.Events);
        Assert.Equal(3, parsed.Ignored.Count);
        Assert.Contains(parsed.Ignored, i => i.Contains("reaction", StringComparison.Ordinal));
        Assert.Contains(parsed.Ignored, i => i.Contains("block", StringComparison.Ordinal));
        Assert.Contains(parsed.Ignored, i => i.Contains("ratings", StringComparison.Ordinal));
    }

    [Fact]
    public void Old_payloads_with_sender_id_and_string_times_are_understood()
    {
        var body = """
            {"object":"page","entry":[{"id":"100000000000001","time":1764374400,"changes":[
              {"field":"feed","value":{"item":"comment","verb":"add","post_id":"100000000000001_1","comment_id":"1_9","parent_id":"100000000000001_1",
               "sender_id":6100000000000077,"sender_name":"Lò Văn Sùng","created_time":"1764374390","message":"Hỏi về đất đai"}},
              {"field":"feed","value":{"item":"comment","verb":"edited","post_id":"100000000000001_1","comment_id":"1_9",
               "from":{"id":"6100000000000077"},"edited_time":"2025-11-29T00:00:00+0000","message":"Hỏi về đất đai ở Sa Pa"}}
            ]}]}
            """;
        var parsed = Parse(body);
        Assert.Equal(2, parsed.Events.Count);
        Assert.Equal("6100000000000077", parsed.Events[0].Event.Author.Id);
        Assert.Equal("Lò Văn Sùng", parsed.Events[0].Event.Author.Name);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1764374390), parsed.Events[0].Event.OccurredAt);
        Assert.Equal(new DateTimeOffset(2025, 11, 29, 0, 0, 0, TimeSpan.Zero), parsed.Events[1].Event.OccurredAt);
    }

    [Fact]
    public void A_messenger_text_is_a_conversation_case_with_millisecond_times()
    {
        var at = new DateTimeOffset(2026, 11, 29, 2, 0, 0, 123, TimeSpan.Zero);
        var parsed = Parse(MetaDeliveries.MessengerDelivery(MetaDeliveries.Messenger("7200000000000021", "m_1", "Đường sạt lở", at: at)));
        var routed = Assert.Single(parsed.Events);
        Assert.Equal($"messenger:{MetaDeliveries.PageId}:7200000000000021", routed.ThreadId);
        Assert.Equal(MessageChannel.Messenger, routed.Event.Channel);
        Assert.Equal(at, routed.Event.OccurredAt);
        Assert.Equal("7200000000000021", routed.Event.Author.Id);
        Assert.False(routed.Event.Author.IsPage);
    }

    [Fact]
    public void Messenger_attachments_and_the_pages_echo_are_understood()
    {
        var attachments = new JsonArray(new JsonObject { ["type"] = "image", ["payload"] = new JsonObject { ["url"] = "https://scontent.example/a.jpg" } });
        var parsed = Parse(MetaDeliveries.MessengerDelivery(
            MetaDeliveries.Messenger("72", "m_a", null, attachments: attachments),
            MetaDeliveries.Messenger("72", "m_b", "Chúng tôi đã tiếp nhận", echo: true)));
        Assert.Equal(2, parsed.Events.Count);
        var photo = parsed.Events[0].Event;
        Assert.Equal("image", Assert.Single(photo.Attachments).Type);
        Assert.Equal("https://scontent.example/a.jpg", photo.Attachments[0].Url);
        var echo = parsed.Events[1];
        Assert.True(echo.Event.Author.IsPage);
        Assert.Equal($"messenger:{MetaDeliveries.PageId}:72", echo.ThreadId);
    }

    [Fact]
    public void Messenger_edits_are_edits_and_read_receipts_are_ignored()
    {
        var body = """
            {"object":"page","entry":[{"id":"100000000000001","time":1764374400000,"messaging":[
              {"sender":{"id":"72"},"recipient":{"id":"100000000000001"},"timestamp":1764374400000,"message_edit":{"mid":"m_1","text":"sửa lại","num_edit":1}},
              {"sender":{"id":"72"},"recipient":{"id":"100000000000001"},"timestamp":1764374400000,"read":{"watermark":1764374400000}},
              {"sender":{"id":"72"},"recipient":{"id":"100000000000001"},"timestamp":1764374400000,"delivery":{"mids":["m_1"]}}
            ]}]}
            """;
        var parsed = Parse(body);
        Assert.Equal(ThreadEventKind.Edit, Assert.Single(parsed.Events).Event.Kind);
        Assert.Equal(2, parsed.Ignored.Count);
    }

    [Fact]
    public void Other_objects_and_other_pages_are_ignored()
    {
        Assert.Empty(Parse("""{"object":"instagram","entry":[{"id":"1"}]}""").Events);
        var other = Parse("""{"object":"page","entry":[{"id":"999","time":1764374400,"changes":[{"field":"feed","value":{"item":"comment","verb":"add"}}]}]}""");
        Assert.Empty(other.Events);
        Assert.Contains("999", Assert.Single(other.Ignored), StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_change_sent_twice_has_the_same_event_key_and_different_changes_do_not()
    {
        var id = MetaDeliveries.NewCommentId();
        var body = MetaDeliveries.Feed(MetaDeliveries.Comment(id, "Một"));
        Assert.Equal(Parse(body).Events[0].Event.EventKey, Parse(body).Events[0].Event.EventKey);
        var changed = MetaDeliveries.Feed(MetaDeliveries.Comment(id, "Hai"));
        Assert.NotEqual(Parse(body).Events[0].Event.EventKey, Parse(changed).Events[0].Event.EventKey);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("{\"object\":\"page\",\"entry\":[")]
    public void Bytes_that_are_not_json_are_refused(string body) =>
        Assert.Contains("not valid", Refused(body).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("[]", "$", "must be an object")]
    [InlineData("""{"entry":[]}""", "$", "$.object is required")]
    [InlineData("""{"object":7,"entry":[]}""", "$", "$.object must be a string")]
    [InlineData("""{"object":"page"}""", "$", "$.entry must be an array")]
    [InlineData("""{"object":"page","entry":{}}""", "$", "$.entry must be an array")]
    [InlineData("""{"object":"page","entry":[5]}""", "$.entry[0]", "$.entry[0] must be an object")]
    [InlineData("""{"object":"page","entry":[{"time":1}]}""", "$.entry[0]", "$.entry[0].id is required")]
    [InlineData("""{"object":"page","entry":[{"id":"100000000000001","changes":{}}]}""", "$.entry[0]", "changes must be an array")]
    [InlineData("""{"object":"page","entry":[{"id":"100000000000001","changes":[{"value":{}}]}]}""", "$.entry[0].changes[0]", "field is required")]
    [InlineData("""{"object":"page","entry":[{"id":"100000000000001","changes":[{"field":"feed","value":"x"}]}]}""", "$.entry[0].changes[0]", "value must be an object")]
    [InlineData("""{"object":"page","entry":[{"id":"100000000000001","changes":[{"field":"feed","value":{"item":"comment","verb":"add","post_id":"1_1","from":{"id":"1"}}}]}]}""", "$.entry[0].changes[0]", "comment_id is required")]
    [InlineData("""{"object":"page","entry":[{"id":"100000000000001","changes":[{"field":"feed","value":{"item":"comment","verb":"add","post_id":"1_1","comment_id":"a b","from":{"id":"1"}}}]}]}""", "$.entry[0].changes[0]", "not a valid id")]
    [InlineData("""{"object":"page","entry":[{"id":"100000000000001","changes":[{"field":"feed","value":{"item":"comment","verb":"add","post_id":"1_1","comment_id":"1_2","from":"x"}}]}]}""", "$.entry[0].changes[0]", "from must be an object")]
    [InlineData("""{"object":"page","entry":[{"id":"100000000000001","changes":[{"field":"feed","value":{"item":"comment","verb":"add","post_id":"1_1","comment_id":"1_2"}}]}]}""", "$.entry[0].changes[0]", "from is required")]
    [InlineData("""{"object":"page","entry":[{"id":"100000000000001","changes":[{"field":"feed","value":{"item":"comment","verb":"add","post_id":"1_1","comment_id":"1_2","from":{"id":"1"},"message":42}}]}]}""", "$.entry[0].changes[0]", "message must be a string")]
    [InlineData("""{"object":"page","entry":[{"id":"100000000000001","messaging":[{"recipient":{"id":"100000000000001"},"message":{"mid":"m","text":"x"}}]}]}""", "$.entry[0].messaging[0]", "sender must be an object")]
    [InlineData("""{"object":"page","entry":[{"id":"100000000000001","messaging":[{"sender":{"id":"1"},"recipient":{"id":"100000000000001"},"message":{"mid":"m","attachments":{}}}]}]}""", "$.entry[0].messaging[0]", "attachments must be an array")]
    public void A_part_that_cannot_be_applied_is_quarantined_with_its_place_and_reason(string body, string path, string reason)
    {
        var part = Quarantined(body);
        Assert.Equal(path, part.Path);
        Assert.Contains(reason, part.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void One_bad_change_is_quarantined_and_the_changes_beside_it_are_applied()
    {
        var good = MetaDeliveries.NewCommentId();
        var after = MetaDeliveries.NewCommentId();
        var body = MetaDeliveries.Feed(
            MetaDeliveries.Comment(good, "Hợp lệ"),
            MetaDeliveries.Comment(MetaDeliveries.NewCommentId(), "Sai id", fromId: "not an id"),
            MetaDeliveries.Comment(after, "Cũng hợp lệ"));
        var parsed = Parse(body);
        Assert.Equal([good, after], parsed.Events.Select(e => e.Event.MessageId));
        Assert.Equal("$.entry[0].changes[1]", Assert.Single(parsed.Quarantined).Path);
    }

    [Theory]
    [InlineData("7200000000}000021")]
    [InlineData("{0}")]
    [InlineData("a%b")]
    [InlineData("a\\u0000b")]
    public void Ids_that_could_not_be_stored_as_grain_keys_are_quarantined(string psid)
    {
        var body = MetaDeliveries.MessengerDelivery(MetaDeliveries.Messenger("PSID", "m_1", "x")).Replace("\"PSID\"", "\"" + psid + "\"", StringComparison.Ordinal);
        Assert.Contains("not a valid id", Quarantined(body).Reason, StringComparison.Ordinal);
        Assert.Empty(Parse(body).Events);
    }

    [Fact]
    public void Ids_as_json_numbers_even_beyond_64_bits_are_ids()
    {
        var body = """
            {"object":"page","entry":[{"id":100000000000001,"time":1764374400,"changes":[{"field":"feed","value":
              {"item":"comment","verb":"add","post_id":"100000000000001_5","comment_id":123456789012345678901234,"from":{"id":7200000000000021,"name":"Lò Thị Mai"},"message":"Hỏi"}}]}]}
            """;
        var parsed = Parse(body);
        Assert.Empty(parsed.Quarantined);
        var evt = Assert.Single(parsed.Events).Event;
        Assert.Equal("123456789012345678901234", evt.MessageId);
        Assert.Equal("7200000000000021", evt.Author.Id);
    }

    [Theory]
    [InlineData("1764374400", 2025)]
    [InlineData("1764374400000", 2025)]
    [InlineData("\"1764374400\"", 2025)]
    [InlineData("\"2025-11-29T00:00:00+0000\"", 2025)]
    [InlineData("-5", 2026)]
    [InlineData("\"yesterday\"", 2026)]
    [InlineData("99999999999999999", 2026)]
    [InlineData("1.5e3", 2026)]
    public void Times_in_seconds_or_milliseconds_are_read_by_size_and_an_unreadable_time_falls_back_to_the_receipt(string created, int year)
    {
        var body = $$$"""
            {"object":"page","entry":[{"id":"100000000000001","time":"odd","changes":[{"field":"feed","value":
              {"item":"comment","verb":"add","post_id":"1_1","comment_id":"1_2","from":{"id":"1"},"message":"x","created_time":{{{created}}}}}]}]}
            """;
        var parsed = Parse(body);
        Assert.Empty(parsed.Quarantined);
        Assert.Equal(year, Assert.Single(parsed.Events).Event.OccurredAt.Year);
    }

    [Fact]
    public void An_unsent_messenger_message_removes_it_and_an_unsupported_one_is_kept_as_such()
    {
        var body = """
            {"object":"page","entry":[{"id":"100000000000001","time":1764374400000,"messaging":[
              {"sender":{"id":"72"},"recipient":{"id":"100000000000001"},"timestamp":1764374400000,"message":{"mid":"m_1","is_deleted":true}},
              {"sender":{"id":"72"},"recipient":{"id":"100000000000001"},"timestamp":1764374400000,"message":{"mid":"m_2","is_unsupported":true}},
              {"sender":{"id":"72"},"recipient":{"id":"100000000000001"},"timestamp":1764374400000,"message":{"mid":"m_3"}}
            ]}]}
            """;
        var parsed = Parse(body);
        Assert.Empty(parsed.Quarantined);
        Assert.Equal([ThreadEventKind.Remove, ThreadEventKind.Add, ThreadEventKind.Add], parsed.Events.Select(e => e.Event.Kind));
        Assert.Equal("m_1", parsed.Events[0].Event.MessageId);
        Assert.All(parsed.Events.Skip(1), e => Assert.Equal("unsupported", Assert.Single(e.Event.Attachments).Type));
    }

    [Theory]
    [InlineData("""{"sender":{"id":"72"},"recipient":{"id":"100000000000001"},"timestamp":1764374400000,"reaction":{"mid":"m_1","action":"react","reaction":"love"}}""", "reaction")]
    [InlineData("""{"sender":{"id":"72"},"recipient":{"id":"100000000000001"},"timestamp":1764374400000,"read":{"watermark":1764374400000}}""", "read")]
    [InlineData("""{"sender":{"id":"72"},"recipient":{"id":"100000000000001"},"timestamp":1764374400000,"delivery":{"mids":["m_1"],"watermark":1764374400000}}""", "delivery")]
    [InlineData("""{"sender":{"id":"72"},"recipient":{"id":"100000000000001"},"timestamp":1764374400000,"optin":{"type":"notification_messages","payload":"x"}}""", "optin")]
    [InlineData("""{"sender":{"id":"72"},"recipient":{"id":"100000000000001"},"timestamp":1764374400000,"postback":{"title":"Bắt đầu","payload":"GET_STARTED"}}""", "postback")]
    [InlineData("""{"sender":{"id":"72"},"recipient":{"id":"100000000000001"},"timestamp":1764374400000,"postback":{}}""", "postback")]
    [InlineData("""{"sender":{"id":"72"},"recipient":{"id":"100000000000001"},"timestamp":1764374400000,"referral":{"ref":"qr","source":"SHORTLINK","type":"OPEN_THREAD"}}""", "referral")]
    [InlineData("""{"recipient":{"id":"100000000000001"},"timestamp":1,"policy_enforcement":{"action":"warning","reason":"x"}}""", "policy_enforcement")]
    [InlineData("""{"sender":{"id":"72"},"recipient":{"id":"100000000000001"},"account_linking":{"status":"unlinked"}}""", "account_linking")]
    public void Messenger_events_that_are_not_words_are_acknowledged_and_named_not_applied(string messaging, string named)
    {
        var parsed = Parse("""{"object":"page","entry":[{"id":"100000000000001","time":1764374400000,"messaging":[""" + messaging + "]}]}");
        Assert.Empty(parsed.Events);
        Assert.Empty(parsed.Quarantined);
        Assert.Contains("'" + named + "'", Assert.Single(parsed.Ignored), StringComparison.Ordinal);
    }

    [Fact]
    public void A_conversation_on_standby_is_named_not_applied()
    {
        var parsed = Parse("""{"object":"page","entry":[{"id":"100000000000001","time":1764374400000,"standby":[{"sender":{"id":"72"},"recipient":{"id":"100000000000001"},"message":{"mid":"m","text":"x"}}]}]}""");
        Assert.Empty(parsed.Events);
        Assert.Contains("standby", Assert.Single(parsed.Ignored), StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_utf8_is_refused()
    {
        var bytes = Encoding.UTF8.GetBytes("""{"object":"page","entry":[{"id":"100000000000001","changes":[{"field":"feed","value":{"item":"comment","verb":"add","post_id":"1_1","comment_id":"1_2","from":{"id":"1"},"message":"XX"}}]}]}""");
        var at = Array.IndexOf(bytes, (byte)'X');
        bytes[at] = 0xC3;
        bytes[at + 1] = 0x28;
        Assert.Throws<WebhookFormatException>(() => MetaWebhookParser.Parse(bytes, MetaDeliveries.PageId, Now));
    }

    [Fact]
    public void An_escaped_lone_surrogate_is_quarantined()
    {
        var body = MetaDeliveries.Feed(MetaDeliveries.Comment(MetaDeliveries.NewCommentId(), "MARK")).Replace("MARK", "\\uD800", StringComparison.Ordinal);
        Assert.Contains("not valid Unicode", Quarantined(body).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Deeply_nested_json_is_kept_whole_in_quarantine_not_overflowing_the_stack()
    {
        var body = "{\"object\":\"page\",\"entry\":" + new string('[', 5000) + new string(']', 5000) + "}";
        Assert.Contains("nested deeper", Quarantined(body).Reason, StringComparison.Ordinal);
    }
}
