using System.Text.Json;
using System.Text.RegularExpressions;
using LaoCaiFanpage.Contracts.Workflow;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LaoCaiFanpage.Silo.Http;

/// <summary>
/// The fields of the editorial commands, read the same way for a case's answer and for one of the Office's own posts:
/// the classification, a draft (its text exactly as written, its sources and pictures), the draft number an approver
/// saw, a reason.
/// </summary>
public static partial class EditorialBody
{
    /// <summary>Facebook's limit for a comment.</summary>
    public const int MaxTextLength = 8000;
    public const int MaxSources = 20;

    /// <summary>The Article 6 category, the approving authority and the topic of a body.</summary>
    public static (Classification? Classification, ProblemHttpResult? Problem) ReadClassification(CommandBody body)
    {
        if (!body.Root.TryGetProperty("category", out var c) || c.ValueKind != JsonValueKind.Number || !c.TryGetInt32(out var category) || !ContentCategories.IsValid(category))
        {
            return (null, Problems.InvalidParameter("category must be a whole number from 1 to 6 (Article 6)."));
        }

        var authority = body.Text("authority");
        if (!Authorities.IsValid(authority))
        {
            return (null, Problems.InvalidParameter("authority must be 'office' or 'standing-committee'."));
        }

        var topic = body.Text("topic")?.Trim();
        if (topic is { Length: > 200 })
        {
            return (null, Problems.InvalidParameter("topic is at most 200 characters."));
        }

        return (new Classification(category, authority!, string.IsNullOrEmpty(topic) ? null : topic), null);
    }

    /// <summary>A draft's text (kept exactly as written: approvals bind to these characters) and its sources.</summary>
    public static (DraftInput? Draft, ProblemHttpResult? Problem) ReadDraft(CommandBody body)
    {
        var text = body.Text("text");
        if (string.IsNullOrWhiteSpace(text) || text.Length > MaxTextLength)
        {
            return (null, Problems.InvalidParameter($"text must be a non-empty text of at most {MaxTextLength} characters."));
        }

        var sources = new List<string>();
        if (body.Root.TryGetProperty("sources", out var list) && list.ValueKind != JsonValueKind.Null)
        {
            if (list.ValueKind != JsonValueKind.Array || list.GetArrayLength() > MaxSources
                || list.EnumerateArray().Any(s => s.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(s.GetString()) || s.GetString()!.Length > 500))
            {
                return (null, Problems.InvalidParameter($"sources must be an array of at most {MaxSources} non-empty texts (document numbers or links) of at most 500 characters."));
            }

            sources.AddRange(list.EnumerateArray().Select(s => s.GetString()!.Trim()));
        }

        // Pictures by the digest POST /api/media answered: what the chain approves is the text and these exact pictures.
        var images = new List<string>();
        if (body.Root.TryGetProperty("images", out var pictures) && pictures.ValueKind != JsonValueKind.Null)
        {
            if (pictures.ValueKind != JsonValueKind.Array || pictures.GetArrayLength() > MaxImages
                || pictures.EnumerateArray().Any(p => p.ValueKind != JsonValueKind.String || !Sha256Hex().IsMatch(p.GetString()!)))
            {
                return (null, Problems.InvalidParameter($"images must be an array of at most {MaxImages} picture ids (the sha256 POST /api/media answered)."));
            }

            images.AddRange(pictures.EnumerateArray().Select(p => p.GetString()!).Distinct(StringComparer.Ordinal));
        }

        return (new DraftInput(text, sources, images.Count > 0 ? images : null), null);
    }

    /// <summary>Pictures a post may carry (Facebook takes more; a government page's post rarely needs them).</summary>
    public const int MaxImages = 4;

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex Sha256Hex();

    /// <summary>The optional number of the draft an approver saw.</summary>
    public static ProblemHttpResult? ReadDraftNumber(CommandBody body, out int? draft)
    {
        draft = null;
        if (body.Root.TryGetProperty("draft", out var d) && d.ValueKind != JsonValueKind.Null)
        {
            if (d.ValueKind != JsonValueKind.Number || !d.TryGetInt32(out var number) || number < 1)
            {
                return Problems.InvalidParameter("draft is the number of the draft being approved (a whole number from 1).");
            }

            draft = number;
        }

        return null;
    }

    /// <summary>A reason or note of 1 to 2,000 characters, trimmed; null when missing or too long.</summary>
    public static string? Reason(CommandBody body, string name)
    {
        var reason = body.Text(name)?.Trim();
        return string.IsNullOrEmpty(reason) || reason.Length > 2000 ? null : reason;
    }
}
