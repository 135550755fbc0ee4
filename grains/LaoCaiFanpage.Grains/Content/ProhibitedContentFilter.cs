namespace LaoCaiFanpage.Grains.Content;

/// <summary>A prohibited-content hit: the rule, the clause, where in the text, and why it counted.</summary>
public sealed record ProhibitedFinding(
    string RuleId,
    string Clause,
    string ClauseText,
    string Label,
    string Confidence,
    int Start,
    int Length,
    string Term,
    IReadOnlyList<string> Evidence);

/// <summary>
/// The Article 12 filter. One multi-pattern search (<see cref="PatternSet{T}"/>, a first-word index) finds every
/// lexicon term in the canonical text — most comments have none and cost one pass. A hit is then checked against the
/// writer's diacritics, the allowlist and its context: a term of goods counts only near an offer (selling,
/// prices, contacts) and not in a campaign, a warning or a citizen's report.
/// </summary>
public sealed class ProhibitedContentFilter
{
    private readonly ProhibitedLexicon _lexicon;
    private readonly TeencodeTable _teencode;
    private readonly PatternSet<TermPattern> _terms;
    private readonly PatternSet<Cue> _cues;

    public ProhibitedContentFilter(ProhibitedLexicon lexicon)
    {
        _lexicon = lexicon;

        _teencode = new TeencodeTable(lexicon.Teencode);

        var terms = new List<(string, TermPattern)>();
        foreach (var rule in lexicon.Rules)
        {
            foreach (var term in rule.Terms)
            {
                var phrase = LexiconPhrase.Compile(term, _teencode);
                terms.Add((phrase.Pattern, new TermPattern(rule, phrase)));
                if (phrase.Words > 1)
                {
                    // Run together ("matuy") or spread letter by letter ("m a t u y") — checked without diacritics.
                    var joined = " " + phrase.Pattern.Replace(" ", string.Empty, StringComparison.Ordinal) + " ";
                    terms.Add((joined, new TermPattern(rule, phrase with { Pattern = joined, Words = 1, ToneKeys = null })));
                }
            }
        }

        _terms = new PatternSet<TermPattern>(terms);
        // Everything that qualifies a hit, found in one pass.
        _cues = new PatternSet<Cue>(
            Cues(lexicon.OfferCues, CueKind.Offer)
                .Concat(Cues(lexicon.ContextCues, CueKind.Context))
                .Concat(lexicon.Negations.Select(t => LexiconPhrase.Compile(t, _teencode)).Select(p => (p.Pattern, new Cue(CueKind.Negation, 0, p))))
                .Concat(lexicon.Allowlist.Select(t => LexiconPhrase.Compile(t, _teencode)).Select(p => (p.Pattern, new Cue(CueKind.Allowed, 0, p)))));
    }

    public ProhibitedLexicon Lexicon => _lexicon;

    /// <summary>Teencode words and their meaning, canonical: shared with the other Vietnamese lexicons (sentiment).</summary>
    public TeencodeTable Teencode => _teencode;

    /// <summary>Every prohibited finding in the text, in order; empty for clean text.</summary>
    public IReadOnlyList<ProhibitedFinding> Scan(ReadOnlySpan<char> text)
    {
        using var canonical = CanonicalText.Create(text, _teencode);
        var hits = _terms.Find(canonical);
        if (hits.Count == 0)
        {
            return [];
        }

        // Folded words collide with everyday ones ("các", "đi", "lớn"): the writer's diacritics settle most
        // candidates before any context is looked at.
        var kept = 0;
        for (var i = 0; i < hits.Count; i++)
        {
            if (LexiconPhrase.Agrees(canonical, text, hits[i].First, hits[i].Value.Phrase, hits[i].Value.Rule.Accents))
            {
                hits[kept++] = hits[i];
            }
        }

        hits.RemoveRange(kept, hits.Count - kept);
        if (hits.Count == 0)
        {
            return [];
        }

        var cues = Cues(canonical, text);
        var contextWeight = 0;
        foreach (var context in cues.Contexts)
        {
            contextWeight += context.Value.Weight;
        }

        hits.Sort(PatternHit.LongestFirst);
        var findings = new List<ProhibitedFinding>();
        var taken = new List<PatternHit<TermPattern>>();
        var near = new List<PatternHit<Cue>>();
        foreach (var hit in hits)
        {
            var rule = hit.Value.Rule;
            if (Overlaps(taken, hit) || Covered(cues.Allowed, hit))
            {
                continue;
            }

            near.Clear();
            var offerWeight = 0;
            foreach (var offer in cues.Offers)
            {
                var close = offer.Last >= hit.First - _lexicon.OfferWindow && offer.First <= hit.Last + _lexicon.OfferWindow;
                var inside = offer.First >= hit.First && offer.Last <= hit.Last;
                if (close && !inside)
                {
                    offerWeight += offer.Value.Weight;
                    near.Add(offer);
                }
            }

            var confidence = rule.Confidence;
            if (rule.RequiresOffer)
            {
                if (offerWeight == 0 || contextWeight >= offerWeight)
                {
                    continue;
                }

                if (offerWeight - contextWeight < 2)
                {
                    confidence = FilterConfidence.Medium;
                }
            }
            else
            {
                near.Clear();
                if (rule.ContextSuppresses && contextWeight >= 2)
                {
                    continue;
                }

                if (rule.ContextSuppresses && contextWeight == 1)
                {
                    confidence = FilterConfidence.Medium;
                }
            }

            taken.Add(hit);
            var evidence = new List<string>(near.Count + 1);
            foreach (var offer in near)
            {
                evidence.Add("chào bán/liên hệ: \"" + Quote(canonical, text, offer.First, offer.Last) + "\"");
            }

            if (contextWeight > 0 && (rule.RequiresOffer || rule.ContextSuppresses))
            {
                var quoted = new List<string>(cues.Contexts.Count);
                foreach (var context in cues.Contexts)
                {
                    quoted.Add("\"" + Quote(canonical, text, context.First, context.Last) + "\"");
                }

                evidence.Add("ngữ cảnh phòng chống/phản ánh: " + string.Join(", ", quoted));
            }

            var start = canonical.Tokens[hit.First].OriginalStart;
            var end = canonical.Tokens[hit.Last].OriginalEnd;
            var clauseText = _lexicon.Related.TryGetValue(rule.Clause!, out var related) ? $"{_lexicon.Clauses[rule.Clause!]}; tương ứng {related}" : _lexicon.Clauses[rule.Clause!];
            findings.Add(new ProhibitedFinding(rule.Id, rule.Clause!, clauseText, rule.Label, confidence, start, end - start, hit.Value.Phrase.Term, evidence));
        }

        findings.Sort((a, b) => a.Start.CompareTo(b.Start));
        return findings;
    }

    /// <summary>The cues around the hits, their diacritics checked: overlapping ones count once (the longest), negated offers not at all.</summary>
    private (List<PatternHit<Cue>> Offers, List<PatternHit<Cue>> Contexts, List<PatternHit<Cue>> Allowed) Cues(CanonicalText canonical, ReadOnlySpan<char> text)
    {
        var found = _cues.Find(canonical);
        var offers = new List<PatternHit<Cue>>();
        var contexts = new List<PatternHit<Cue>>();
        var allowed = new List<PatternHit<Cue>>();
        var negations = new List<PatternHit<Cue>>();
        foreach (var cue in found)
        {
            if (!LexiconPhrase.Agrees(canonical, text, cue.First, cue.Value.Phrase, "auto"))
            {
                continue;
            }

            (cue.Value.Kind switch
            {
                CueKind.Offer => offers,
                CueKind.Context => contexts,
                CueKind.Negation => negations,
                _ => allowed,
            }).Add(cue);
        }

        AddPhoneNumbers(canonical, offers);
        offers = PatternHit.Longest(offers);
        if (negations.Count > 0)
        {
            offers.RemoveAll(o => negations.Exists(n => n.Last < o.First && o.First - n.Last <= NegationReach));
        }

        return (offers, PatternHit.Longest(contexts), allowed);
    }

    private static bool Overlaps(List<PatternHit<TermPattern>> taken, PatternHit<TermPattern> hit)
    {
        foreach (var t in taken)
        {
            if (t.Value.Rule == hit.Value.Rule && t.First <= hit.Last && hit.First <= t.Last)
            {
                return true;
            }
        }

        return false;
    }

    private static bool Covered(List<PatternHit<Cue>> allowed, PatternHit<TermPattern> hit)
    {
        foreach (var a in allowed)
        {
            if (a.First <= hit.First && hit.Last <= a.Last)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>How many words before a cue a negation reaches ("không mua bán", "cấm tuyệt đối mua bán").</summary>
    private const int NegationReach = 4;

    /// <summary>A phone number (9–11 digits, possibly split by dots or spaces) is a contact: an offer cue.</summary>
    private static void AddPhoneNumbers(CanonicalText canonical, List<PatternHit<Cue>> offers)
    {
        var digits = 0;
        var first = -1;
        for (var i = 0; i <= canonical.Tokens.Count; i++)
        {
            var numeric = i < canonical.Tokens.Count && IsDigits(canonical, i);
            if (numeric)
            {
                first = first < 0 ? i : first;
                digits += canonical.Tokens[i].CanonLength;
                continue;
            }

            if (first >= 0 && digits is >= 9 and <= 12)
            {
                offers.Add(new PatternHit<Cue>(first, i - 1, PhoneNumber));
            }

            digits = 0;
            first = -1;
        }
    }

    private static bool IsDigits(CanonicalText canonical, int token)
    {
        var t = canonical.Tokens[token];
        return canonical.Span.Slice(t.CanonStart, t.CanonLength).IndexOfAnyExceptInRange('0', '9') < 0;
    }

    private static string Quote(CanonicalText canonical, ReadOnlySpan<char> text, int first, int last)
    {
        var start = canonical.Tokens[first].OriginalStart;
        return text[start..canonical.Tokens[last].OriginalEnd].ToString();
    }

    private IEnumerable<(string, Cue)> Cues(IEnumerable<CueGroup> groups, CueKind kind) =>
        groups.SelectMany(g => g.Terms.Select(t => LexiconPhrase.Compile(t, _teencode)).Select(p => (p.Pattern, new Cue(kind, g.Weight, p))));

    /// <summary>A phone number counts as a strong offer cue (a contact).</summary>
    private static readonly Cue PhoneNumber = new(CueKind.Offer, 2, new LexiconPhrase("số điện thoại", " so dien thoai ", 3, null, []));

    private sealed record TermPattern(LexiconRule Rule, LexiconPhrase Phrase);

    private enum CueKind
    {
        Offer,
        Context,
        Negation,
        Allowed,
    }

    private sealed record Cue(CueKind Kind, int Weight, LexiconPhrase Phrase);
}

/// <summary>Where a pattern matched, in canonical words (inclusive), and the pattern's value.</summary>
public readonly record struct PatternHit<T>(int First, int Last, T Value);

/// <summary>What the lexicons do with overlapping hits.</summary>
public static class PatternHit
{
    /// <summary>Longer hits first, then in text order.</summary>
    public static int LongestFirst<T>(PatternHit<T> a, PatternHit<T> b) =>
        a.Last - a.First != b.Last - b.First ? (b.Last - b.First).CompareTo(a.Last - a.First) : a.First.CompareTo(b.First);

    /// <summary>Overlapping hits count once, as the longest ("giá tốt", not also "giá"; "tồi tệ", not also "tệ").</summary>
    public static List<PatternHit<T>> Longest<T>(List<PatternHit<T>> hits)
    {
        if (hits.Count < 2)
        {
            return hits;
        }

        hits.Sort(LongestFirst);
        var kept = new List<PatternHit<T>>(hits.Count);
        foreach (var hit in hits)
        {
            var overlaps = false;
            foreach (var k in kept)
            {
                overlaps |= k.First <= hit.Last && hit.First <= k.Last;
            }

            if (!overlaps)
            {
                kept.Add(hit);
            }
        }

        return kept;
    }
}

/// <summary>
/// Canonical patterns (" ma tuy ") matched together through an index of their first word: every word of the text
/// is looked up once (a hash of a few characters), and only the patterns starting with it are compared. Matches
/// are whole words by construction. On this lexicon it is faster than <c>SearchValues&lt;string&gt;</c> over the
/// same canonical text (the content benchmark prints both): the patterns are short everyday words, so a
/// vectorised search stops at nearly every word anyway.
/// </summary>
public sealed class PatternSet<T>
{
    private readonly Dictionary<string, List<(string Pattern, int Words, T Value)>> _byFirstWord = new(WordComparer.Instance);
    private readonly Dictionary<string, List<(string Pattern, int Words, T Value)>>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private static readonly List<PatternHit<T>> NoHits = [];
    private readonly int _shortest;
    private readonly int _longest;

    public PatternSet(IEnumerable<(string Pattern, T Value)> patterns)
    {
        foreach (var (canonical, value) in patterns)
        {
            if (canonical.Length < 3)
            {
                continue;
            }

            // Compared from the word's first letter: " ma tuy " as "ma tuy " (the trailing space ends the last word).
            var pattern = canonical[1..];
            var firstWord = pattern[..pattern.IndexOf(' ', StringComparison.Ordinal)];
            if (!_byFirstWord.TryGetValue(firstWord, out var list))
            {
                _byFirstWord[firstWord] = list = [];
            }

            if (!list.Exists(p => p.Pattern == pattern && EqualityComparer<T>.Default.Equals(p.Value, value)))
            {
                list.Add((pattern, pattern.Count(c => c == ' '), value));
            }
        }

        _lookup = _byFirstWord.GetAlternateLookup<ReadOnlySpan<char>>();
        _shortest = _byFirstWord.Count == 0 ? int.MaxValue : _byFirstWord.Keys.Min(k => k.Length);
        _longest = _byFirstWord.Count == 0 ? 0 : _byFirstWord.Keys.Max(k => k.Length);
    }

    /// <summary>Every pattern occurrence, as the words it covers.</summary>
    public List<PatternHit<T>> Find(CanonicalText canonical)
    {
        List<PatternHit<T>>? hits = null;
        var span = canonical.Span;
        var tokens = canonical.Tokens;
        for (var token = 0; token < tokens.Count; token++)
        {
            var first = tokens[token];
            if (first.CanonLength >= _shortest && first.CanonLength <= _longest && _lookup.TryGetValue(span.Slice(first.CanonStart, first.CanonLength), out var candidates))
            {
                var rest = span[first.CanonStart..];
                foreach (var (pattern, words, value) in candidates)
                {
                    if (rest.StartsWith(pattern, StringComparison.Ordinal))
                    {
                        (hits ??= []).Add(new PatternHit<T>(token, token + words - 1, value));
                    }
                }
            }
        }

        // Most texts match nothing: no list is allocated for them (the shared empty list is never written to).
        return hits ?? NoHits;
    }
}

/// <summary>
/// Ordinal equality with a plain FNV-1a hash for the short canonical words of the lexicons: the same cost in every
/// process (the platform's randomised string hash made the filter's speed differ by half from one run to the next).
/// </summary>
public sealed class WordComparer : IEqualityComparer<string>, IAlternateEqualityComparer<ReadOnlySpan<char>, string>
{
    public static readonly WordComparer Instance = new();

    public bool Equals(string? x, string? y) => string.Equals(x, y, StringComparison.Ordinal);

    public int GetHashCode(string obj) => Hash(obj);

    public bool Equals(ReadOnlySpan<char> alternate, string other) => alternate.SequenceEqual(other);

    public int GetHashCode(ReadOnlySpan<char> alternate) => Hash(alternate);

    public string Create(ReadOnlySpan<char> alternate) => alternate.ToString();

    private static int Hash(ReadOnlySpan<char> word)
    {
        var hash = 2166136261u;
        foreach (var c in word)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)hash;
    }
}
