using LaoCaiFanpage.Contracts.Accounts;
using LaoCaiFanpage.Grains.Notifications;
using LaoCaiFanpage.Grains.Sla;

namespace LaoCaiFanpage.Silo.Notifications;

/// <summary>An account as the planner sees it.</summary>
public sealed record NotifiableAccount(long Id, string Username, string? DisplayName, IReadOnlyList<string> Roles, string? Unit, string? Email);

/// <summary>A browser that asked to be reached (Web Push).</summary>
public sealed record PushTarget(long Id, long UserId, string Endpoint, string P256dh, string Auth);

/// <summary>One person's channels for one kind (the in-app list is always written: it is the record).</summary>
public sealed record ChannelChoice(bool Email, bool Push)
{
    public static ChannelChoice Every { get; } = new(true, true);
}

/// <summary>What to write for one recipient: the notification, and a delivery per channel with when it may go.</summary>
public sealed record PlannedNotification(NotifiableAccount Account, IReadOnlyList<PlannedDelivery> Deliveries);

public sealed record PlannedDelivery(string Channel, string Target, long? SubscriptionId, DateTimeOffset NotBefore);

public static class NotificationChannels
{
    public const string InApp = "in-app";
    public const string Email = "email";
    public const string Push = "push";
}

/// <summary>
/// Who receives a notice, and on which channels, decided as pure code: the people the notice names (by unit, role
/// or name) who may read what it is about, each on the channels they chose — except crisis alerts, which a crisis
/// officer cannot switch off — with non-urgent e-mail and push held for the next working session in quiet hours.
/// </summary>
public sealed class NotificationPlanner(WorkingCalendar calendar, NotificationOptions options, bool emailConfigured, bool pushConfigured)
{
    public IReadOnlyList<PlannedNotification> Plan(
        PendingNotice notice,
        IReadOnlyList<NotifiableAccount> accounts,
        Func<long, string, ChannelChoice> choiceOf,
        IReadOnlyList<PushTarget> subscriptions,
        DateTimeOffset now)
    {
        var urgent = NoticeKinds.IsUrgent(notice.Kind);
        var notBefore = urgent || !options.QuietHours ? now : calendar.NextWorkingInstant(now);
        var planned = new List<PlannedNotification>();
        foreach (var account in accounts.Where(a => IsAddressed(notice, a) && MayRead(notice, a)))
        {
            var forced = urgent && account.Roles.Contains(Roles.CrisisOfficer);
            var choice = forced ? ChannelChoice.Every : choiceOf(account.Id, notice.Kind);
            var deliveries = new List<PlannedDelivery>();
            if (emailConfigured && choice.Email && account.Email is { Length: > 0 } email)
            {
                deliveries.Add(new PlannedDelivery(NotificationChannels.Email, email, null, notBefore));
            }

            if (pushConfigured && choice.Push)
            {
                deliveries.AddRange(subscriptions.Where(s => s.UserId == account.Id)
                    .Select(s => new PlannedDelivery(NotificationChannels.Push, s.Endpoint, s.Id, notBefore)));
            }

            planned.Add(new PlannedNotification(account, deliveries));
        }

        return planned;
    }

    /// <summary>The notice names the account: by name, by a role it holds, or as an officer or head of a named unit.</summary>
    public static bool IsAddressed(PendingNotice notice, NotifiableAccount account) =>
        notice.Users.Contains(account.Username, StringComparer.OrdinalIgnoreCase)
        || notice.Roles.Any(account.Roles.Contains)
        || (account.Unit is { } unit
            && ((account.Roles.Contains(Roles.UnitOfficer) && notice.Officers.Contains(unit, StringComparer.OrdinalIgnoreCase))
                || (account.Roles.Contains(Roles.UnitHead) && notice.Heads.Contains(unit, StringComparer.OrdinalIgnoreCase))));

    /// <summary>
    /// Never a case of a unit the account may not read: a unit-bound account hears of a case only when its unit is
    /// one of the case's, and a case reaches only accounts that read cases at all.
    /// </summary>
    public static bool MayRead(PendingNotice notice, NotifiableAccount account)
    {
        if (notice.Readers is not { } readers)
        {
            return true;
        }

        if (!AccessPolicies.RolesByPolicy[AccessPolicies.ReadCases].Any(account.Roles.Contains))
        {
            return false;
        }

        return AccountPrincipal.UnitScope(account.Roles, account.Unit) is not { } scope || readers.Contains(scope, StringComparer.OrdinalIgnoreCase);
    }
}
