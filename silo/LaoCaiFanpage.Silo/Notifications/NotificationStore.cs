using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using LaoCaiFanpage.Contracts.Accounts;
using LaoCaiFanpage.Grains.Notifications;
using LaoCaiFanpage.Grains.Storage;

namespace LaoCaiFanpage.Silo.Notifications;

/// <summary>A notification as its recipient (or an administrator) reads it.</summary>
public sealed record NotificationView(
    long Id, string Username, string Kind, string Subject, string Title, string Body, string Link, DateTimeOffset? DueAt, bool Urgent,
    DateTimeOffset CreatedAt, DateTimeOffset? ReadAt, IReadOnlyList<DeliveryView> Channels);

/// <summary>One channel's delivery of a notification: pending, sent, or failed with the reason.</summary>
public sealed record DeliveryView(string Channel, string Status, int Attempts, DateTimeOffset NextAttemptAt, DateTimeOffset? SentAt, string? LastError);

/// <summary>A delivery that is due, with what it must say.</summary>
public sealed record DueDelivery(
    long Id, string Channel, string Target, int Attempts, long NotificationId, string Kind, string Subject, string Title, string Body, string Link,
    DateTimeOffset? DueAt, bool Urgent, string Username, string? DisplayName, PushTarget? Subscription);

/// <summary>A notification just written, for the live bell.</summary>
public sealed record CreatedNotification(long Id, string Username, string Kind, string Title, string Link, bool Urgent, DateTimeOffset At);

/// <summary>
/// The notification tables (0010-notifications.sql / 0012): events the grains wrote, the notifications and
/// deliveries made of them, people's channel choices and browser subscriptions. Writes queue behind the database's
/// other writers; on PostgreSQL the silos share the work with SKIP LOCKED and delivery leases.
/// </summary>
public sealed class NotificationStore(FanpageDatabase database, WriteGate gate, TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = JsonGrainStateSerializer.Options;

    /// <summary>
    /// Turns up to <paramref name="limit"/> pending events into notifications and deliveries, in one transaction;
    /// returns how many events it took and the notifications it wrote.
    /// </summary>
    public async Task<(int Events, IReadOnlyList<CreatedNotification> Created)> ExpandPending(NotificationPlanner planner, int limit, CancellationToken cancellationToken)
    {
        var created = new List<CreatedNotification>();
        var expanded = 0;
        await gate.Run(async () =>
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var events = new List<(long Id, string Payload)>();
            await using (var select = Command(connection, transaction, $"""
                SELECT id, payload FROM notification_event WHERE expanded_at IS NULL ORDER BY id LIMIT @limit
                {(database.Dialect == SqlDialect.Postgres ? "FOR UPDATE SKIP LOCKED" : string.Empty)}
                """, ("@limit", (long)limit)))
            await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    events.Add((reader.GetInt64(0), reader.GetString(1)));
                }
            }

            expanded = events.Count;
            if (events.Count == 0)
            {
                return;
            }

            var accounts = await ReadAccounts(connection, transaction, cancellationToken);
            var choices = await ReadChoices(connection, transaction, cancellationToken);
            var subscriptions = await ReadSubscriptions(connection, transaction, null, cancellationToken);
            var now = time.GetUtcNow();
            foreach (var (eventId, payload) in events)
            {
                var notice = JsonSerializer.Deserialize<PendingNotice>(payload, Json);
                if (notice is not null)
                {
                    foreach (var plan in planner.Plan(notice, accounts, (user, kind) => choices.GetValueOrDefault((user, kind), ChannelChoice.Every), subscriptions, now))
                    {
                        if (await Insert(connection, transaction, eventId, notice, plan, now, cancellationToken) is { } id)
                        {
                            created.Add(new CreatedNotification(id, plan.Account.Username, notice.Kind, notice.Title, notice.Link, NoticeKinds.IsUrgent(notice.Kind), now));
                        }
                    }
                }

                await Execute(connection, transaction, "UPDATE notification_event SET expanded_at = @now WHERE id = @id", cancellationToken,
                    ("@now", now.ToUnixTimeMilliseconds()), ("@id", eventId));
            }

            await transaction.CommitAsync(cancellationToken);
        }, cancellationToken);
        return (expanded, created);
    }

    /// <summary>Writes an event the host itself raises (the daily summary); false when it exists already.</summary>
    public Task<bool> AddEvent(PendingNotice notice, CancellationToken cancellationToken) =>
        gate.Run(async () =>
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            await using var insert = Command(connection, null, """
                INSERT INTO notification_event (source, source_seq, kind, created_at, payload) VALUES (@source, @seq, @kind, @at, @payload)
                ON CONFLICT (source, source_seq) DO NOTHING
                """, ("@source", notice.Source), ("@seq", notice.Seq), ("@kind", notice.Kind), ("@at", notice.At), ("@payload", JsonSerializer.Serialize(notice, Json)));
            return await insert.ExecuteNonQueryAsync(cancellationToken) > 0;
        }, cancellationToken);

    /// <summary>Claims up to <paramref name="limit"/> deliveries that are due for <paramref name="lease"/> (no other host sends them meanwhile).</summary>
    public async Task<IReadOnlyList<DueDelivery>> ClaimDue(string host, TimeSpan lease, int limit, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var due = new List<DueDelivery>();
        await using (var connection = await database.OpenAsync(cancellationToken))
        await using (var select = Command(connection, null, """
            SELECT d.id, d.channel, d.target, d.attempts, n.id, n.kind, n.subject, n.title, n.body, n.link, n.due_at, n.urgent, u.username, u.display_name,
                   s.id, s.user_id, s.endpoint, s.p256dh, s.auth
            FROM notification_delivery d
            JOIN notification n ON n.id = d.notification_id
            JOIN app_user u ON u.id = n.user_id
            LEFT JOIN push_subscription s ON s.id = d.subscription_id
            WHERE d.status = 'pending' AND d.next_attempt_at <= @now AND (d.claimed_until IS NULL OR d.claimed_until < @now)
            ORDER BY d.next_attempt_at, d.id
            LIMIT @limit
            """, ("@now", now), ("@limit", (long)limit)))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                due.Add(new DueDelivery(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3), reader.GetInt64(4), reader.GetString(5),
                    reader.GetString(6), reader.GetString(7), reader.GetString(8), reader.GetString(9), reader.GetInstant(10), reader.GetBoolean(11),
                    reader.GetString(12), reader.IsDBNull(13) ? null : reader.GetString(13),
                    reader.IsDBNull(14) ? null : new PushTarget(reader.GetInt64(14), reader.GetInt64(15), reader.GetString(16), reader.GetString(17), reader.GetString(18))));
            }
        }

        if (due.Count == 0)
        {
            return due;
        }

        var claimed = new List<DueDelivery>();
        await gate.Run(async () =>
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            foreach (var delivery in due)
            {
                await using var claim = Command(connection, null, """
                    UPDATE notification_delivery SET claimed_by = @host, claimed_until = @until
                    WHERE id = @id AND status = 'pending' AND (claimed_until IS NULL OR claimed_until < @now)
                    """, ("@host", host), ("@until", now + (long)lease.TotalMilliseconds), ("@id", delivery.Id), ("@now", now));
                if (await claim.ExecuteNonQueryAsync(cancellationToken) == 1)
                {
                    claimed.Add(delivery);
                }
            }
        }, cancellationToken);
        return claimed;
    }

    /// <summary>Records the outcome of one attempt: sent; or tried again after <paramref name="retryAfter"/>; or failed for good.</summary>
    public Task Record(long deliveryId, string? error, TimeSpan? retryAfter, CancellationToken cancellationToken) =>
        gate.Run(async () =>
        {
            var now = time.GetUtcNow();
            await using var connection = await database.OpenAsync(cancellationToken);
            await using var update = error is null
                ? Command(connection, null, """
                    UPDATE notification_delivery SET status = 'sent', attempts = attempts + 1, sent_at = @now, last_error = NULL, claimed_by = NULL, claimed_until = NULL
                    WHERE id = @id
                    """, ("@now", now.ToUnixTimeMilliseconds()), ("@id", deliveryId))
                : Command(connection, null, """
                    UPDATE notification_delivery SET status = @status, attempts = attempts + 1, last_error = @error, next_attempt_at = @next, claimed_by = NULL, claimed_until = NULL
                    WHERE id = @id
                    """, ("@status", retryAfter is null ? "failed" : "pending"), ("@error", error.Length > 500 ? error[..500] : error),
                    ("@next", (now + (retryAfter ?? TimeSpan.Zero)).ToUnixTimeMilliseconds()), ("@id", deliveryId));
            await update.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);

    /// <summary>On the embedded profile only this host sends: claims left by a host that died are void at start-up.</summary>
    public Task ReleaseClaims(CancellationToken cancellationToken) =>
        gate.Run(async () =>
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            await using var release = Command(connection, null, "UPDATE notification_delivery SET claimed_by = NULL, claimed_until = NULL WHERE status = 'pending' AND claimed_by IS NOT NULL");
            await release.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);

    /// <summary>The signed-in user's notifications, newest first.</summary>
    public async Task<(IReadOnlyList<NotificationView> Items, long Unread)> ForUser(string username, bool unreadOnly, int limit, long? before, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var items = await Query(connection, $"u.username = @user{(unreadOnly ? " AND n.read_at IS NULL" : string.Empty)}{(before is null ? string.Empty : " AND n.id < @before")}",
            limit, cancellationToken, ("@user", username), ("@before", before ?? 0L));
        await using var count = Command(connection, null, """
            SELECT COUNT(*) FROM notification n JOIN app_user u ON u.id = n.user_id WHERE u.username = @user AND n.read_at IS NULL
            """, ("@user", username));
        var unread = Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        return (items, unread);
    }

    /// <summary>Every notification, filtered, for administrators.</summary>
    public async Task<IReadOnlyList<NotificationView>> Search(string? username, string? kind, string? status, int limit, CancellationToken cancellationToken)
    {
        var where = new List<string> { "1 = 1" };
        if (username is not null)
        {
            where.Add("u.username = @user");
        }

        if (kind is not null)
        {
            where.Add("n.kind = @kind");
        }

        if (status is not null)
        {
            where.Add("EXISTS (SELECT 1 FROM notification_delivery x WHERE x.notification_id = n.id AND x.status = @status)");
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        return await Query(connection, string.Join(" AND ", where), limit, cancellationToken, ("@user", username), ("@kind", kind), ("@status", status));
    }

    /// <summary>Marks one of the user's notifications read (or all of them, <paramref name="id"/> null); false when it is not theirs.</summary>
    public Task<bool> MarkRead(string username, long? id, CancellationToken cancellationToken) =>
        gate.Run(async () =>
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            var now = time.GetUtcNow().ToUnixTimeMilliseconds();
            if (id is { } one)
            {
                await using var exists = Command(connection, null, "SELECT n.read_at FROM notification n JOIN app_user u ON u.id = n.user_id WHERE n.id = @id AND u.username = @user",
                    ("@id", one), ("@user", username));
                await using var reader = await exists.ExecuteReaderAsync(cancellationToken);
                if (!await reader.ReadAsync(cancellationToken))
                {
                    return false;
                }
            }

            await using var update = Command(connection, null, $"""
                UPDATE notification SET read_at = @now
                WHERE read_at IS NULL AND user_id = (SELECT id FROM app_user WHERE username = @user){(id is null ? string.Empty : " AND id = @id")}
                """, ("@now", now), ("@user", username), ("@id", id ?? 0L));
            await update.ExecuteNonQueryAsync(cancellationToken);
            return true;
        }, cancellationToken);

    public async Task<IReadOnlyDictionary<string, ChannelChoice>> Choices(string username, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var select = Command(connection, null, "SELECT s.kind, s.email, s.push FROM notification_setting s JOIN app_user u ON u.id = s.user_id WHERE u.username = @user",
            ("@user", username));
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        var found = new Dictionary<string, ChannelChoice>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            found[reader.GetString(0)] = new ChannelChoice(reader.GetBoolean(1), reader.GetBoolean(2));
        }

        return NoticeKinds.All.ToDictionary(k => k, k => found.GetValueOrDefault(k, ChannelChoice.Every), StringComparer.Ordinal);
    }

    public Task SetChoices(long userId, IReadOnlyDictionary<string, ChannelChoice> choices, CancellationToken cancellationToken) =>
        gate.Run(async () =>
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            foreach (var (kind, choice) in choices)
            {
                await Execute(connection, transaction, """
                    INSERT INTO notification_setting (user_id, kind, email, push) VALUES (@user, @kind, @email, @push)
                    ON CONFLICT (user_id, kind) DO UPDATE SET email = excluded.email, push = excluded.push
                    """, cancellationToken, ("@user", userId), ("@kind", kind), ("@email", choice.Email), ("@push", choice.Push));
            }

            await transaction.CommitAsync(cancellationToken);
        }, cancellationToken);

    /// <summary>Registers (or moves to this user) a browser's push subscription; returns its id.</summary>
    public Task<long> Subscribe(long userId, string endpoint, string p256dh, string auth, string? userAgent, CancellationToken cancellationToken) =>
        gate.Run(async () =>
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            await using var upsert = Command(connection, null, """
                INSERT INTO push_subscription (user_id, endpoint, p256dh, auth, user_agent, created_at) VALUES (@user, @endpoint, @p256dh, @auth, @ua, @now)
                ON CONFLICT (endpoint) DO UPDATE SET user_id = excluded.user_id, p256dh = excluded.p256dh, auth = excluded.auth,
                    user_agent = excluded.user_agent, created_at = excluded.created_at, removed_at = NULL, removed_reason = NULL
                RETURNING id
                """, ("@user", userId), ("@endpoint", endpoint), ("@p256dh", p256dh), ("@auth", auth),
                ("@ua", userAgent is { Length: > 512 } ua ? ua[..512] : userAgent), ("@now", time.GetUtcNow().ToUnixTimeMilliseconds()));
            return Convert.ToInt64(await upsert.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        }, cancellationToken);

    public async Task<IReadOnlyList<PushTarget>> Subscriptions(long userId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await ReadSubscriptions(connection, null, userId, cancellationToken);
    }

    /// <summary>Ends a subscription (its owner removed it, or the push service said it is gone); false when there is no such live one.</summary>
    public Task<bool> Unsubscribe(long subscriptionId, long? userId, string reason, CancellationToken cancellationToken) =>
        gate.Run(async () =>
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            await using var update = Command(connection, null, $"""
                UPDATE push_subscription SET removed_at = @now, removed_reason = @reason
                WHERE id = @id AND removed_at IS NULL{(userId is null ? string.Empty : " AND user_id = @user")}
                """, ("@now", time.GetUtcNow().ToUnixTimeMilliseconds()), ("@reason", reason), ("@id", subscriptionId), ("@user", userId ?? 0L));
            return await update.ExecuteNonQueryAsync(cancellationToken) > 0;
        }, cancellationToken);

    /// <summary>
    /// The clocks still open past their deadline at <paramref name="now"/>, per unit: how many, and the oldest deadline.
    /// By the deadline, not the clock's state: a clock whose reminder has not fired yet (just after a restart) counts too.
    /// </summary>
    public async Task<IReadOnlyList<(string Unit, long Count, DateTimeOffset Oldest)>> MissedByUnit(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var select = Command(connection, null, """
            SELECT unit, COUNT(*), MIN(deadline) FROM sla_clock WHERE completed_at IS NULL AND deadline <= @now GROUP BY unit ORDER BY COUNT(*) DESC, unit
            """, ("@now", now.ToUnixTimeMilliseconds()));
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        var rows = new List<(string, long, DateTimeOffset)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add((reader.GetString(0), reader.GetInt64(1), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2))));
        }

        return rows;
    }

    private static async Task<long?> Insert(DbConnection connection, DbTransaction transaction, long eventId, PendingNotice notice, PlannedNotification plan,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        long id;
        await using (var insert = Command(connection, transaction, """
            INSERT INTO notification (event_id, user_id, kind, subject, title, body, link, due_at, urgent, created_at)
            VALUES (@event, @user, @kind, @subject, @title, @body, @link, @due, @urgent, @now)
            ON CONFLICT (event_id, user_id) DO NOTHING
            RETURNING id
            """, ("@event", eventId), ("@user", plan.Account.Id), ("@kind", notice.Kind), ("@subject", notice.Subject), ("@title", notice.Title),
            ("@body", notice.Body), ("@link", notice.Link), ("@due", new OptionalNumber(notice.DueAt)), ("@urgent", NoticeKinds.IsUrgent(notice.Kind)), ("@now", now.ToUnixTimeMilliseconds())))
        {
            var value = await insert.ExecuteScalarAsync(cancellationToken);
            if (value is null or DBNull)
            {
                return null;
            }

            id = Convert.ToInt64(value, CultureInfo.InvariantCulture);
        }

        foreach (var delivery in plan.Deliveries)
        {
            await Execute(connection, transaction, """
                INSERT INTO notification_delivery (notification_id, channel, target, subscription_id, status, next_attempt_at)
                VALUES (@notification, @channel, @target, @subscription, 'pending', @next)
                ON CONFLICT (notification_id, channel, target) DO NOTHING
                """, cancellationToken, ("@notification", id), ("@channel", delivery.Channel), ("@target", delivery.Target),
                ("@subscription", new OptionalNumber(delivery.SubscriptionId)), ("@next", delivery.NotBefore.ToUnixTimeMilliseconds()));
        }

        return id;
    }

    private static async Task<IReadOnlyList<NotificationView>> Query(DbConnection connection, string where, int limit, CancellationToken cancellationToken,
        params (string Name, object? Value)[] parameters)
    {
        var rows = new List<(long Id, string User, string Kind, string Subject, string Title, string Body, string Link, DateTimeOffset? Due, bool Urgent, DateTimeOffset At, DateTimeOffset? Read)>();
        await using (var select = Command(connection, null, $"""
            SELECT n.id, u.username, n.kind, n.subject, n.title, n.body, n.link, n.due_at, n.urgent, n.created_at, n.read_at
            FROM notification n JOIN app_user u ON u.id = n.user_id
            WHERE {where}
            ORDER BY n.id DESC LIMIT @limit
            """, [.. parameters, ("@limit", (long)limit)]))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add((reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5), reader.GetString(6),
                    reader.GetInstant(7), reader.GetBoolean(8), reader.GetInstant(9)!.Value, reader.GetInstant(10)));
            }
        }

        var channels = new Dictionary<long, List<DeliveryView>>();
        if (rows.Count > 0)
        {
            await using var select = Command(connection, null, $"""
                SELECT notification_id, channel, status, attempts, next_attempt_at, sent_at, last_error FROM notification_delivery
                WHERE notification_id IN ({string.Join(',', rows.Select(r => r.Id.ToString(CultureInfo.InvariantCulture)))})
                ORDER BY id
                """);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var list = channels.TryGetValue(reader.GetInt64(0), out var found) ? found : channels[reader.GetInt64(0)] = [];
                list.Add(new DeliveryView(reader.GetString(1), reader.GetString(2), reader.GetInt32(3), reader.GetInstant(4)!.Value, reader.GetInstant(5),
                    reader.IsDBNull(6) ? null : reader.GetString(6)));
            }
        }

        return [.. rows.Select(r => new NotificationView(r.Id, r.User, r.Kind, r.Subject, r.Title, r.Body, r.Link, r.Due, r.Urgent, r.At, r.Read,
            [new DeliveryView(NotificationChannels.InApp, "sent", 1, r.At, r.At, null), .. channels.GetValueOrDefault(r.Id, [])]))];
    }

    private static async Task<IReadOnlyList<NotifiableAccount>> ReadAccounts(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var select = Command(connection, transaction, "SELECT id, username, display_name, roles, unit, email FROM app_user WHERE disabled_at IS NULL");
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        var accounts = new List<NotifiableAccount>();
        while (await reader.ReadAsync(cancellationToken))
        {
            accounts.Add(new NotifiableAccount(reader.GetInt64(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                [.. reader.GetString(3).Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Roles.Canonical).OfType<string>()],
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5)));
        }

        return accounts;
    }

    private static async Task<Dictionary<(long, string), ChannelChoice>> ReadChoices(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var select = Command(connection, transaction, "SELECT user_id, kind, email, push FROM notification_setting");
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        var choices = new Dictionary<(long, string), ChannelChoice>();
        while (await reader.ReadAsync(cancellationToken))
        {
            choices[(reader.GetInt64(0), reader.GetString(1))] = new ChannelChoice(reader.GetBoolean(2), reader.GetBoolean(3));
        }

        return choices;
    }

    private static async Task<IReadOnlyList<PushTarget>> ReadSubscriptions(DbConnection connection, DbTransaction? transaction, long? userId, CancellationToken cancellationToken)
    {
        await using var select = Command(connection, transaction, $"""
            SELECT id, user_id, endpoint, p256dh, auth FROM push_subscription WHERE removed_at IS NULL{(userId is null ? string.Empty : " AND user_id = @user")} ORDER BY id
            """, ("@user", userId ?? 0L));
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        var list = new List<PushTarget>();
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new PushTarget(reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3), reader.GetString(4)));
        }

        return list;
    }

    private static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            switch (value)
            {
                case null:
                    command.AddParameter<string?>(name, null);
                    break;
                case long number:
                    command.AddParameter(name, number);
                    break;
                case OptionalNumber optional:
                    command.AddParameter(name, optional.Value);
                    break;
                case bool flag:
                    command.AddParameter(name, flag);
                    break;
                default:
                    command.AddParameter(name, Convert.ToString(value, CultureInfo.InvariantCulture));
                    break;
            }
        }

        return command;
    }

    private static async Task Execute(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>A number that may be null, typed as one for PostgreSQL.</summary>
    private readonly record struct OptionalNumber(long? Value);
}
