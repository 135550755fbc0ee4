using System.Globalization;
using System.Text.Json;
using LaoCaiFanpage.Contracts.Accounts;
using LaoCaiFanpage.Grains.Notifications;
using LaoCaiFanpage.Silo.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace LaoCaiFanpage.Silo.Notifications;

/// <summary>
/// A person's own side of notifications — browser push subscriptions, channels per kind, the notification list —
/// and the administrators' view of every delivery (the profile and e-mail they go to: Accounts/ProfileApi).
/// </summary>
public static class NotificationsApi
{
    public const int MaxList = 200;

    public static IEndpointRouteBuilder MapNotificationsApi(this IEndpointRouteBuilder routes)
    {
        var me = routes.MapGroup("/api/me").WithTags("Me").RequireAuthorization(AccessPolicies.OwnAccount).DisableAntiforgery();
        me.MapGet("/push/public-key", PublicKey).WithSummary("The service's VAPID public key for browser push");
        me.MapGet("/push-subscriptions", ListSubscriptions).WithSummary("The caller's browser push subscriptions");
        me.MapPost("/push-subscriptions", Subscribe).WithSummary("Subscribes a browser to push notifications");
        me.MapDelete("/push-subscriptions/{id}", Unsubscribe).WithSummary("Removes one of the caller's push subscriptions");
        me.MapGet("/notification-settings", GetSettings).WithSummary("The channels (e-mail, push) the caller chose for each kind of notice");
        me.MapPut("/notification-settings", PutSettings).WithSummary("Chooses the channels for each kind of notice (crisis alerts cannot be switched off)");
        me.MapGet("/notifications", ListMine).WithSummary("The caller's notifications, newest first, with the unread count");
        me.MapPost("/notifications/{id}/read", (string id, HttpContext context, NotificationStore store) => MarkRead(id, context, store)).WithSummary("Marks one notification read");
        me.MapPost("/notifications/read-all", (HttpContext context, NotificationStore store) => MarkRead(null, context, store)).WithSummary("Marks all the caller's notifications read");

        routes.MapGroup("/api/notifications").WithTags("Notifications").RequireAuthorization(AccessPolicies.Administer).MapGet("/", Search).WithSummary("Every delivery of notifications, by person, kind and status (administrators)");
        return routes;
    }

    public sealed record KindSetting(string Kind, string Name, bool Email, bool Push, bool Locked);

    public sealed record NotificationList(long Unread, IReadOnlyList<NotificationView> Items);

    public sealed record SubscriptionView(long Id, string Endpoint);

    private static Results<Ok<PublicKeyView>, ProblemHttpResult> PublicKey(IOptionsMonitor<WebPushOptions> push) =>
        push.CurrentValue.Configured
            ? TypedResults.Ok(new PublicKeyView(push.CurrentValue.PublicKey!))
            : Problems.NotFound("Chưa cấu hình thông báo đẩy / Push not configured", "This service has no VAPID keys (Notifications:Push:PublicKey and PrivateKey).");

    public sealed record PublicKeyView(string PublicKey);

    private static async Task<Results<Ok<SubscriptionView[]>, ProblemHttpResult>> ListSubscriptions(HttpContext context, IAccountDirectory accounts, NotificationStore store)
    {
        if (await Own(context, accounts) is not { } user)
        {
            return NoAccount();
        }

        return TypedResults.Ok((await store.Subscriptions(user.Id, context.RequestAborted)).Select(s => new SubscriptionView(s.Id, s.Endpoint)).ToArray());
    }

    /// <summary>A browser's PushSubscription as JSON: <c>{"endpoint", "keys": {"p256dh", "auth"}}</c>.</summary>
    private static async Task<Results<Created<SubscriptionView>, ProblemHttpResult>> Subscribe(
        HttpContext context, IAccountDirectory accounts, NotificationStore store, IOptionsMonitor<WebPushOptions> push)
    {
        var body = await CommandBody.Read(context.Request, context.RequestAborted);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var settings = push.CurrentValue;
        if (!settings.Configured)
        {
            return Problems.NotFound("Chưa cấu hình thông báo đẩy / Push not configured", "This service has no VAPID keys; no browser can subscribe.");
        }

        var endpointText = body.Text("endpoint");
        if (endpointText is not { Length: > 0 and <= 2048 } || !Uri.TryCreate(endpointText, UriKind.Absolute, out var endpoint))
        {
            return Problems.InvalidParameter("endpoint must be the subscription's absolute URL (at most 2048 characters).");
        }

        if (!settings.Accepts(endpoint))
        {
            return Problems.BadRequest("Dịch vụ đẩy không được chấp nhận / Push service not allowed",
                $"The endpoint's host '{Problems.Quote(endpoint.Host)}' is not a push service this installation sends to (the browsers' own, and Notifications:Push:ExtraHosts).");
        }

        var keys = body.Root.TryGetProperty("keys", out var k) && k.ValueKind == JsonValueKind.Object ? k : default;
        var p256dh = keys.ValueKind == JsonValueKind.Object && keys.TryGetProperty("p256dh", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
        var auth = keys.ValueKind == JsonValueKind.Object && keys.TryGetProperty("auth", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null;
        if (!WebPushOptions.IsKey(p256dh, 65, 0x04) || !WebPushOptions.IsKey(auth, 16))
        {
            return Problems.InvalidParameter("keys.p256dh must be a P-256 public key (65 bytes, base64url) and keys.auth a 16-byte secret (base64url).");
        }

        if (await Own(context, accounts) is not { } user)
        {
            return NoAccount();
        }

        var id = await store.Subscribe(user.Id, endpoint.AbsoluteUri, p256dh!, auth!, context.Request.Headers.UserAgent.ToString(), context.RequestAborted);
        return TypedResults.Created($"/api/me/push-subscriptions/{id}", new SubscriptionView(id, endpoint.AbsoluteUri));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Unsubscribe(string id, HttpContext context, IAccountDirectory accounts, NotificationStore store)
    {
        if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var subscription))
        {
            return Problems.InvalidParameter("The subscription id is a number.");
        }

        if (await Own(context, accounts) is not { } user)
        {
            return NoAccount();
        }

        return await store.Unsubscribe(subscription, user.Id, "removed by its owner", context.RequestAborted)
            ? TypedResults.NoContent()
            : Problems.NotFound("Không tìm thấy đăng ký / No such subscription", $"You have no live push subscription {subscription}.");
    }

    private static async Task<Results<Ok<KindSetting[]>, ProblemHttpResult>> GetSettings(HttpContext context, IAccountDirectory accounts, NotificationStore store)
    {
        if (await Own(context, accounts) is not { } user)
        {
            return NoAccount();
        }

        var choices = await store.Choices(user.Username, context.RequestAborted);
        return TypedResults.Ok(Settings(user, choices));
    }

    /// <summary><c>{"case-assigned": {"email": true, "push": false}, …}</c>: the kinds named change, the others stay.</summary>
    private static async Task<Results<Ok<KindSetting[]>, ProblemHttpResult>> PutSettings(HttpContext context, IAccountDirectory accounts, NotificationStore store)
    {
        var body = await CommandBody.Read(context.Request, context.RequestAborted);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        if (await Own(context, accounts) is not { } user)
        {
            return NoAccount();
        }

        var current = await store.Choices(user.Username, context.RequestAborted);
        var changed = new Dictionary<string, ChannelChoice>(StringComparer.Ordinal);
        foreach (var property in body.Root.EnumerateObject())
        {
            if (!NoticeKinds.All.Contains(property.Name))
            {
                return Problems.InvalidParameter($"'{Problems.Quote(property.Name)}' is not a kind of notification; the kinds are {string.Join(", ", NoticeKinds.All)}.");
            }

            if (property.Value.ValueKind != JsonValueKind.Object
                || property.Value.EnumerateObject().Any(c => c.Name is not ("email" or "push") || c.Value.ValueKind is not (JsonValueKind.True or JsonValueKind.False)))
            {
                return Problems.InvalidParameter($"{property.Name} must be an object with boolean email and/or push.");
            }

            var before = current[property.Name];
            var choice = new ChannelChoice(
                property.Value.TryGetProperty("email", out var e) ? e.GetBoolean() : before.Email,
                property.Value.TryGetProperty("push", out var p) ? p.GetBoolean() : before.Push);
            if (Locked(user, property.Name) && choice != ChannelChoice.Every)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Không thể tắt cảnh báo khủng hoảng / Crisis alerts stay on",
                    detail: $"A crisis officer receives '{property.Name}' on every channel (R8.4d); it cannot be switched off.");
            }

            changed[property.Name] = choice;
        }

        await store.SetChoices(user.Id, changed, context.RequestAborted);
        return TypedResults.Ok(Settings(user, await store.Choices(user.Username, context.RequestAborted)));
    }

    private static async Task<Results<Ok<NotificationList>, ProblemHttpResult>> ListMine(HttpContext context, NotificationStore store)
    {
        var query = context.Request.Query;
        if (!QueryNumber.TryRead(query["limit"], 50, MaxList, out var limit))
        {
            return Problems.InvalidParameter($"limit is a whole number from 1 to {MaxList}.");
        }

        long? before = null;
        if (query["before"].ToString() is { Length: > 0 } text)
        {
            if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                return Problems.InvalidParameter("before is a notification id (a number).");
            }

            before = id;
        }

        var unreadOnly = query["unread"].ToString() switch
        {
            "" or "false" => (bool?)false,
            "true" => true,
            _ => null,
        };
        if (unreadOnly is null)
        {
            return Problems.InvalidParameter("unread is true or false.");
        }

        var (items, unread) = await store.ForUser(context.User.Identity!.Name!, unreadOnly.Value, limit, before, context.RequestAborted);
        return TypedResults.Ok(new NotificationList(unread, items));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> MarkRead(string? id, HttpContext context, NotificationStore store)
    {
        long? one = null;
        if (id is not null)
        {
            if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                return Problems.InvalidParameter("The notification id is a number.");
            }

            one = parsed;
        }

        return await store.MarkRead(context.User.Identity!.Name!, one, context.RequestAborted)
            ? TypedResults.NoContent()
            : Problems.NotFound("Không tìm thấy thông báo / No such notification", $"You have no notification {id}.");
    }

    private static async Task<Results<Ok<NotificationView[]>, ProblemHttpResult>> Search(HttpContext context, NotificationStore store)
    {
        var query = context.Request.Query;
        if (!QueryNumber.TryRead(query["limit"], MaxList, 1000, out var limit))
        {
            return Problems.InvalidParameter("limit is a whole number from 1 to 1000.");
        }

        var kind = query["kind"].ToString() is { Length: > 0 } k ? k : null;
        if (kind is not null && !NoticeKinds.All.Contains(kind))
        {
            return Problems.InvalidParameter($"kind is one of {string.Join(", ", NoticeKinds.All)}.");
        }

        var status = query["status"].ToString() is { Length: > 0 } s ? s : null;
        if (status is not (null or "pending" or "sent" or "failed"))
        {
            return Problems.InvalidParameter("status is pending, sent or failed.");
        }

        var user = query["user"].ToString() is { Length: > 0 } u ? Usernames.Normalize(u) : null;
        return TypedResults.Ok((await store.Search(user, kind, status, limit, context.RequestAborted)).ToArray());
    }

    private static KindSetting[] Settings(AccountView user, IReadOnlyDictionary<string, ChannelChoice> choices) =>
        [.. NoticeKinds.All.Select(k => Locked(user, k)
            ? new KindSetting(k, NoticeKinds.Vietnamese(k), true, true, true)
            : new KindSetting(k, NoticeKinds.Vietnamese(k), choices[k].Email, choices[k].Push, false))];

    /// <summary>R8.4d: a crisis officer cannot switch crisis alerts off.</summary>
    private static bool Locked(AccountView user, string kind) => NoticeKinds.IsUrgent(kind) && user.Roles.Contains(Roles.CrisisOfficer);

    private static async Task<AccountView?> Own(HttpContext context, IAccountDirectory accounts) =>
        await accounts.Find(context.User.Identity!.Name!, context.RequestAborted);

    private static ProblemHttpResult NoAccount() =>
        Problems.Forbidden("Không có quyền / Forbidden", "This session belongs to no person's account.");
}
