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
/// The Article 12 filter. One multi-pattern search (<see cref="PatternSet{T}"/>, a tree of the lexicon's words) finds
/// every term, concept word and cue in the canonical text in one pass. A hit is then checked against the writer's
/// diacritics, the allowlist and its context: a term of goods counts only near an offer (selling, prices, contacts)
/// and not in a campaign, a warning or a citizen's report.
/// </summary>
public sealed class ProhibitedContentFilter
{
    private readonly ProhibitedLexicon _lexicon;
    private readonly TeencodeTable _teencode;

    /// <summary>The rules' terms, the concepts' words and every cue, found together in one pass over the text.</summary>
    private readonly PatternSet<Entry> _entries;
    private readonly LexiconComposition[] _compositions;

    /// <summary>For each composition, for each slot, which concepts (indexes into the concept list) fill it.</summary>
    private readonly int[][][] _slots;

    /// <summary>For each concept, the compositions and slots (as a bit) it fills.</summary>
    private readonly (int Composition, int SlotBit)[][] _slotsOfConcept;

    /// <summary>The most slots a composition has.</summary>
    private readonly int _maxSlots;

    public ProhibitedContentFilter(ProhibitedLexicon lexicon)
    {
        _lexicon = lexicon;

        _teencode = new TeencodeTable(lexicon.Teencode);

        var terms = new List<(string, Entry)>();
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
        _maxSlots = _slots.Select(s => s.Length).DefaultIfEmpty(0).Max();
        _slotsOfConcept = [.. Enumerable.Range(0, concepts.Count).Select(c =>
            _slots.SelectMany((slots, k) => slots.Select((slot, i) => (k, i, slot)).Where(x => x.slot.Contains(c)).Select(x => (x.k, 1 << x.i))).ToArray())];

        // Everything that qualifies a hit goes into the same search.
        _entries = new PatternSet<Entry>(terms
            .Concat(Cues(lexicon.OfferCues, CueKind.Offer))
            .Concat(Cues(lexicon.ContextCues, CueKind.Context))
            .Concat(lexicon.Negations.Select(t => LexiconPhrase.Compile(t, _teencode)).Select(p => (p.Pattern, (Entry)new Cue(CueKind.Negation, 0, p))))
            .Concat(lexicon.Allowlist.Select(t => LexiconPhrase.Compile(t, _teencode)).Select(p => (p.Pattern, (Entry)new Cue(CueKind.Allowed, 0, p)))));
    }

    public ProhibitedLexicon Lexicon => _lexicon;

    private void AddTerm(List<(string, Entry)> terms, string term, LexiconRule? rule, int concept)
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

        // The hits of one scan, in lists this thread reuses: everyday comments have some concept words, and new
        // lists for each made the collector the filter's largest cost.
        var scratch = t_scratch ?? new HitLists();
        t_scratch = null;
        scratch.Found.Clear();
        scratch.Terms.Clear();
        scratch.Cues.Clear();
        try
        {
            List<PatternHit<Entry>>? found = scratch.Found;
            _entries.Find(canonical, ref found);
            foreach (var hit in scratch.Found)
            {
                if (hit.Value is TermPattern term)
                {
                    scratch.Terms.Add(new PatternHit<TermPattern>(hit.First, hit.Last, term));
                }
                else
                {
                    scratch.Cues.Add(new PatternHit<Cue>(hit.First, hit.Last, (Cue)hit.Value));
                }
            }

            return Findings(text, canonical, scratch.Terms, scratch.Cues) ?? [];
        }
        finally
        {
            t_scratch = scratch.Found.Capacity <= 1024 ? scratch : null;
        }
    }

    [ThreadStatic]
    private static HitLists? t_scratch;

    /// <summary>The findings, or null when there are none.</summary>
    private List<ProhibitedFinding>? Findings(ReadOnlySpan<char> text, CanonicalText canonical, List<PatternHit<TermPattern>> hits, List<PatternHit<Cue>> cueHits)
    {
        // Folded words collide with everyday ones ("các", "đi", "buổi"): the writer's diacritics settle most candidates
        // before any context is looked at — the rules' terms first (a comment has few), then, only when some
        // composition could still be made, the concepts' everyday words (most comments have many: "cán bộ", "anh em").
        if (hits.Count == 0
            || (!KeepAgreeing(canonical, text, hits, rules: true) && !CouldCompose(hits))
            || (!KeepAgreeing(canonical, text, hits, rules: false) && !CouldCompose(hits)))
        {
            return null;
        }

        var cues = Cues(canonical, text, cueHits, t_cues ??= new CueLists());
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
        var concepts = new List<PatternHit<TermPattern>>();
        foreach (var h in hits)
        {
            // A word inside a longer phrase, of a concept or a rule, is that phrase's ("lừa đảo" is not also "dao", a
            // knife; "cá cược" is not "cuốc", a hoe) — unless the phrase begins with it: "đây là" is still "đây",
            // "thằng nào" "thằng".
            if (h.Value.Rule is null && !Covered(cues.Allowed, h) && !InsideLonger(hits, h))
            {
                concepts.Add(h);
            }
        }

        if (concepts.Count < 2)
        {
            return;
        }

        Span<int> filled = stackalloc int[_compositions.Length];
        SlotsFilled(concepts, filled);
        for (var k = 0; k < _compositions.Length; k++)
        {
            var composition = _compositions[k];
            if (filled[k] != (1 << _slots[k].Length) - 1)
            {
                continue;
            }

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

    /// <summary>
    /// Drops the hits of rules' terms (<paramref name="rules"/>) or of concepts' words that the writer's diacritics
    /// rule out, keeping the others in order; true when a rule's hit is left.
    /// </summary>
    private static bool KeepAgreeing(CanonicalText canonical, ReadOnlySpan<char> text, List<PatternHit<TermPattern>> hits, bool rules)
    {
        var kept = 0;
        for (var i = 0; i < hits.Count; i++)
        {
            var hit = hits[i];
            if ((hit.Value.Rule is not null) != rules || LexiconPhrase.Agrees(canonical, text, hit.First, hit.Last, hit.Value.Phrase, hit.Value.Accents))
            {
                hits[kept++] = hit;
            }
        }

        hits.RemoveRange(kept, hits.Count - kept);
        return HasRuleHit(hits);
    }

    private static bool HasRuleHit(List<PatternHit<TermPattern>> hits)
    {
        foreach (var hit in hits)
        {
            if (hit.Value.Rule is not null)
            {
                return true;
            }
        }

        return false;
    }

    private static bool InsideLonger(List<PatternHit<TermPattern>> hits, PatternHit<TermPattern> h)
    {
        foreach (var o in hits)
        {
            if (o.First <= h.First && h.Last <= o.Last && o.Last - o.First > h.Last - h.First && o.First != h.First)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// True when some composition has a concept word for every slot, all within its window: what <see cref="Compose"/>
    /// can find is never more than this.
    /// </summary>
    private bool CouldCompose(List<PatternHit<TermPattern>> hits)
    {
        if (_compositions.Length == 0)
        {
            return false;
        }

        Span<int> filled = stackalloc int[_compositions.Length];
        SlotsFilled(hits, filled);
        PatternHit<TermPattern>[]? chosen = null;
        for (var k = 0; k < _compositions.Length; k++)
        {
            if (filled[k] == (1 << _slots[k].Length) - 1
                && Fill(_slots[k], hits, chosen ??= new PatternHit<TermPattern>[_maxSlots], 0, _compositions[k].Window))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>For each composition, a bit for each slot some concept word among <paramref name="hits"/> fills.</summary>
    private void SlotsFilled(List<PatternHit<TermPattern>> hits, Span<int> filled)
    {
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
    private static (List<PatternHit<Cue>> Offers, List<PatternHit<Cue>> Contexts, List<PatternHit<Cue>> Allowed, List<PatternHit<Cue>> Negations) Cues(
        CanonicalText canonical, ReadOnlySpan<char> text, List<PatternHit<Cue>> found, CueLists lists)
    {
        var (offers, contexts, allowed, negations) = (lists.Offers, lists.Contexts, lists.Allowed, lists.Negations);
        offers.Clear();
        contexts.Clear();
        allowed.Clear();
        negations.Clear();
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
        var word = canonical.Span.Slice(t.CanonStart, t.CanonLength);
        return char.IsAsciiDigit(word[0]) && word.IndexOfAnyExceptInRange('0', '9') < 0;
    }

    private static string Quote(CanonicalText canonical, ReadOnlySpan<char> text, int first, int last)
    {
        var start = canonical.Tokens[first].OriginalStart;
        return text[start..canonical.Tokens[last].OriginalEnd].ToString();
    }

    private IEnumerable<(string, Entry)> Cues(IEnumerable<CueGroup> groups, CueKind kind) =>
        groups.SelectMany(g => g.Terms.Select(t => LexiconPhrase.Compile(t, _teencode)).Select(p => (p.Pattern, (Entry)new Cue(kind, g.Weight, p))));

    /// <summary>A phone number counts as a strong offer cue (a contact).</summary>
    private static readonly Cue PhoneNumber = new(CueKind.Offer, 2, new LexiconPhrase("số điện thoại", " so dien thoai ", 3, null, []));

    /// <summary>What the filter searches for: a term or a concept's word (<see cref="TermPattern"/>), or a <see cref="Cue"/>.</summary>
    private abstract record Entry(LexiconPhrase Phrase);

    /// <summary>A rule's term (<paramref name="Rule"/> set) or a concept's word (<paramref name="Concept"/> ≥ 0).</summary>
    private sealed record TermPattern(LexiconRule? Rule, int Concept, LexiconPhrase Phrase, string Accents) : Entry(Phrase);

    private enum CueKind
    {
        Offer,
        Context,
        Negation,
        Allowed,
    }

    private sealed record Cue(CueKind Kind, int Weight, LexiconPhrase Phrase) : Entry(Phrase);

    /// <summary>The cues of one scan that reaches them, sorted by kind: reused by the thread (the findings never keep them).</summary>
    [ThreadStatic]
    private static CueLists? t_cues;

    private sealed class CueLists
    {
        public List<PatternHit<Cue>> Offers { get; } = [];

        public List<PatternHit<Cue>> Contexts { get; } = [];

        public List<PatternHit<Cue>> Allowed { get; } = [];

        public List<PatternHit<Cue>> Negations { get; } = [];
    }

    /// <summary>One scan's hits: all of them, then the terms' and the cues' apart.</summary>
    private sealed class HitLists
    {
        public List<PatternHit<Entry>> Found { get; } = [];

        public List<PatternHit<TermPattern>> Terms { get; } = [];

        public List<PatternHit<Cue>> Cues { get; } = [];
    }
}
