using System.Runtime.InteropServices;

namespace LaoCaiFanpage.Grains.Content;

/// <summary>Where a pattern matched, in canonical words (inclusive), and the pattern's value.</summary>
public readonly record struct PatternHit<T>(int First, int Last, T Value);

/// <summary>What the lexicons do with overlapping hits.</summary>
public static class PatternHit
{
    /// <summary>Longer hits first, then in text order.</summary>
    public static int LongestFirst<T>(PatternHit<T> a, PatternHit<T> b) =>
        a.Last - a.First != b.Last - b.First ? (b.Last - b.First).CompareTo(a.Last - a.First) : a.First.CompareTo(b.First);

    /// <summary>
    /// Overlapping hits count once, as the longest ("giá tốt", not also "giá"; "tồi tệ", not also "tệ"). The list is
    /// sorted longest first and the ones kept moved to its front; it is returned, cut to them.
    /// </summary>
    public static List<PatternHit<T>> Longest<T>(List<PatternHit<T>> hits)
    {
        if (hits.Count < 2)
        {
            return hits;
        }

        hits.Sort(LongestFirst);
        var kept = 0;
        for (var i = 0; i < hits.Count; i++)
        {
            var hit = hits[i];
            var overlaps = false;
            for (var k = 0; k < kept && !overlaps; k++)
            {
                overlaps = hits[k].First <= hit.Last && hit.First <= hits[k].Last;
            }

            if (!overlaps)
            {
                hits[kept++] = hit;
            }
        }

        hits.RemoveRange(kept, hits.Count - kept);
        return hits;
    }
}

/// <summary>
/// Canonical patterns (" ma tuy ") matched together through a tree of their words. Every word of every pattern has a
/// number in the set's vocabulary; a text's words are looked up there once each (with the hash their
/// <see cref="CanonicalToken"/> already carries), and the tree is walked by numbers: a word outside the vocabulary costs
/// that one probe, and a common first word ("không", "người", "ăn") one array index however many patterns begin with
/// it. The tree is kept in flat arrays, so a walk reads memory that is close together: the Article 12 filter's
/// vocabulary holds about four in five of an everyday comment's words, and nearly two in three begin some pattern.
/// Matches are whole words by construction; the content benchmark prints a <c>SearchValues&lt;string&gt;</c> search of
/// the same canonical text beside the filter.
/// </summary>
public sealed class PatternSet<T>
{
    private static readonly List<PatternHit<T>> NoHits = [];
    private readonly WordMap<int> _vocabulary;

    /// <summary>The node each first word leads to, by word number; −1 when no pattern begins with it.</summary>
    private readonly int[] _first;

    private readonly Node[] _nodes;

    /// <summary>Every node's following words (sorted by number within a node) and the nodes they lead to.</summary>
    private readonly int[] _nextWords;
    private readonly int[] _nextNodes;

    /// <summary>Every node's values: the patterns that end there.</summary>
    private readonly T[] _values;

    public PatternSet(IEnumerable<(string Pattern, T Value)> patterns)
    {
        var numbers = new Dictionary<string, int>(StringComparer.Ordinal);
        var root = new Builder();
        foreach (var (canonical, value) in patterns)
        {
            var words = canonical.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 0 || canonical.Length < 3)
            {
                continue;
            }

            var node = root;
            foreach (var word in words)
            {
                if (!numbers.TryGetValue(word, out var number))
                {
                    numbers[word] = number = numbers.Count;
                }

                if (!node.Children.TryGetValue(number, out var child))
                {
                    node.Children[number] = child = new Builder();
                }

                node = child;
            }

            if (!node.Values.Exists(v => EqualityComparer<T>.Default.Equals(v, value)))
            {
                node.Values.Add(value);
            }
        }

        // Numbered in the order first seen, which is the vocabulary's own order of entries.
        _vocabulary = new WordMap<int>([.. numbers.OrderBy(n => n.Value).Select(n => KeyValuePair.Create(n.Key, n.Value))]);

        // Flatten, breadth first: a node's number is its place in the list.
        var order = new List<Builder>();
        var queue = new Queue<Builder>(root.Children.OrderBy(c => c.Key).Select(c => c.Value));
        while (queue.TryDequeue(out var node))
        {
            node.Number = order.Count;
            order.Add(node);
            foreach (var (_, child) in node.Children.OrderBy(c => c.Key))
            {
                queue.Enqueue(child);
            }
        }

        _first = [.. Enumerable.Repeat(-1, numbers.Count)];
        foreach (var (number, child) in root.Children)
        {
            _first[number] = child.Number;
        }

        _nodes = new Node[order.Count];
        var nextWords = new List<int>();
        var nextNodes = new List<int>();
        var values = new List<T>();
        foreach (var node in order)
        {
            _nodes[node.Number] = new Node(nextWords.Count, node.Children.Count, values.Count, node.Values.Count);
            foreach (var (number, child) in node.Children.OrderBy(c => c.Key))
            {
                nextWords.Add(number);
                nextNodes.Add(child.Number);
            }

            values.AddRange(node.Values);
        }

        (_nextWords, _nextNodes, _values) = ([.. nextWords], [.. nextNodes], [.. values]);
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
        var tokens = CollectionsMarshal.AsSpan(canonical.Tokens);
        var numbers = t_numbers is { } reused && reused.Length >= tokens.Length ? reused : new int[Math.Max(64, tokens.Length)];
        t_numbers = null;
        for (var i = 0; i < tokens.Length; i++)
        {
            ref readonly var t = ref tokens[i];
            numbers[i] = t.Compound ? Several : _vocabulary.IndexOf(span.Slice(t.CanonStart, t.CanonLength), t.Hash);
        }

        for (var token = 0; token < tokens.Length; token++)
        {
            var number = numbers[token];
            if (number == Absent)
            {
                continue;
            }

            var node = -1;
            var current = token;
            var position = tokens[token].CanonStart;
            while (true)
            {
                // Word by word from this token's first letter; a teencode token may hold several words ("anh em"),
                // which are looked up one by one.
                int length;
                if (position == tokens[current].CanonStart && numbers[current] != Several)
                {
                    (length, number) = (tokens[current].CanonLength, numbers[current]);
                }
                else
                {
                    length = span[position..].IndexOf(' ');
                    if (length <= 0)
                    {
                        break;
                    }

                    var word = span.Slice(position, length);
                    number = _vocabulary.IndexOf(word, WordHash.Of(word));
                }

                var child = number < 0 ? -1 : node < 0 ? _first[number] : Next(node, number);
                if (child < 0)
                {
                    break;
                }

                var end = position + length;
                var last = LastToken(tokens, current, end);
                var (_, nextCount, valueStart, valueCount) = _nodes[child];
                for (var v = valueStart; v < valueStart + valueCount; v++)
                {
                    (hits ??= []).Add(new PatternHit<T>(token, last, _values[v]));
                }

                node = child;
                position = end + 1;
                if (nextCount == 0 || position >= span.Length)
                {
                    break;
                }

                current = last + 1 < tokens.Length && tokens[last + 1].CanonStart == position ? last + 1 : last;
            }
        }

        t_numbers = numbers;
    }

    /// <summary>The node after word <paramref name="number"/> from <paramref name="node"/>, or −1: few words follow any one.</summary>
    private int Next(int node, int number)
    {
        var (start, count, _, _) = _nodes[node];
        if (count <= 8)
        {
            for (var i = start; i < start + count; i++)
            {
                if (_nextWords[i] == number)
                {
                    return _nextNodes[i];
                }
            }

            return -1;
        }

        var at = Array.BinarySearch(_nextWords, start, count, number);
        return at >= 0 ? _nextNodes[at] : -1;
    }

    /// <summary>A word outside the vocabulary.</summary>
    private const int Absent = -1;

    /// <summary>A token of several words (a teencode word standing for them).</summary>
    private const int Several = -2;

    /// <summary>Each token's word number, for one search at a time on this thread.</summary>
    [ThreadStatic]
    private static int[]? t_numbers;

    /// <summary>
    /// The token a match ends in. A teencode word expands to several canonical words in one token ("ae" is "anh em"),
    /// so a pattern's words are not always as many tokens; the match ends where its last letter is.
    /// </summary>
    private static int LastToken(ReadOnlySpan<CanonicalToken> tokens, int token, int end)
    {
        while (token + 1 < tokens.Length && tokens[token + 1].CanonStart < end)
        {
            token++;
        }

        return token;
    }

    /// <summary>A node of the flattened tree: where its following words and its values are.</summary>
    private readonly record struct Node(int NextStart, int NextCount, int ValueStart, int ValueCount);

    private sealed class Builder
    {
        public Dictionary<int, Builder> Children { get; } = [];

        public List<T> Values { get; } = [];

        public int Number { get; set; }
    }
}
