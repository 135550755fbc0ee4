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
    private readonly LexiconComposition[] _compositions;

    /// <summary>For each composition, for each slot, which concepts (indexes into the concept list) fill it.</summary>
    private readonly int[][][] _slots;

    /// <summary>For each concept, the compositions and slots (as a bit) it fills.</summary>
    private readonly (int Composition, int SlotBit)[][] _slotsOfConcept;

    public ProhibitedContentFilter(ProhibitedLexicon lexicon)
    {
        _lexicon = lexicon;

        _teencode = new TeencodeTable(lexicon.Teencode);

        var terms = new List<(string, TermPattern)>();
        foreach (var rule in lexicon.Rules)
        {
            foreach (var term in rule.Terms)
            {
                AddTerm(terms, term, rule, concept: -1);
            }
        }

        // Concept words go into the same search as the terms: one pass over the text finds both.
        var concepts = lexicon.Concepts.Keys.ToList();
        for (var c = 0; c < concepts.Count; c++)
        {
            foreach (var term in lexicon.Concepts[concepts[c]])
            {
                AddTerm(terms, term, rule: null, concept: c);
            }
        }

        _compositions = [.. lexicon.Compositions];
        _slots = [.. _compositions.Select(k => k.Slots.Select(slot => slot.Select(c => concepts.IndexOf(c)).ToArray()).ToArray())];
        _slotsOfConcept = [.. Enumerable.Range(0, concepts.Count).Select(c =>
            _slots.SelectMany((slots, k) => slots.Select((slot, i) => (k, i, slot)).Where(x => x.slot.Contains(c)).Select(x => (x.k, 1 << x.i))).ToArray())];
        _terms = new PatternSet<TermPattern>(terms);
        // Everything that qualifies a hit, found in one pass.
        _cues = new PatternSet<Cue>(
            Cues(lexicon.OfferCues, CueKind.Offer)
                .Concat(Cues(lexicon.ContextCues, CueKind.Context))
                .Concat(lexicon.Negations.Select(t => LexiconPhrase.Compile(t, _teencode)).Select(p => (p.Pattern, new Cue(CueKind.Negation, 0, p))))
                .Concat(lexicon.Allowlist.Select(t => LexiconPhrase.Compile(t, _teencode)).Select(p => (p.Pattern, new Cue(CueKind.Allowed, 0, p)))));
    }

    public ProhibitedLexicon Lexicon => _lexicon;

    private void AddTerm(List<(string, TermPattern)> terms, string term, LexiconRule? rule, int concept)
    {
        // A concept word written "!đĩ" must carry its diacritics: bare, it is an everyday word ("đi", "đá", "tháng").
        var accents = rule?.Accents ?? (term.StartsWith('!') ? "exact" : "strict");
        var phrase = LexiconPhrase.Compile(term.TrimStart('!'), _teencode);
        terms.Add((phrase.Pattern, new TermPattern(rule, concept, phrase, accents)));
        if (phrase.Words > 1)
        {
            // Run together ("matuy") or spread letter by letter ("m a t u y") — checked without diacritics.
            var joined = " " + phrase.Pattern.Replace(" ", string.Empty, StringComparison.Ordinal) + " ";
            terms.Add((joined, new TermPattern(rule, concept, phrase with { Pattern = joined, Words = 1, ToneKeys = null }, accents)));
        }
    }

    /// <summary>Teencode words and their meaning, canonical: shared with the other Vietnamese lexicons (sentiment).</summary>
    public TeencodeTable Teencode => _teencode;

    /// <summary>Every prohibited finding in the text, in order; empty for clean text.</summary>
    public IReadOnlyList<ProhibitedFinding> Scan(ReadOnlySpan<char> text)
    {
        using var canonical = CanonicalText.Create(text, _teencode);

        // The hits of one scan, in a list this thread reuses: everyday comments have some concept words, and a new
        // list for each made the collector the filter's largest cost.
        var hits = t_hits ?? [];
        t_hits = null;
        hits.Clear();
        try
        {
            return Findings(text, canonical, hits) ?? [];
        }
        finally
        {
            t_hits = hits.Capacity <= 1024 ? hits : null;
        }
    }

    [ThreadStatic]
    private static List<PatternHit<TermPattern>>? t_hits;

    /// <summary>The findings, or null when there are none.</summary>
    private List<ProhibitedFinding>? Findings(ReadOnlySpan<char> text, CanonicalText canonical, List<PatternHit<TermPattern>> hits)
    {
        List<PatternHit<TermPattern>>? found = hits;
        _terms.Find(canonical, ref found);
        if (hits.Count == 0 || (!hits.Exists(h => h.Value.Rule is not null) && !CouldCompose(hits)))
        {
            // Everyday words of the concepts ("cán bộ", "anh em") are in most comments: nothing more is done for them
            // unless every slot of some composition has a word.
            return null;
        }

        // Folded words collide with everyday ones ("các", "đi", "lớn"): the writer's diacritics settle most
        // candidates before any context is looked at.
        var kept = 0;
        for (var i = 0; i < hits.Count; i++)
        {
            if (LexiconPhrase.Agrees(canonical, text, hits[i].First, hits[i].Last, hits[i].Value.Phrase, hits[i].Value.Accents))
            {
                hits[kept++] = hits[i];
            }
        }

        hits.RemoveRange(kept, hits.Count - kept);
        if (!hits.Exists(h => h.Value.Rule is not null) && !CouldCompose(hits))
        {
            return null;
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
            if (hit.Value.Rule is not { } rule || Overlaps(taken, hit) || Covered(cues.Allowed, hit))
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

            if (Qualify(rule.Confidence, rule.RequiresOffer, rule.ContextSuppresses, offerWeight, contextWeight) is not { } confidence)
            {
                continue;
            }

            if (!rule.RequiresOffer)
            {
                near.Clear();
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
            findings.Add(new ProhibitedFinding(rule.Id, rule.Clause!, ClauseText(rule.Clause!), rule.Label, confidence, start, end - start, hit.Value.Phrase.Term, evidence));
        }

        if (_compositions.Length > 0)
        {
            Compose(canonical, text, hits, cues, findings);
        }

        findings.Sort((a, b) => a.Start.CompareTo(b.Start));
        return findings;
    }

    /// <summary>The compositions whose every slot is filled within their window, qualified like the rules.</summary>
    private void Compose(CanonicalText canonical, ReadOnlySpan<char> text, List<PatternHit<TermPattern>> hits,
        (List<PatternHit<Cue>> Offers, List<PatternHit<Cue>> Contexts, List<PatternHit<Cue>> Allowed, List<PatternHit<Cue>> Negations) cues, List<ProhibitedFinding> findings)
    {
        var concepts = hits.Where(h => h.Value.Rule is null && !Covered(cues.Allowed, h)).ToList();
        // A word inside a longer phrase, of a concept or a rule, is that phrase's ("lừa đảo" is not also "dao", a knife;
        // "cá cược" is not "cuốc", a hoe) — unless the phrase begins with it: "đây là" is still "đây", "thằng nào" "thằng".
        concepts.RemoveAll(h => hits.Exists(o => o.First <= h.First && h.Last <= o.Last && o.Last - o.First > h.Last - h.First && o.First != h.First));
        if (concepts.Count < 2)
        {
            return;
        }

        for (var k = 0; k < _compositions.Length; k++)
        {
            var composition = _compositions[k];
            var chosen = new PatternHit<TermPattern>[_slots[k].Length];
            if (!Fill(_slots[k], concepts, chosen, 0, composition.Window))
            {
                continue;
            }

            var first = chosen.Min(h => h.First);
            var last = chosen.Max(h => h.Last);
            if (findings.Exists(f => f.Clause == composition.Clause && f.Start < canonical.Tokens[last].OriginalEnd && canonical.Tokens[first].OriginalStart < f.Start + f.Length)
                || cues.Negations.Exists(n => n.Last < first && first - n.Last <= NegationReach))
            {
                continue;
            }

            // A context cue inside a concept's words ("tuyên truyền láo", "đường dây nóng", "người tố giác") clears nothing.
            var contextWeight = 0;
            foreach (var context in cues.Contexts)
            {
                contextWeight += concepts.Exists(h => h.First <= context.First && context.Last <= h.Last) ? 0 : context.Value.Weight;
            }

            var offerWeight = cues.Offers.Where(o => o.Last >= first - _lexicon.OfferWindow && o.First <= last + _lexicon.OfferWindow).Sum(o => o.Value.Weight);
            if (Qualify(composition.Confidence, composition.RequiresOffer, composition.ContextSuppresses, offerWeight, contextWeight) is not { } confidence)
            {
                continue;
            }

            Array.Sort(chosen, (a, b) => a.First.CompareTo(b.First));
            var evidence = new List<string>(chosen.Length);
            foreach (var h in chosen)
            {
                evidence.Add("\"" + Quote(canonical, text, h.First, h.Last) + "\"");
            }

            var start = canonical.Tokens[first].OriginalStart;
            var end = canonical.Tokens[last].OriginalEnd;
            findings.Add(new ProhibitedFinding(composition.Id, composition.Clause!, ClauseText(composition.Clause!), composition.Label, confidence, start, end - start,
                string.Join(" + ", chosen.Select(h => h.Value.Phrase.Term)), ["thành phần: " + string.Join(", ", evidence)]));
        }
    }

    /// <summary>
    /// Whether a hit counts, and how surely, given the offers near it and the text's context: goods count only when the
    /// offer outweighs the context (medium when only just), other kinds give way to a strong context (medium to a weak
    /// one). Null when it does not count.
    /// </summary>
    private static string? Qualify(string confidence, bool requiresOffer, bool contextSuppresses, int offerWeight, int contextWeight)
    {
        if (requiresOffer)
        {
            return offerWeight == 0 || contextWeight >= offerWeight ? null
                : offerWeight - contextWeight < 2 ? FilterConfidence.Medium : confidence;
        }

        return !contextSuppresses ? confidence
            : contextWeight >= 2 ? null
            : contextWeight == 1 ? FilterConfidence.Medium : confidence;
    }

    /// <summary>What the clause prohibits, with the decrees' corresponding categories.</summary>
    private string ClauseText(string clause) =>
        _lexicon.Related.TryGetValue(clause, out var related) ? $"{_lexicon.Clauses[clause]}; tương ứng {related}" : _lexicon.Clauses[clause];

    /// <summary>True when some composition has a concept word for every slot (their distance not yet checked).</summary>
    private bool CouldCompose(List<PatternHit<TermPattern>> hits)
    {
        if (_compositions.Length == 0)
        {
            return false;
        }

        Span<int> filled = stackalloc int[_compositions.Length];
        filled.Clear();
        foreach (var hit in hits)
        {
            if (hit.Value.Rule is null)
            {
                foreach (var (composition, slotBit) in _slotsOfConcept[hit.Value.Concept])
                {
                    filled[composition] |= slotBit;
                }
            }
        }

        for (var k = 0; k < _compositions.Length; k++)
        {
            if (filled[k] == (1 << _slots[k].Length) - 1)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Fills slot <paramref name="slot"/> onwards with hits that overlap none chosen so far and keep within the window.</summary>
    private static bool Fill(int[][] slots, List<PatternHit<TermPattern>> concepts, PatternHit<TermPattern>[] chosen, int slot, int window)
    {
        if (slot == slots.Length)
        {
            return true;
        }

        foreach (var hit in concepts)
        {
            if (Array.IndexOf(slots[slot], hit.Value.Concept) < 0)
            {
                continue;
            }

            var fits = true;
            for (var i = 0; i < slot && fits; i++)
            {
                var other = chosen[i];
                fits = (hit.Last < other.First || other.Last < hit.First)
                    && Math.Max(hit.Last, other.Last) - Math.Min(hit.First, other.First) < window;
            }

            if (fits)
            {
                chosen[slot] = hit;
                if (Fill(slots, concepts, chosen, slot + 1, window))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The cues around the hits, their diacritics checked: overlapping ones count once (the longest), negated offers not at all.</summary>
    private (List<PatternHit<Cue>> Offers, List<PatternHit<Cue>> Contexts, List<PatternHit<Cue>> Allowed, List<PatternHit<Cue>> Negations) Cues(CanonicalText canonical, ReadOnlySpan<char> text)
    {
        var found = _cues.Find(canonical);
        var offers = new List<PatternHit<Cue>>();
        var contexts = new List<PatternHit<Cue>>();
        var allowed = new List<PatternHit<Cue>>();
        var negations = new List<PatternHit<Cue>>();
        foreach (var cue in found)
        {
            if (!LexiconPhrase.Agrees(canonical, text, cue.First, cue.Last, cue.Value.Phrase, "auto"))
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

        return (offers, PatternHit.Longest(contexts), allowed, negations);
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

    /// <summary>A rule's term (<paramref name="Rule"/> set) or a concept's word (<paramref name="Concept"/> ≥ 0).</summary>
    private sealed record TermPattern(LexiconRule? Rule, int Concept, LexiconPhrase Phrase, string Accents);

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
/// Canonical patterns (" ma tuy ") matched together through a tree of their words: from every word of the text the
/// following words are looked up one by one (a hash of a few characters each), so a common first word ("không",
/// "người", "ăn") costs one lookup however many patterns begin with it (comparing each pattern in turn made the search
/// cost as much as canonicalising the text). Matches are whole words by construction; the content benchmark prints a
/// <c>SearchValues&lt;string&gt;</c> search of the same canonical text beside the filter.
/// </summary>
public sealed class PatternSet<T>
{
    private static readonly List<PatternHit<T>> NoHits = [];
    private readonly Node _root = new();

    public PatternSet(IEnumerable<(string Pattern, T Value)> patterns)
    {
        foreach (var (canonical, value) in patterns)
        {
            var words = canonical.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 0 || canonical.Length < 3)
            {
                continue;
            }

            var node = _root;
            foreach (var word in words)
            {
                node.Next ??= new Dictionary<string, Node>(WordComparer.Instance);
                if (!node.Next.TryGetValue(word, out var child))
                {
                    node.Next[word] = child = new Node();
                }

                node = child;
            }

            node.Values ??= [];
            if (!node.Values.Exists(v => EqualityComparer<T>.Default.Equals(v, value)))
            {
                node.Values.Add(value);
            }
        }

        _root.Seal();
    }

    /// <summary>Every pattern occurrence, as the words it covers.</summary>
    public List<PatternHit<T>> Find(CanonicalText canonical)
    {
        List<PatternHit<T>>? hits = null;
        Find(canonical, ref hits);

        // Most texts match nothing: no list is allocated for them (the shared empty list is never written to).
        return hits ?? NoHits;
    }

    /// <summary>Every pattern occurrence, added to <paramref name="hits"/> (created on the first one when null).</summary>
    public void Find(CanonicalText canonical, ref List<PatternHit<T>>? hits)
    {
        var span = canonical.Span;
        var tokens = canonical.Tokens;
        for (var token = 0; token < tokens.Count; token++)
        {
            // Word by word from this token's first letter: a teencode token may hold several words ("anh em").
            var node = _root;
            var position = tokens[token].CanonStart;
            while (node.Lookup is { } lookup && position < span.Length)
            {
                var length = span[position..].IndexOf(' ');
                if (length <= 0 || !lookup.TryGetValue(span.Slice(position, length), out var child))
                {
                    break;
                }

                if (child.Values is { } values)
                {
                    var last = LastToken(tokens, token, position + length);
                    foreach (var value in values)
                    {
                        (hits ??= []).Add(new PatternHit<T>(token, last, value));
                    }
                }

                node = child;
                position += length + 1;
            }
        }
    }

    /// <summary>
    /// The token a match ends in. A teencode word expands to several canonical words in one token ("ae" is "anh em"),
    /// so a pattern's words are not always as many tokens; the match ends where its last letter is.
    /// </summary>
    private static int LastToken(List<CanonicalToken> tokens, int token, int end)
    {
        while (token + 1 < tokens.Count && tokens[token + 1].CanonStart < end)
        {
            token++;
        }

        return token;
    }

    private sealed class Node
    {
        public Dictionary<string, Node>? Next { get; set; }

        public Dictionary<string, Node>.AlternateLookup<ReadOnlySpan<char>>? Lookup { get; private set; }

        public List<T>? Values { get; set; }

        public void Seal()
        {
            if (Next is null)
            {
                return;
            }

            Lookup = Next.GetAlternateLookup<ReadOnlySpan<char>>();
            foreach (var child in Next.Values)
            {
                child.Seal();
            }
        }
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
