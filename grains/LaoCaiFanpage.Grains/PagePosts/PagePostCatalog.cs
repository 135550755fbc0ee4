using System.Globalization;
using LaoCaiFanpage.Contracts.Threads;
using LaoCaiFanpage.Grains.Storage;

namespace LaoCaiFanpage.Grains.PagePosts;

public sealed record PagePostSummary(string Id, string PageId, string Status, string StatusLabel, int Category, string Authority, string? Preview, string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>One line of the content calendar: when the post goes (or went) out, and where it stands.</summary>
public sealed record CalendarEntry(string Id, string Status, string StatusLabel, int Category, string? Preview, DateTimeOffset? PublishAt,
    DateTimeOffset? PublishedAt, DateTimeOffset At, string CreatedBy);

public sealed record PagePostPage(IReadOnlyList<PagePostSummary> Items, int Page, int PageSize, int Total);

/// <summary>The list of the Office's page posts (0006-page-posts.sql): written by each post grain after it stores a change.</summary>
public sealed class PagePostCatalog(FanpageDatabase database, WriteGate gate)
{
    private const int PreviewLength = 500;

    public Task Project(string id, PagePostState post) => gate.Run(async () =>
    {
        await using var connection = await database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO page_post (post_id, page_id, status, category, authority, preview, created_by, created_at, updated_at, publish_at, published_at)
            VALUES (@id, @page, @status, @category, @authority, @preview, @by, @created, @updated, @publishAt, @publishedAt)
            ON CONFLICT (post_id) DO UPDATE SET status = excluded.status, category = excluded.category,
                authority = excluded.authority, preview = excluded.preview, updated_at = excluded.updated_at,
                publish_at = excluded.publish_at, published_at = excluded.published_at
            """;
        var text = post.Drafts.Count > 0 ? post.Drafts[^1].Text : null;
        command.AddParameter("@id", id);
        command.AddParameter("@page", post.PageId);
        command.AddParameter("@status", post.Status);
        command.AddParameter("@category", post.Category ?? 0);
        command.AddParameter("@authority", post.Authority ?? "office");
        command.AddParameter("@preview", (text is { Length: > PreviewLength } ? text[..PreviewLength] : text));
        command.AddParameter("@by", post.CreatedBy);
        command.AddParameter("@created", post.CreatedAt.ToUnixTimeMilliseconds());
        command.AddParameter("@updated", post.UpdatedAt.ToUnixTimeMilliseconds());
        command.AddParameter("@publishAt", post.PublishAt?.ToUnixTimeMilliseconds());
        // When it first went out: a later correction does not move it on the calendar.
        command.AddParameter("@publishedAt", (post.Versions.Count > 0 ? post.Versions[0].At : post.Publication?.PublishedAt)?.ToUnixTimeMilliseconds());
        await command.ExecuteNonQueryAsync();
    });

    /// <summary>
    /// The content calendar: posts going out (scheduled) or gone out (published) between the two instants, and
    /// posts still in the chain with a time chosen in that window; by that time.
    /// </summary>
    public async Task<IReadOnlyList<CalendarEntry>> Calendar(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT post_id, status, category, preview, publish_at, published_at, created_by FROM page_post
            WHERE status <> 'closed' AND COALESCE(published_at, publish_at) >= @from AND COALESCE(published_at, publish_at) < @to
            ORDER BY COALESCE(published_at, publish_at) LIMIT 1000
            """;
        command.AddParameter("@from", from.ToUnixTimeMilliseconds());
        command.AddParameter("@to", to.ToUnixTimeMilliseconds());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var entries = new List<CalendarEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            DateTimeOffset? At(int i) => reader.IsDBNull(i) ? null : DateTimeOffset.FromUnixTimeMilliseconds(Convert.ToInt64(reader.GetValue(i), CultureInfo.InvariantCulture));
            var status = reader.GetString(1);
            entries.Add(new CalendarEntry(reader.GetString(0), status, CaseStatus.Vietnamese(status),
                Convert.ToInt32(reader.GetValue(2), CultureInfo.InvariantCulture), reader.IsDBNull(3) ? null : reader.GetString(3),
                At(4), At(5), (At(5) ?? At(4))!.Value, reader.GetString(6)));
        }

        return entries;
    }

    public async Task<bool> Exists(string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1 FROM page_post WHERE post_id = @id";
        command.AddParameter("@id", id);
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    /// <summary>Newest change first; <paramref name="status"/> null lists all.</summary>
    public async Task<PagePostPage> List(string? status, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM page_post WHERE @status IS NULL OR status = @status";
        count.AddParameter("@status", status);
        var total = Convert.ToInt32(await count.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);

        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT post_id, page_id, status, category, authority, preview, created_by, created_at, updated_at FROM page_post
            WHERE @status IS NULL OR status = @status ORDER BY updated_at DESC, post_id LIMIT @limit OFFSET @offset
            """;
        command.AddParameter("@status", status);
        command.AddParameter("@limit", pageSize);
        command.AddParameter("@offset", (long)(page - 1) * pageSize);
        var items = new List<PagePostSummary>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var itemStatus = reader.GetString(2);
            items.Add(new PagePostSummary(reader.GetString(0), reader.GetString(1), itemStatus, CaseStatus.Vietnamese(itemStatus),
                reader.GetInt32(3), reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetString(6),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(7)), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(8))));
        }

        return new PagePostPage(items, page, pageSize, total);
    }
}
