using System.Text.Json;

namespace LaoCaiFanpage.Grains.Content;

/// <summary>
/// The prohibited-content lexicon (R7.1, R8.4c): data, not code, so the mapping can follow the law (IT Law
/// Art. 12, Decree 147/2024, the Law on Digital Transformation) and new disguises without a release. Shipped as
/// <c>Content/prohibited-lexicon.json</c>; <c>Content:LexiconFile</c> replaces it.
/// </summary>
public sealed class ProhibitedLexicon
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    public string Version { get; set; } = string.Empty;

    /// <summary>Clause code ("12.2.đ") → what it prohibits, in Vietnamese (shown in findings).</summary>
    public Dictionary<string, string> Clauses { get; set; } = [];

    /// <summary>Clause code → the corresponding categories of the decrees (72/2013 Art. 5, 27/2018, 147/2024).</summary>
    public Dictionary<string, string> Related { get; set; } = [];

    /// <summary>How many words either side of a term an offer cue may be.</summary>
    public int OfferWindow { get; set; } = 8;

    /// <summary>Teencode words and their meaning ("ko" → "không").</summary>
    public Dictionary<string, string> Teencode { get; set; } = [];

    /// <summary>Words that make a mention an offer: selling, buying, prices, contacts.</summary>
    public List<CueGroup> OfferCues { get; set; } = [];

    /// <summary>Words of campaigns, warnings, reports and enforcement: a mention in this context is not an offer.</summary>
    public List<CueGroup> ContextCues { get; set; } = [];

    /// <summary>Words that cancel an offer cue shortly after them ("không mua bán", "cấm tuyệt đối mua bán").</summary>
    public List<string> Negations { get; set; } = [];

    /// <summary>Phrases that contain a term but are lawful ("quả óc chó" is a walnut, "hoa súng" a water lily).</summary>
    public List<string> Allowlist { get; set; } = [];

    public List<LexiconRule> Rules { get; set; } = [];

    /// <summary>
    /// Named sets of words (a violent act, an official, an ethnic group, a secret document …) that compositions
    /// combine: what a call to violence is made of, whatever its wording.
    /// </summary>
    public Dictionary<string, List<string>> Concepts { get; set; } = [];

    /// <summary>Rules that count when one word of each of their slots' concepts stands close together.</summary>
    public List<LexiconComposition> Compositions { get; set; } = [];

    public static ProhibitedLexicon Load(string? path = null)
    {
        using var stream = string.IsNullOrWhiteSpace(path)
            ? typeof(ProhibitedLexicon).Assembly.GetManifestResourceStream("LaoCaiFanpage.Content.prohibited-lexicon.json")
                ?? throw new InvalidOperationException("The shipped lexicon is missing.")
            : File.OpenRead(path);
        var lexicon = JsonSerializer.Deserialize<ProhibitedLexicon>(stream, Json) ?? throw new InvalidDataException("The lexicon file is empty.");
        lexicon.Validate();
        return lexicon;
    }

    /// <summary>Refuses a lexicon that would silently filter nothing or name an unknown clause.</summary>
    public void Validate()
    {
        if (Rules.Count == 0)
        {
            throw new InvalidDataException("The lexicon has no rules.");
        }

        foreach (var rule in Rules)
        {
            if (string.IsNullOrWhiteSpace(rule.Id) || !Clauses.ContainsKey(rule.Clause ?? string.Empty))
            {
                throw new InvalidDataException($"Lexicon rule '{rule.Id}' names clause '{rule.Clause}', which the lexicon does not define.");
            }

            if (rule.Confidence is not (FilterConfidence.High or FilterConfidence.Medium))
            {
                throw new InvalidDataException($"Lexicon rule '{rule.Id}': confidence must be 'high' or 'medium'.");
            }

            if (rule.Accents is not ("auto" or "strict" or "exact"))
            {
                throw new InvalidDataException($"Lexicon rule '{rule.Id}': accents must be 'auto', 'strict' or 'exact'.");
            }

            if (rule.Terms.Count == 0 || rule.Terms.Any(string.IsNullOrWhiteSpace))
            {
                throw new InvalidDataException($"Lexicon rule '{rule.Id}' has an empty term.");
            }
        }

        foreach (var composition in Compositions)
        {
            composition.Validate(this);
        }

        foreach (var (name, terms) in Concepts)
        {
            if (terms.Count == 0 || terms.Any(string.IsNullOrWhiteSpace))
            {
                throw new InvalidDataException($"Lexicon concept '{name}' has an empty term.");
            }
        }

        if (OfferWindow is < 1 or > 50)
        {
            throw new InvalidDataException("offerWindow must be between 1 and 50 words.");
        }
    }
}

/// <summary>Cue words and how much each counts.</summary>
public sealed class CueGroup
{
    public int Weight { get; set; } = 1;

    public List<string> Terms { get; set; } = [];
}

/// <summary>One kind of prohibited content: its Article 12 clause, its terms, and how they must be used to count.</summary>
public sealed class LexiconRule
{
    public string Id { get; set; } = string.Empty;

    public string? Clause { get; set; }

    /// <summary>What the rule catches, in Vietnamese ("Mua bán ma túy").</summary>
    public string Label { get; set; } = string.Empty;

    /// <summary><c>high</c>: hidden on Facebook at once; <c>medium</c>: the Editorial Board reviews.</summary>
    public string Confidence { get; set; } = FilterConfidence.Medium;

    /// <summary>A term counts only next to an offer cue (goods: mentioning drugs is not selling them).</summary>
    public bool RequiresOffer { get; set; }

    /// <summary>A term without an offer that context cues can clear ("cảnh giác với luận điệu phản động" is not anti-state).</summary>
    public bool ContextSuppresses { get; set; }

    /// <summary>
    /// <c>auto</c>: a word written with diacritics must carry the term's; one without matches by its letters.
    /// <c>strict</c>: in text written with diacritics, a bare word does not stand for a marked one ("đồ cho" is not "đồ chó").
    /// <c>exact</c>: the diacritics must always match ("các" is not "cặc").
    /// </summary>
    public string Accents { get; set; } = "auto";

    public List<string> Terms { get; set; } = [];
}

public static class FilterConfidence
{
    public const string High = "high";
    public const string Medium = "medium";
}

/// <summary>
/// A rule made of concepts: it counts when a word of every slot's concepts stands within <see cref="Window"/> words
/// ("mang dao" + "lên xã" + "cán bộ"), so a call to violence is found however it is worded. Context and offers
/// qualify it as they do a <see cref="LexiconRule"/>; a negation just before it ("không được đánh") cancels it.
/// </summary>
public sealed class LexiconComposition
{
    public string Id { get; set; } = string.Empty;

    public string? Clause { get; set; }

    public string Label { get; set; } = string.Empty;

    public string Confidence { get; set; } = FilterConfidence.Medium;

    /// <summary>How many words the slots' words may span, first to last.</summary>
    public int Window { get; set; } = 10;

    /// <summary>Each slot names the concepts any of which fills it; every slot must be filled.</summary>
    public List<List<string>> Slots { get; set; } = [];

    public bool RequiresOffer { get; set; }

    public bool ContextSuppresses { get; set; }

    public void Validate(ProhibitedLexicon lexicon)
    {
        if (string.IsNullOrWhiteSpace(Id) || !lexicon.Clauses.ContainsKey(Clause ?? string.Empty))
        {
            throw new InvalidDataException($"Lexicon composition '{Id}' names clause '{Clause}', which the lexicon does not define.");
        }

        if (Confidence is not (FilterConfidence.High or FilterConfidence.Medium))
        {
            throw new InvalidDataException($"Lexicon composition '{Id}': confidence must be 'high' or 'medium'.");
        }

        if (Slots.Count is < 2 or > 4 || Window is < 2 or > 30)
        {
            throw new InvalidDataException($"Lexicon composition '{Id}' needs 2 to 4 slots and a window of 2 to 30 words.");
        }

        foreach (var concept in Slots.SelectMany(s => s.DefaultIfEmpty(string.Empty)))
        {
            if (!lexicon.Concepts.ContainsKey(concept))
            {
                throw new InvalidDataException($"Lexicon composition '{Id}' names concept '{concept}', which the lexicon does not define.");
            }
        }
    }
}
