using System.Buffers;

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
/// The Article 12 filter. One vectorised multi-string search (<see cref="SearchValues{T}"/>) finds every lexicon
/// term in the canonical text — most comments have none and cost one pass. A hit is then checked against the
/// writer's diacritics, the allowlist and its context: a term of goods counts only near an offer (selling,
/// prices, contacts) and not in a campaign, a warning or a citizen's report.
/// </summary>
public sealed class ProhibitedContentFilter
{
    private readonly ProhibitedLexicon _lexicon;
    private readonly Dictionary<string, string> _teencode;
    private readonly PatternSet<TermPattern> _terms;
    private readonly PatternSet<Cue> _offers;
    private readonly PatternSet<Cue> _contexts;
    private readonly PatternSet<Phrase> _negations;
    private readonly PatternSet<Phrase> _allowed;

    public ProhibitedContentFilter(ProhibitedLexicon lexicon)
    {
        _lexicon = lexicon;

        // Teencode keys and values are canonical words themselves (without expansion).
        _teencode = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (word, meaning) in lexicon.Teencode)
        {
            var key = CanonicalText.Pattern(word).Trim();
            var value = CanonicalText.Pattern(meaning).Trim();
            if (key.Length > 0 && value.Length > 0 && !key.Contains(' ', StringComparison.Ordinal))
            {
                _teencode[key] = value;
            }
        }

        var terms = new List<(string, TermPattern)>();
        foreach (var rule in lexicon.Rules)
        {
            foreach (var term in rule.Terms)
            {
                var phrase = Compile(term);
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
        _offers = new PatternSet<Cue>(Cues(lexicon.OfferCues));
        _contexts = new PatternSet<Cue>(Cues(lexicon.ContextCues));
        _negations = new PatternSet<Phrase>(lexicon.Negations.Select(Compile).Select(p => (p.Pattern, p)));
        _allowed = new PatternSet<Phrase>(lexicon.Allowlist.Select(Compile).Select(p => (p.Pattern, p)));
    }

    public ProhibitedLexicon Lexicon => _lexicon;

    /// <summary>Every prohibited finding in the text, in order; empty for clean text.</summary>
    public IReadOnlyList<ProhibitedFinding> Scan(ReadOnlySpan<char> text)
    {
        using var canonical = CanonicalText.Create(text, _teencode);
        var hits = _terms.Find(canonical);
        if (hits.Count == 0)
        {
            return [];
        }

        var allowed = Verified(_allowed.Find(canonical), canonical, text, p => p);
        var negations = Verified(_negations.Find(canonical), canonical, text, p => p);
        var offers = Longest(Verified(_offers.Find(canonical), canonical, text, c => c.Phrase))
            .Where(o => !negations.Any(n => n.Last < o.First && o.First - n.Last <= NegationReach))
            .Select(o => new PatternHit<int>(o.First, o.Last, o.Value.Weight))
            .ToList();
        AddPhoneNumbers(canonical, offers);
        var contexts = Longest(Verified(_contexts.Find(canonical), canonical, text, c => c.Phrase));
        var contextWeight = contexts.Sum(c => c.Value.Weight);
        var findings = new List<ProhibitedFinding>();
        var taken = new List<(int First, int Last, string Rule)>();
        foreach (var hit in hits.OrderByDescending(h => h.Last - h.First).ThenBy(h => h.First))
        {
            var term = hit.Value;
            var rule = term.Rule;
            if (taken.Any(t => t.Rule == rule.Id && t.First <= hit.Last && hit.First <= t.Last)
                || !DiacriticsAgree(canonical, text, hit.First, term.Phrase, rule.Accents)
                || allowed.Any(a => a.First <= hit.First && hit.Last <= a.Last))
            {
                continue;
            }

            var evidence = new List<string>();
            var confidence = rule.Confidence;
            var offerWeight = 0;
            foreach (var offer in offers)
            {
                var near = offer.Last >= hit.First - _lexicon.OfferWindow && offer.First <= hit.Last + _lexicon.OfferWindow;
                var inside = offer.First >= hit.First && offer.Last <= hit.Last;
                if (near && !inside)
                {
                    offerWeight += offer.Value;
                    evidence.Add("chào bán/liên hệ: \"" + Quote(canonical, text, offer.First, offer.Last) + "\"");
                }
            }

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
                evidence.Clear();
                if (rule.ContextSuppresses && contextWeight >= 2)
                {
                    continue;
                }

                if (rule.ContextSuppresses && contextWeight == 1)
                {
                    confidence = FilterConfidence.Medium;
                }
            }

            if (contextWeight > 0 && (rule.RequiresOffer || rule.ContextSuppresses))
            {
                var quoted = new List<string>(contexts.Count);
                foreach (var context in contexts)
                {
                    quoted.Add("\"" + Quote(canonical, text, context.First, context.Last) + "\"");
                }

                evidence.Add("ngữ cảnh phòng chống/phản ánh: " + string.Join(", ", quoted));
            }

            var start = canonical.Tokens[hit.First].OriginalStart;
            var end = canonical.Tokens[hit.Last].OriginalEnd;
            taken.Add((hit.First, hit.Last, rule.Id));
            findings.Add(new ProhibitedFinding(rule.Id, rule.Clause!, _lexicon.Clauses[rule.Clause!], rule.Label, confidence, start, end - start, term.Phrase.Term, evidence));
        }

        findings.Sort((a, b) => a.Start.CompareTo(b.Start));
        return findings;
    }

    /// <summary>How many words before a cue a negation reaches ("không mua bán", "cấm tuyệt đối mua bán").</summary>
    private const int NegationReach = 4;

    /// <summary>The words the writer marked must carry the phrase's marks; bare words stand in as the accents mode allows.</summary>
    private static bool DiacriticsAgree(CanonicalText canonical, ReadOnlySpan<char> text, int first, Phrase phrase, string accents)
    {
        if (phrase.ToneKeys is null)
        {
            // Run together or spread out: a disguise, compared by its letters only — except for exact terms.
            return accents != "exact" || phrase.WordMarked.All(m => !m);
        }

        for (var i = 0; i < phrase.ToneKeys.Length; i++)
        {
            var token = canonical.Tokens[first + i];
            if (token.Evasive)
            {
                if (accents == "exact" && phrase.WordMarked[i])
                {
                    return false;
                }

                continue;
            }

            if (token.Marked)
            {
                if (VietnameseLetters.ToneKey(text.Slice(token.OriginalStart, token.OriginalLength)) != phrase.ToneKeys[i])
                {
                    return false;
                }
            }
            else if (phrase.WordMarked[i] && (accents == "exact" || (accents == "strict" && canonical.IsAccented)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Cue and allowlist hits whose diacritics agree with the writer's ("giả" is not "giá").</summary>
    private static List<PatternHit<T>> Verified<T>(List<PatternHit<T>> hits, CanonicalText canonical, ReadOnlySpan<char> text, Func<T, Phrase> phrase)
    {
        var verified = new List<PatternHit<T>>(hits.Count);
        foreach (var hit in hits)
        {
            if (DiacriticsAgree(canonical, text, hit.First, phrase(hit.Value), "auto"))
            {
                verified.Add(hit);
            }
        }

        return verified;
    }

    /// <summary>Overlapping cues count once, as the longest ("giá tốt", not also "giá").</summary>
    private static List<PatternHit<T>> Longest<T>(List<PatternHit<T>> hits)
    {
        var kept = new List<PatternHit<T>>(hits.Count);
        foreach (var hit in hits.OrderByDescending(h => h.Last - h.First).ThenBy(h => h.First))
        {
            if (!kept.Any(k => k.First <= hit.Last && hit.First <= k.Last))
            {
                kept.Add(hit);
            }
        }

        return kept;
    }

    /// <summary>A phone number (9–11 digits, possibly split by dots or spaces) is a contact: an offer cue.</summary>
    private static void AddPhoneNumbers(CanonicalText canonical, List<PatternHit<int>> offers)
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
                offers.Add(new PatternHit<int>(first, i - 1, 2));
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

    private IEnumerable<(string, Cue)> Cues(IEnumerable<CueGroup> groups) =>
        groups.SelectMany(g => g.Terms.Select(t => Compile(t)).Select(p => (p.Pattern, new Cue(g.Weight, p))));

    /// <summary>A lexicon phrase in canonical form, with each word's tone key when the words map one to one.</summary>
    private Phrase Compile(string term)
    {
        var pattern = CanonicalText.Pattern(term, _teencode);
        var words = term.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var count = pattern.Count(c => c == ' ') - 1;
        return new Phrase(term, pattern, count,
            count == words.Length ? [.. words.Select(w => VietnameseLetters.ToneKey(w))] : null,
            [.. words.Select(w => VietnameseLetters.HasMarks(w))]);
    }

    /// <summary>A lexicon phrase: as written, as searched (" ma tuy "), and each word's diacritics.</summary>
    private sealed record Phrase(string Term, string Pattern, int Words, string[]? ToneKeys, bool[] WordMarked);

    private sealed record TermPattern(LexiconRule Rule, Phrase Phrase);

    private sealed record Cue(int Weight, Phrase Phrase);
}

/// <summary>Where a pattern matched, in canonical words (inclusive), and the pattern's value.</summary>
public readonly record struct PatternHit<T>(int First, int Last, T Value);

/// <summary>
/// Canonical patterns (" ma tuy ") searched together with <see cref="SearchValues{T}"/>; each found position is
/// resolved to the patterns starting there through their first word.
/// </summary>
public sealed class PatternSet<T>
{
    private readonly SearchValues<string>? _search;
    private readonly Dictionary<string, List<(string Pattern, int Words, T Value)>> _byFirstWord = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<(string Pattern, int Words, T Value)>>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public PatternSet(IEnumerable<(string Pattern, T Value)> patterns)
    {
        var distinct = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (pattern, value) in patterns)
        {
            if (pattern.Length < 3)
            {
                continue;
            }

            var firstWord = pattern[1..pattern.IndexOf(' ', 1)];
            if (!_byFirstWord.TryGetValue(firstWord, out var list))
            {
                _byFirstWord[firstWord] = list = [];
            }

            list.Add((pattern, pattern.Count(c => c == ' ') - 1, value));
            distinct.Add(pattern);
        }

        _lookup = _byFirstWord.GetAlternateLookup<ReadOnlySpan<char>>();
        _search = distinct.Count == 0 ? null : SearchValues.Create([.. distinct], StringComparison.Ordinal);
    }

    public List<PatternHit<T>> Find(CanonicalText canonical)
    {
        var hits = new List<PatternHit<T>>();
        if (_search is null)
        {
            return hits;
        }

        var span = canonical.Span;
        var position = 0;
        while (position < span.Length)
        {
            var found = span[position..].IndexOfAny(_search);
            if (found < 0)
            {
                break;
            }

            var at = position + found;
            var token = canonical.TokenAt(at + 1);
            if (token >= 0)
            {
                var first = canonical.Tokens[token];
                if (_lookup.TryGetValue(span.Slice(first.CanonStart, first.CanonLength), out var candidates))
                {
                    foreach (var (pattern, words, value) in candidates)
                    {
                        if (span[at..].StartsWith(pattern, StringComparison.Ordinal))
                        {
                            hits.Add(new PatternHit<T>(token, token + words - 1, value));
                        }
                    }
                }
            }

            position = at + 1;
        }

        return hits;
    }
}
