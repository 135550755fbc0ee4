using System.Text;
using LaoCaiFanpage.Grains.Content;

namespace LaoCaiFanpage.Grains.Threads;

/// <summary>
/// The search over what citizens wrote and their names, insensitive to case and Vietnamese marks ("duong" finds
/// "đường", "NGUYEN" finds "Nguyễn"). The service folds the text once, when the case is projected, and folds the
/// query the same way; each profile's full-text index (SQLite FTS5, PostgreSQL's GIN over a 'simple' tsvector)
/// then matches bare words, so both find the same cases and neither depends on a database extension.
/// </summary>
public static class CaseSearch
{
    /// <summary>Folded characters indexed per case: a long Messenger conversation is searched by its first pages.</summary>
    public const int MaxIndexedLength = 20_000;

    public const int MaxQueryLength = 200;

    public const int MaxTerms = 8;

    /// <summary>The citizens' messages (as they read now) and their names, folded; empty when nothing is searchable.</summary>
    public static string TextOf(CommentThreadState state)
    {
        var text = new StringBuilder();
        foreach (var name in state.Messages.Values.Where(m => !m.IsPage).Select(m => m.AuthorName).Where(n => !string.IsNullOrWhiteSpace(n)).Distinct(StringComparer.Ordinal))
        {
            text.Append(name).Append('\n');
        }

        foreach (var message in state.Messages.Values.Where(m => !m.IsPage).OrderBy(m => m.CreatedAt ?? m.ReceivedAt))
        {
            if (text.Length >= MaxIndexedLength)
            {
                break;
            }

            text.Append(message.CurrentText).Append('\n');
        }

        return Fold(text.Length > MaxIndexedLength ? text.ToString(0, MaxIndexedLength) : text.ToString());
    }

    /// <summary>The same, from the catalogue's rows (cases projected before the search existed).</summary>
    public static string TextOf(IEnumerable<string?> names, IEnumerable<string?> texts)
    {
        var joined = string.Join('\n', names.Where(n => !string.IsNullOrWhiteSpace(n)).Distinct(StringComparer.Ordinal).Concat(texts.Where(t => t is not null)));
        return Fold(joined.Length > MaxIndexedLength ? joined[..MaxIndexedLength] : joined);
    }

    /// <summary>The words of a query, folded: letters and digits only, so nothing in them is search syntax.</summary>
    public static IReadOnlyList<string> Terms(string query)
    {
        var folded = VietnameseLetters.FoldText(query);
        var terms = new List<string>();
        var word = new StringBuilder();
        foreach (var c in folded.Append(' '))
        {
            if (char.IsLetterOrDigit(c))
            {
                word.Append(c);
                continue;
            }

            if (word.Length > 0 && !terms.Contains(word.ToString(), StringComparer.Ordinal))
            {
                terms.Add(word.Length > 64 ? word.ToString(0, 64) : word.ToString());
            }

            word.Clear();
        }

        return terms;
    }

    /// <summary>SQLite FTS5: every word, each as a prefix ("duong" also finds "duongs"; "ngu" finds "nguyen").</summary>
    public static string Fts5Match(IReadOnlyList<string> terms) => string.Join(' ', terms.Select(t => "\"" + t + "\"*"));

    /// <summary>PostgreSQL: the same words as a tsquery of prefixes joined by AND.</summary>
    public static string TsQuery(IReadOnlyList<string> terms) => string.Join(" & ", terms.Select(t => t + ":*"));

    private static string Fold(string text) => VietnameseLetters.FoldText(text).Trim();
}
