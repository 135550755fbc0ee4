namespace LaoCaiFanpage.Grains.Notifications;

/// <summary>
/// Something people must be told, as a grain stores it with the state change that caused it. The database copies
/// it into notification_event inside the same write (0010-notifications.sql: property names are the trigger's
/// contract — source, seq, kind, at), and the host's dispatcher decides who receives it and on which channels.
/// </summary>
/// <param name="Source">What raised it (<c>case/{id}</c>, <c>crisis/{id}</c>…); with <paramref name="Seq"/>, its unique key.</param>
/// <param name="Subject">The case's or crisis's id, as the notification names it.</param>
/// <param name="Link">The page to open, relative to the service (<c>/cases/{id}</c>).</param>
/// <param name="DueAt">What is due and when (Unix ms), if anything.</param>
/// <param name="Readers">For a case: the units whose officers may read it. A unit-bound account outside them never receives it.</param>
/// <param name="Officers">Units whose officers (UnitOfficer) must hear of it.</param>
/// <param name="Heads">Units whose heads (UnitHead) must hear of it.</param>
/// <param name="Roles">Roles whose every holder must hear of it.</param>
/// <param name="Users">Named accounts that must hear of it.</param>
public sealed record PendingNotice(
    long Seq,
    long At,
    string Kind,
    string Source,
    string Subject,
    string Title,
    string Body,
    string Link,
    long? DueAt,
    IReadOnlyList<string>? Readers,
    IReadOnlyList<string> Officers,
    IReadOnlyList<string> Heads,
    IReadOnlyList<string> Roles,
    IReadOnlyList<string> Users);

/// <summary>A grain state that can carry notices (written with it, copied by the database's trigger).</summary>
public interface INoticeSource
{
    /// <summary>The notices of the change this state was last written for.</summary>
    List<PendingNotice> PendingNotices { get; set; }

    /// <summary>The last notice sequence number this source used.</summary>
    long NoticeSeq { get; set; }
}

/// <summary>Who must hear of a notice, as a builder; everything empty by default.</summary>
public sealed record NoticeAudience(
    IReadOnlyList<string>? Readers = null,
    IReadOnlyList<string>? Officers = null,
    IReadOnlyList<string>? Heads = null,
    IReadOnlyList<string>? Roles = null,
    IReadOnlyList<string>? Users = null);

public static class NoticeSourceExtensions
{
    /// <summary>Adds a notice to the state's next write.</summary>
    public static void Notice(this INoticeSource state, string source, string kind, DateTimeOffset now, string subject, string title, string body, string link,
        DateTimeOffset? dueAt, NoticeAudience audience)
    {
        state.PendingNotices.Add(new PendingNotice(++state.NoticeSeq, now.ToUnixTimeMilliseconds(), kind, source, subject, title, body, link,
            dueAt?.ToUnixTimeMilliseconds(), audience.Readers, audience.Officers ?? [], audience.Heads ?? [], audience.Roles ?? [], audience.Users ?? []));
    }
}
