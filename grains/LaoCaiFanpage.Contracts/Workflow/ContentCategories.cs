namespace LaoCaiFanpage.Contracts.Workflow;

/// <summary>The six kinds of content of Article 6; every case and page post carries one.</summary>
public static class ContentCategories
{
    public static IReadOnlyDictionary<int, string> Names { get; } = new Dictionary<int, string>
    {
        [1] = "Quy định, điều hành thủ tục hành chính liên quan đến doanh nghiệp, tổ chức kinh tế",
        [2] = "Hoạt động hợp tác trong và ngoài nước về phát triển kinh tế - xã hội",
        [3] = "Tuyên truyền, phổ biến, hướng dẫn thực hiện pháp luật, chính sách",
        [4] = "Hoạt động của lãnh đạo tỉnh, các sở, ngành, địa phương; gương người tốt, việc tốt",
        [5] = "Giải đáp ý kiến, đề xuất của người dân, doanh nghiệp",
        [6] = "Vấn đề dư luận, cơ quan báo chí quan tâm",
    };

    public static bool IsValid(int category) => Names.ContainsKey(category);

    /// <summary>Categories 1–4 relay official information: the answer must cite its source (R7.3).</summary>
    public static bool RequiresSource(int category) => category is >= 1 and <= 4;
}

/// <summary>Who approves publishing (R8.4): the Chief of Office, or the Standing Committee for matters beyond the Office.</summary>
public static class Authorities
{
    public const string Office = "office";
    public const string StandingCommittee = "standing-committee";

    public static bool IsValid(string? authority) => authority is Office or StandingCommittee;
}

/// <summary>Why a case needs no answer.</summary>
public static class DismissalReasons
{
    public const string Spam = "spam";
    public const string OffTopic = "off-topic";
    public const string NoQuestion = "no-question";
    public const string Other = "other";

    public static IReadOnlyList<string> All { get; } = [Spam, OffTopic, NoQuestion, Other];
}
