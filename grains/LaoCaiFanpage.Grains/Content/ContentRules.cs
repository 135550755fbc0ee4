using System.Text;
using System.Text.RegularExpressions;
using LaoCaiFanpage.Contracts;
using LaoCaiFanpage.Contracts.Workflow;

namespace LaoCaiFanpage.Grains.Content;

/// <summary>The kinds of finding <see cref="ContentRules.Check"/> reports.</summary>
public static class ContentIssueKinds
{
    public const string LegacyEncoding = "legacy-encoding";
    public const string NotNfc = "not-nfc";
    public const string Unaccented = "unaccented";
    public const string Prohibited = "prohibited";
    public const string MissingSource = "missing-source";
}

/// <summary>
/// One finding. <c>legacy-encoding</c> and <c>not-nfc</c> point into the submitted text; the others into the
/// text that was checked: <see cref="ContentCheck.Converted"/> when there is one, else <see cref="ContentCheck.Normalized"/>.
/// </summary>
public sealed record ContentIssue(
    string Kind,
    string? Category,
    int Start,
    int Length,
    string Message,
    string? Suggestion,
    string? Confidence = null,
    string? Rule = null);

/// <summary>What a text needs before it may be published, and the findings about it.</summary>
public sealed record ContentCheck(string Normalized, IReadOnlyList<ContentIssue> Issues, string? Converted, string? Encoding)
{
    /// <summary>True when nothing stands in the way of submitting (non-NFC text is normalised, not refused).</summary>
    public bool Passes => Issues.All(i => i.Kind == ContentIssueKinds.NotNfc);

    /// <summary>The text to store and publish: converted to Unicode and NFC.</summary>
    public string Text => Converted ?? Normalized;
}

/// <summary>
/// The content rules of Article 7 and 8.4(c) in one place: legacy encodings (TCVN3, VNI, mojibakes), NFC,
/// unaccented Vietnamese, the Article 12 filter, and the source that official information must cite.
/// Used by <c>POST /api/content/check</c>, by drafts before submission, and on every incoming comment.
/// </summary>
public sealed partial class ContentRules(ProhibitedContentFilter filter)
{
    public ProhibitedContentFilter Filter => filter;

    public ContentCheck Check(string text, int? category = null, IReadOnlyList<string>? sources = null)
    {
        var issues = new List<ContentIssue>();
        var normalized = text.Normalize(NormalizationForm.FormC);
        if (normalized != text)
        {
            var (first, last) = DecomposedStretch(text);
            issues.Add(new ContentIssue(ContentIssueKinds.NotNfc, null, first, last - first,
                "Văn bản dùng dấu tổ hợp (dựng sẵn chưa chuẩn hóa); đã chuẩn hóa sang Unicode dựng sẵn NFC theo TCVN 6909:2001.",
                text[first..last].Normalize(NormalizationForm.FormC)));
        }

        var legacy = LegacyVietnamese.Detect(normalized);
        if (legacy is not null)
        {
            var (name, description) = legacy.Encoding switch
            {
                LegacyEncoding.Tcvn3 => ("TCVN3 (ABC, phông .VnTime)", "TCVN3"),
                LegacyEncoding.Vni => ("VNI (phông VNI-Times)", "VNI"),
                LegacyEncoding.Windows1258AsWindows1252 => ("Windows-1258 bị đọc nhầm theo Windows-1252", "Windows-1258/Windows-1252"),
                _ => ("UTF-8 bị đọc nhầm theo Windows-1252", "UTF-8/Windows-1252"),
            };
            issues.Add(new ContentIssue(ContentIssueKinds.LegacyEncoding, description, legacy.Start, legacy.Length,
                $"Văn bản gõ bằng bảng mã cũ {name}, không phải Unicode; hãy dùng bản chuyển đổi sang Unicode (Điều 7, TCVN 6909:2001).",
                legacy.Suggestion));
        }

        var checkedText = legacy?.Converted ?? normalized;
        foreach (var (start, length) in UnaccentedVietnamese.Find(checkedText))
        {
            issues.Add(new ContentIssue(ContentIssueKinds.Unaccented, null, start, length,
                "Câu tiếng Việt viết không dấu; văn bản đăng tải phải dùng tiếng Việt có dấu (Điều 7).", null));
        }

        foreach (var finding in filter.Scan(checkedText))
        {
            issues.Add(new ContentIssue(ContentIssueKinds.Prohibited, finding.Clause, finding.Start, finding.Length,
                $"Nội dung bị cấm — {finding.Label}: \"{checkedText.Substring(finding.Start, finding.Length)}\". {finding.ClauseText}.",
                null, finding.Confidence, finding.RuleId));
        }

        if (category is { } c && ContentCategories.RequiresSource(c) && (sources is null || sources.All(string.IsNullOrWhiteSpace)) && !CitesSource(checkedText))
        {
            issues.Add(new ContentIssue(ContentIssueKinds.MissingSource, null, 0, 0,
                $"Thông tin lĩnh vực {c} phải trích dẫn chính xác nguồn chính thức: số hiệu văn bản hoặc đường dẫn (Điều 7.3).", null));
        }

        return new ContentCheck(normalized, issues, legacy?.Converted, legacy?.Encoding.ToString());
    }

    /// <summary>
    /// Why a draft may not go to the approvers, (<c>source-required</c> or <c>content-rejected</c>),
    /// or null when it may. The officer's page asks <c>POST /api/content/check</c> for the details and the conversion.
    /// </summary>
    public Refusal? SubmissionRefusal(string text, int? category, IReadOnlyList<string> sources)
    {
        var check = Check(text, category, sources);
        var blocking = check.Issues.Where(i => i.Kind is not ContentIssueKinds.NotNfc and not ContentIssueKinds.MissingSource).ToList();
        if (blocking.Count > 0)
        {
            var reasons = blocking.GroupBy(i => i.Kind).Select(g => g.Key switch
            {
                ContentIssueKinds.LegacyEncoding => $"gõ bằng bảng mã cũ {g.First().Category} — hãy dùng bản chuyển sang Unicode",
                ContentIssueKinds.Unaccented => $"{g.Count()} câu tiếng Việt không dấu",
                _ => "nội dung bị cấm theo Điều 12 Luật CNTT (" + string.Join(", ", g.Select(i => $"{i.Category} \"{check.Text.Substring(i.Start, i.Length)}\"")) + ")",
            });
            return new Refusal("content-rejected", "Bản thảo chưa đạt yêu cầu nội dung (Điều 7): " + string.Join("; ", reasons) + " / The draft fails the content rules.");
        }

        return check.Issues.Any(i => i.Kind == ContentIssueKinds.MissingSource)
            ? new Refusal("source-required", $"Thông tin lĩnh vực {category} phải trích dẫn nguồn chính thức (số hiệu văn bản hoặc đường dẫn) trước khi trình duyệt (Điều 7.3) / Cite the official source before submitting.")
            : null;
    }

    /// <summary>True when the text itself cites a document number or a link (R7.3).</summary>
    public static bool CitesSource(string text) => SourceReference().IsMatch(text);

    /// <summary>From the first to the last word that carries combining marks.</summary>
    private static (int First, int Last) DecomposedStretch(string text)
    {
        var first = -1;
        var last = -1;
        for (var i = 0; i < text.Length; i++)
        {
            if (VietnameseLetters.IsCombiningMark(text[i]))
            {
                first = first < 0 ? i : first;
                last = i;
            }
        }

        if (first < 0)
        {
            return (0, text.Length);
        }

        while (first > 0 && char.IsLetter(text[first - 1]))
        {
            first--;
        }

        while (last + 1 < text.Length && (char.IsLetter(text[last + 1]) || VietnameseLetters.IsCombiningMark(text[last + 1])))
        {
            last++;
        }

        return (first, last + 1);
    }

    [GeneratedRegex(@"https?://\S+|\b(?:số|so)\s*:?\s*\d+\s*/\s*[\p{L}\d][\p{L}\d\-–/.]*|\b(?:nguồn|nguon)\s*:", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SourceReference();
}
