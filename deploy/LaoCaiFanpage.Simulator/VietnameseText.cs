namespace LaoCaiFanpage.Simulator;

/// <summary>Vocabulary for realistic comments to the page of a mountain province's People's Committee.</summary>
internal static class VietnameseText
{
    public static readonly string[] FamilyNames = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đỗ", "Lò", "Giàng", "Sùng", "Vàng", "Hà", "Lù", "Tẩn", "Bùi"];

    public static readonly string[] MiddleNames = ["Văn", "Thị", "A", "Thị Thu", "Minh", "Đức", "Ngọc", "Seo", "Quang", "Thanh"];

    public static readonly string[] GivenNames = ["An", "Mai", "Páo", "Hoa", "Dũng", "Lan", "Chứ", "Sính", "Hương", "Tùng", "Mỷ", "Dế", "Phương", "Hùng", "Thảo"];

    public static readonly string[] Places =
    [
        "phường Cam Đường", "phường Kim Tân", "xã Bát Xát", "phường Sa Pa", "xã Bắc Hà", "xã Mường Khương", "xã Văn Bàn",
        "xã Bảo Yên", "xã Y Tý", "xã Tả Van", "phường Yên Bái", "xã Mù Cang Chải", "phường Nghĩa Lộ", "xã Trạm Tấu", "xã Lục Yên",
    ];

    /// <summary>Questions and reports, with the unit they belong to.</summary>
    public static readonly (string Unit, string Template)[] Questions =
    [
        ("SXD", "Đường liên thôn ở {place} bị sạt lở sau mưa lớn, đề nghị Sở Xây dựng kiểm tra và khắc phục sớm."),
        ("SXD", "Cho em hỏi thủ tục cấp giấy phép xây dựng nhà ở riêng lẻ tại {place} cần những giấy tờ gì ạ?"),
        ("STC", "Doanh nghiệp chúng tôi ở {place} chưa nhận được hoàn thuế giá trị gia tăng, đề nghị Sở Tài chính xem xét."),
        ("SNNMT", "Người dân {place} phản ánh tình trạng khai thác cát trái phép trên sông Hồng, đề nghị xử lý."),
        ("SNNMT", "Xin hỏi thủ tục cấp đổi giấy chứng nhận quyền sử dụng đất ở {place} mất bao lâu?"),
        ("SYT", "Trạm y tế {place} thiếu thuốc điều trị tăng huyết áp, đề nghị Sở Y tế quan tâm."),
        ("SGDDT", "Trường tiểu học ở {place} xuống cấp, mái lớp học bị dột, mong các cấp hỗ trợ sửa chữa."),
        ("SNV", "Cho tôi hỏi về chế độ phụ cấp cho cán bộ không chuyên trách cấp xã sau sáp nhập?"),
        ("STP", "Tôi cần làm lý lịch tư pháp để đi xuất khẩu lao động thì nộp hồ sơ ở đâu ạ?"),
        ("SCT", "Chợ {place} có nhiều hàng hóa không rõ nguồn gốc, đề nghị quản lý thị trường kiểm tra."),
        ("SVHTTDL", "Khu du lịch ở {place} thu phí không niêm yết giá, du khách rất bức xúc."),
        ("CAT", "Đoạn đường qua {place} thường xuyên có xe quá tải chạy ban đêm, mong công an xử lý."),
    ];

    public static readonly string[] Replies =
    [
        "Em bổ sung thêm là tình trạng này đã kéo dài hơn một tháng rồi ạ.",
        "Nhà em cũng gặp trường hợp tương tự.",
        "Mong sớm nhận được phản hồi từ cơ quan chức năng.",
        "Cảm ơn Trang đã tiếp nhận.",
        "Đề nghị trả lời cụ thể thời gian giải quyết ạ.",
    ];

    public static readonly string[] PageReplies =
    [
        "Ban Biên tập đã tiếp nhận và chuyển nội dung tới đơn vị có thẩm quyền. Trân trọng cảm ơn bạn.",
        "Chào bạn, nội dung phản ánh đã được chuyển tới Sở Xây dựng để xem xét, giải quyết theo quy định.",
        "Trang xin ghi nhận ý kiến và sẽ phản hồi trong thời hạn quy định.",
    ];

    /// <summary>Page posts by Article 6 category (1–6).</summary>
    public static readonly string[][] PostsByCategory =
    [
        ["Thông báo: Từ ngày 01/12, tiếp nhận hồ sơ cấp đổi giấy phép lái xe trực tuyến mức độ toàn trình.", "Hướng dẫn thủ tục đăng ký thành lập hộ kinh doanh trên Cổng Dịch vụ công."],
        ["Tỉnh Lào Cai ký kết hợp tác phát triển du lịch với tỉnh Vân Nam (Trung Quốc).", "Hội nghị xúc tiến đầu tư vào Khu kinh tế cửa khẩu Lào Cai."],
        ["Tuyên truyền Luật Đất đai 2024: những điểm mới người dân cần biết.", "Phổ biến quy định mới về phòng, chống ma túy trong trường học."],
        ["Lãnh đạo UBND tỉnh làm việc với doanh nghiệp về tháo gỡ khó khăn sản xuất.", "Gương điển hình: hợp tác xã chè Shan tuyết tại Suối Giàng."],
        ["Trả lời kiến nghị của người dân về tiến độ đường cao tốc nối Lào Cai – Sa Pa.", "Phản hồi ý kiến doanh nghiệp về thủ tục hoàn thuế."],
        ["Thông tin về vụ sạt lở tại Trạm Tấu được dư luận quan tâm.", "Làm rõ thông tin sai sự thật lan truyền trên mạng xã hội về giá vé tham quan."],
    ];

    public static readonly string[] AngryComments =
    [
        "Quá bức xúc! Chính quyền làm việc kiểu gì vậy?",
        "Dân kêu mãi không ai giải quyết, thật đáng thất vọng.",
        "Yêu cầu làm rõ trách nhiệm, không thể chấp nhận được!",
        "Sao không trả lời dân? Tắc trách quá.",
        "Tình trạng này tồi tệ quá, đề nghị xử lý nghiêm.",
    ];

    public static readonly string[] MessengerOpeners =
    [
        "Chào Trang, em muốn phản ánh việc cấp điện sinh hoạt ở {place} bị gián đoạn nhiều ngày.",
        "Cho tôi hỏi lịch tiếp công dân của UBND tỉnh tháng này ạ.",
        "Em gửi ảnh hiện trường sạt lở ở {place} để Trang chuyển cơ quan chức năng.",
    ];

    /// <summary>A citizen asking whether a page that contacted them is the province's ({page} is that page's name).</summary>
    public static readonly string[] ImpostorReports =
    [
        "Trang \"{page}\" nhắn tin bảo tôi chuyển 500.000 đồng phí hồ sơ, đây có phải trang của tỉnh không ạ?",
        "Cảnh báo bà con: trang \"{page}\" giả mạo UBND tỉnh, hứa hỗ trợ tiền rồi đòi số tài khoản ngân hàng.",
        "Có trang tên \"{page}\" gửi đường link nhận trợ cấp, đề nghị Trang xác minh giúp.",
    ];
}
