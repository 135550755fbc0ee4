namespace LaoCaiFanpage.Grains.Content;

/// <summary>
/// The hash of a canonical word: FNV-1a over its characters. <see cref="CanonicalText"/> computes it once per word as
/// it writes the word, so every lexicon lookup after that (teencode, the filter's terms and cues, sentiment, crisis
/// keywords) probes with it instead of hashing the word again; and it is the same in every process (the platform's
/// randomised string hash made the filter's speed differ by half from one run to the next).
/// </summary>
public static class WordHash
{
    public const uint Seed = 2166136261u;

    public static uint Add(uint hash, char c) => (hash ^ c) * 16777619u;

    public static int Of(ReadOnlySpan<char> word)
    {
        var hash = Seed;
        foreach (var c in word)
        {
            hash = Add(hash, c);
        }

        return (int)hash;
    }
}

/// <summary>
/// A read-only table from canonical words to values, probed with a <see cref="WordHash"/> the caller already has.
/// Open addressing over slots of eight bytes (the hash and the entry's number), and the words themselves side by side
/// in one array: a lexicon's table stays in the processor's nearest caches, a miss costs one read and a comparison of
/// two integers, and a hit compares characters that are close together rather than a string somewhere on the heap.
/// </summary>
public sealed class WordMap<T>
{
    private readonly long[] _slots;
    private readonly char[] _letters;

    /// <summary>Where each entry's word starts in <see cref="_letters"/>; one more at the end.</summary>
    private readonly int[] _starts;
    private readonly T[] _values;
    private readonly int _mask;

    public WordMap(IReadOnlyCollection<KeyValuePair<string, T>> entries)
    {
        var size = 4;
        while (size < entries.Count * 2)
        {
            size *= 2;
        }

        _slots = new long[size];
        _mask = size - 1;
        _letters = new char[entries.Sum(e => e.Key.Length)];
        _starts = new int[entries.Count + 1];
        _values = new T[entries.Count];
        var count = 0;
        foreach (var (word, value) in entries)
        {
            var hash = WordHash.Of(word);
            if (IndexOf(word, hash) >= 0)
            {
                throw new ArgumentException($"The word '{word}' is in the table twice.", nameof(entries));
            }

            var index = hash & _mask;
            while (_slots[index] != 0)
            {
                index = (index + 1) & _mask;
            }

            word.CopyTo(_letters.AsSpan(_starts[count]));
            _starts[count + 1] = _starts[count] + word.Length;
            _values[count] = value;
            count++;
            _slots[index] = ((long)hash << 32) | (uint)count;
        }
    }

    public int Count => _values.Length;

    /// <summary>The value of entry <paramref name="entry"/> (a number <see cref="IndexOf"/> gave).</summary>
    public T this[int entry] => _values[entry];

    /// <summary>The value of <paramref name="word"/>, whose <see cref="WordHash"/> is <paramref name="hash"/>; default when absent.</summary>
    public T? Find(ReadOnlySpan<char> word, int hash) => IndexOf(word, hash) is var entry and >= 0 ? _values[entry] : default;

    /// <summary>Where <paramref name="word"/> is among the entries, in the order they were given; −1 when absent.</summary>
    public int IndexOf(ReadOnlySpan<char> word, int hash)
    {
        var slots = _slots;
        var index = hash & _mask;
        var wanted = (long)hash << 32;
        while (slots[index] is var slot and not 0)
        {
            // The high half is the hash, the low half the entry's number from 1 (0 is an empty slot).
            if ((slot & ~0xFFFFFFFFL) == wanted)
            {
                var entry = (int)slot - 1;
                var start = _starts[entry];
                if (word.SequenceEqual(_letters.AsSpan(start, _starts[entry + 1] - start)))
                {
                    return entry;
                }
            }

            index = (index + 1) & _mask;
        }

        return -1;
    }
}
