using System.Globalization;
using System.Text;
using LaoCaiFanpage.Grains.Content;

namespace LaoCaiFanpage.Grains.Impostors;

/// <summary>
/// A page name reduced to what a reader sees: Unicode compatibility forms undone ("𝐔𝐁𝐍𝐃" → "UBND"), case and
/// Vietnamese diacritics folded ("đ" by hand: it has no decomposition), look-alike letters of other scripts mapped
/// through their confusable skeleton, decoration dropped, and the usual abbreviations written out
/// ("UBND" → "uy ban nhan dan").
/// </summary>
public sealed record PageName(
    string Original,
    IReadOnlyList<string> Words,
    IReadOnlyList<string> Expanded,
    bool Decorated,
    bool LookAlikeLetters,
    bool Emoji,
    bool Badge)
{
    /// <summary>The words glued together ("ubndtinhlaocai"): names glued in usernames or hashtags compare with it.</summary>
    public string Compact { get; } = string.Concat(Words);

    /// <summary>The written-out words glued together.</summary>
    public string CompactExpanded { get; } = string.Concat(Expanded);

    public static PageName Of(string? name)
    {
        var original = WellFormed(name ?? string.Empty);
        var composed = original.Normalize(NormalizationForm.FormC);
        var compatible = original.Normalize(NormalizationForm.FormKC);
        var decorated = !string.Equals(composed, compatible, StringComparison.Ordinal);

        // Fold first (it maps Vietnamese letters and removes their marks), then the skeleton maps what is left
        // of other scripts; the skeleton may bring back capitals ("0" → "O") and marks, so fold once more.
        var folded = VietnameseLetters.FoldText(compatible);
        var skeleton = VietnameseLetters.FoldText(ConfusableSkeleton.Of(folded));

        var words = SplitWords(skeleton);
        return new PageName(original, words, PageNameVocabulary.Expand(words), decorated, HasLookAlikes(compatible), HasEmoji(original), HasBadge(original));
    }

    /// <summary>
    /// The text with any lone surrogate (not text, and fatal to normalisation) replaced by U+FFFD: the UTF-8 encoder
    /// already does exactly that, so a round trip through it is the whole repair.
    /// </summary>
    private static string WellFormed(string text) =>
        text.AsSpan().ContainsAnyInRange('\uD800', '\uDFFF') ? Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text)) : text;

    /// <summary>Letters and digits in runs; everything else separates words.</summary>
    public static IReadOnlyList<string> SplitWords(string text)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        foreach (var c in text)
        {
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9')
            {
                current.Append(c);
            }
            else if (current.Length > 0)
            {
                words.Add(current.ToString());
                current.Clear();
            }
        }

        if (current.Length > 0)
        {
            words.Add(current.ToString());
        }

        return words;
    }

    /// <summary>Letters outside the Latin blocks (Cyrillic "а", Greek "Ο"…) in a name that otherwise reads as Latin.</summary>
    private static bool HasLookAlikes(string text)
    {
        var latin = 0;
        var other = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (!Rune.IsLetter(rune))
            {
                continue;
            }

            if (rune.Value < 0x0250 || rune.Value is >= 0x1E00 and <= 0x1EFF)
            {
                latin++;
            }
            else
            {
                other++;
            }
        }

        return latin > 0 && other > 0;
    }

    private static bool HasEmoji(string text)
    {
        foreach (var rune in text.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (category == UnicodeCategory.OtherSymbol || (rune.Value >= 0x1F000 && category != UnicodeCategory.MathSymbol && !Rune.IsLetterOrDigit(rune)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Check marks and blue circles that imitate Meta's verified badge.</summary>
    private static bool HasBadge(string text) =>
        text.EnumerateRunes().Any(r => r.Value is 0x2713 or 0x2714 or 0x2705 or 0x2611 or 0x1F535 or 0x1F537 or 0x2611 or 0x1F499);
}
