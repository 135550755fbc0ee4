using System.Data.Common;
using System.Globalization;
using LaoCaiFanpage.Contracts.Accounts;
using LaoCaiFanpage.Contracts.Security;
using LaoCaiFanpage.Grains.Audit;
using LaoCaiFanpage.Grains.Storage;
using LaoCaiFanpage.Silo.Http;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace LaoCaiFanpage.Silo.Accounts;

/// <summary>
/// Accounts, sessions and kiosk links in the embedded profile's database (0004-accounts.sql). Every
/// change is written with its audit row in one transaction.
/// </summary>
public sealed class AccountStore(
    FanpageDatabase database,
    AuditLog audit,
    IPasswordHasher<UserAccount> hasher,
    IOptions<AuthOptions> options,
    TimeProvider time,
    IDataProtectionProvider protection) : IAccountDirectory
{
    // The TOTP secret is kept encrypted with the service's key ring: a copy of the table alone does not give the codes.
    private readonly IDataProtector _secrets = protection.CreateProtector("LaoCaiFanpage.Accounts.SecondFactor");

    // The lock and failure count are the latest of any address's (sign_in_failure); the lock is dropped once it has run out.
    private const string UserColumns = """
        id, username, display_name, roles, unit, disabled_at,
        (SELECT MAX(f.locked_until) FROM sign_in_failure f WHERE f.username = app_user.username),
        (SELECT COALESCE(SUM(f.failures), 0) FROM sign_in_failure f WHERE f.username = app_user.username),
        created_at, created_by, password_hash, email, must_change_password, totp_enabled_at
        """;

    // Verified against when the username is unknown, so that a wrong name costs as long as a wrong password.
    private static readonly UserAccount Nobody = new(0, "", null, [], null, true, null, 0, DateTimeOffset.UnixEpoch, "", "");
    private readonly Lazy<string> _nobodyHash = new(() => hasher.HashPassword(Nobody, SecretTokens.New()));

    /// <summary>Raised with the ids of sessions that just ended, so live connections of theirs can be closed.</summary>
    public event Action<IReadOnlyList<string>>? SessionsEnded;

    public async Task<UserAccount?> FindUser(string username, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {UserColumns} FROM app_user WHERE username = @username";
        command.AddParameter("@username", Usernames.Normalize(username));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadUser(reader) : null;
    }

    async Task<AccountView?> IAccountDirectory.Find(string username, CancellationToken cancellationToken) =>
        await FindUser(username, cancellationToken) is { } user ? View(user) : null;

    async Task<IReadOnlyList<AccountView>> IAccountDirectory.List(CancellationToken cancellationToken) =>
        [.. (await ListUsers(cancellationToken)).Select(View)];

    private static AccountView View(UserAccount user) =>
        new(user.Id, user.Username, user.DisplayName, user.Email, user.Roles, user.Unit, user.Disabled);

    public async Task<IReadOnlyList<UserAccount>> ListUsers(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {UserColumns} FROM app_user ORDER BY username";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var users = new List<UserAccount>();
        while (await reader.ReadAsync(cancellationToken))
        {
            users.Add(ReadUser(reader));
        }

        return users;
    }

    public async Task<bool> AnyEnabledAdmin(CancellationToken cancellationToken = default) =>
        (await ListUsers(cancellationToken)).Any(u => !u.Disabled && u.Roles.Contains(Roles.Admin));

    /// <summary>Creates the account; null when the username is taken.</summary>
    public async Task<UserAccount?> CreateUser(NewUser user, Actor actor, CancellationToken cancellationToken = default)
    {
        if (Roles.SeparationOfDutiesConflict(user.Roles) is { } conflict)
        {
            throw new ArgumentException(conflict, nameof(user));
        }

        var username = Usernames.Normalize(user.Username);
        var now = time.GetUtcNow();
        var hash = hasher.HashPassword(Nobody with { Username = username }, user.Password);
        var created = await audit.InTransaction(async (connection, transaction) =>
        {
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO app_user (username, display_name, password_hash, roles, unit, password_changed_at, created_at, created_by, email, must_change_password)
                VALUES (@username, @display, @hash, @roles, @unit, @now, @now, @by, @email, @change)
                ON CONFLICT (username) DO NOTHING
                """;
            insert.AddParameter("@username", username);
            insert.AddParameter("@display", user.DisplayName);
            insert.AddParameter("@hash", hash);
            insert.AddParameter("@roles", string.Join(',', user.Roles));
            insert.AddParameter("@unit", user.Unit);
            insert.AddParameter("@now", now.ToUnixTimeMilliseconds());
            insert.AddParameter("@by", actor.Name);
            insert.AddParameter("@email", user.Email);
            insert.AddParameter("@change", user.MustChangePassword ? 1 : 0);
            if (await insert.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                return false;
            }

            await AuditLog.Append(connection, transaction, AuditRecord.Of(actor, now, "user.created", "user/" + username,
                new { after = new { username, displayName = user.DisplayName, roles = user.Roles, unit = user.Unit, email = user.Email, mustChangePassword = user.MustChangePassword } }), cancellationToken);
            return true;
        }, cancellationToken);
        return created ? await FindUser(username, cancellationToken) : null;
    }

    /// <summary>Disables or re-enables an account; disabling ends its sessions. False when there is no such account.</summary>
    public async Task<bool> SetDisabled(string username, bool disabled, Actor actor, CancellationToken cancellationToken = default)
    {
        var name = Usernames.Normalize(username);
        var now = time.GetUtcNow();
        var ended = new List<string>();
        var found = await audit.InTransaction(async (connection, transaction) =>
        {
            var changed = await connection.Execute(transaction, "UPDATE app_user SET disabled_at = @value WHERE username = @username",
                cancellationToken, ("@value", disabled ? now.ToUnixTimeMilliseconds() : null), ("@username", name));
            if (changed == 0)
            {
                return false;
            }

            if (disabled)
            {
                ended.AddRange(await EndSessions(connection, transaction, "user_id = (SELECT id FROM app_user WHERE username = @key)", name, now, cancellationToken));
            }

            await AuditLog.Append(connection, transaction, AuditRecord.Of(actor, now, disabled ? "user.disabled" : "user.enabled", "user/" + name,
                new { sessionsEnded = ended.Count }), cancellationToken);
            return true;
        }, cancellationToken);
        Announce(ended);
        return found;
    }

    /// <summary>
    /// Sets a new password (an administrator's reset): unlocks the account, ends its sessions, and makes its owner
    /// choose their own at the next sign-in.
    /// </summary>
    public async Task<bool> ResetPassword(string username, string password, Actor actor, CancellationToken cancellationToken = default)
    {
        var name = Usernames.Normalize(username);
        var now = time.GetUtcNow();
        var hash = hasher.HashPassword(Nobody with { Username = name }, password);
        var ended = new List<string>();
        var found = await audit.InTransaction(async (connection, transaction) =>
        {
            var changed = await connection.Execute(transaction, """
                UPDATE app_user SET password_hash = @hash, password_changed_at = @now, must_change_password = 1
                WHERE username = @username
                """, cancellationToken, ("@hash", hash), ("@now", now.ToUnixTimeMilliseconds()), ("@username", name));
            if (changed == 0)
            {
                return false;
            }

            await connection.Execute(transaction, "DELETE FROM sign_in_failure WHERE username = @username", cancellationToken, ("@username", name));

            ended.AddRange(await EndSessions(connection, transaction, "user_id = (SELECT id FROM app_user WHERE username = @key)", name, now, cancellationToken));
            await AuditLog.Append(connection, transaction, AuditRecord.Of(actor, now, "user.password-reset", "user/" + name,
                new { sessionsEnded = ended.Count }), cancellationToken);
            return true;
        }, cancellationToken);
        Announce(ended);
        return found;
    }

    /// <summary>
    /// Replaces an account's roles and unit. Nobody changes their own roles, and no account holds Admin beside an
    /// approver's role (R8). The account's live screen connections are closed so they reopen with the new rights.
    /// </summary>
    public async Task<RoleChange> SetRoles(string username, IReadOnlyList<string> roles, string? unit, Actor actor, CancellationToken cancellationToken = default)
    {
        var before = await FindUser(username, cancellationToken);
        if (before is null)
        {
            return RoleChange.NoSuchUser;
        }

        if (string.Equals(before.Username, actor.Name, StringComparison.Ordinal))
        {
            return RoleChange.OwnAccount;
        }

        if (Roles.SeparationOfDutiesConflict(roles) is not null)
        {
            return RoleChange.SeparationOfDuties;
        }

        var now = time.GetUtcNow();
        var live = new List<string>();
        await audit.InTransaction(async (connection, transaction) =>
        {
            await connection.Execute(transaction, "UPDATE app_user SET roles = @roles, unit = @unit WHERE id = @id",
                cancellationToken, ("@roles", string.Join(',', roles)), ("@unit", unit), ("@id", before.Id));
            await using (var sessions = connection.CreateCommand())
            {
                sessions.Transaction = transaction;
                sessions.CommandText = "SELECT id FROM auth_session WHERE user_id = @id AND ended_at IS NULL";
                sessions.AddParameter("@id", before.Id);
                await using var reader = await sessions.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    live.Add(reader.GetString(0));
                }
            }

            await AuditLog.Append(connection, transaction, AuditRecord.Of(actor, now, "user.roles-changed", "user/" + before.Username,
                new { before = new { roles = before.Roles, unit = before.Unit }, after = new { roles, unit } }), cancellationToken);
        }, cancellationToken);
        Announce(live);
        return RoleChange.Changed;
    }

    /// <summary>Changes an account's e-mail and/or display name (the fields the details set); null when there is no such account.</summary>
    public async Task<UserAccount?> UpdateContact(string username, ContactDetails details, Actor actor, CancellationToken cancellationToken = default)
    {
        var before = await FindUser(username, cancellationToken);
        if (before is null)
        {
            return null;
        }

        var email = details.SetsEmail ? details.Email : before.Email;
        var display = details.SetsDisplayName ? details.DisplayName : before.DisplayName;
        if (email == before.Email && display == before.DisplayName)
        {
            return before;
        }

        var now = time.GetUtcNow();
        await audit.InTransaction(async (connection, transaction) =>
        {
            await connection.Execute(transaction, "UPDATE app_user SET email = @email, display_name = @display WHERE id = @id",
                cancellationToken, ("@email", email), ("@display", display), ("@id", before.Id));
            await AuditLog.Append(connection, transaction, AuditRecord.Of(actor, now, "user.contact-changed", "user/" + before.Username,
                new { before = new { email = before.Email, displayName = before.DisplayName }, after = new { email, displayName = display } }), cancellationToken);
            return true;
        }, cancellationToken);
        return await FindUser(before.Username, cancellationToken);
    }

    /// <summary>
    /// Checks a password (and the second factor, when the account has one) and opens a session; every outcome is in
    /// the audit log with the client's address. An unknown name, a disabled account, a wrong password and an address
    /// locked out for this name all answer <see cref="SignInStatus.Failed"/> after the same work: the lock is told
    /// only to whoever gives the right password.
    /// </summary>
    public async Task<SignInResult> SignIn(string username, string password, string kind, Actor client, string? secondFactor = null,
        CancellationToken cancellationToken = default)
    {
        var name = Usernames.Normalize(username);
        name = name.Length <= 64 ? name : name[..64];
        var address = client.Ip ?? "unknown";
        var loginClient = client with { Name = name };
        var throttle = await ReadThrottle(name, address, cancellationToken);
        if (throttle.Slowed)
        {
            await Task.Delay(options.Value.Throttle, time, cancellationToken);
        }

        var now = time.GetUtcNow();
        var user = name.Length > 0 ? await FindUser(name, cancellationToken) : null;
        var verdict = hasher.VerifyHashedPassword(user ?? Nobody, user?.PasswordHash ?? _nobodyHash.Value, password);
        if (user is null || user.Disabled || verdict == PasswordVerificationResult.Failed)
        {
            var reason = user is null ? "unknown-user" : user.Disabled ? "disabled" : throttle.LockedUntil is null ? "wrong-password" : "locked-address";
            return await RecordFailure(name, loginClient, kind, reason, throttle.LockedUntil is null, now, cancellationToken);
        }

        if (throttle.LockedUntil is { } lockedUntil)
        {
            await audit.Append(AuditRecord.Of(loginClient, now, "auth.login-refused-locked", "user/" + user.Username, new { lockedUntil, kind }), cancellationToken);
            return new SignInResult(SignInStatus.LockedOut, null, lockedUntil);
        }

        if (user.SecondFactorEnabled)
        {
            if (string.IsNullOrWhiteSpace(secondFactor))
            {
                await audit.Append(AuditRecord.Of(loginClient, now, "auth.second-factor-asked", "user/" + user.Username, new { kind }), cancellationToken);
                return SignInResult.SecondFactorRequired;
            }

            if (!await UseSecondFactor(user, secondFactor, loginClient, now, cancellationToken))
            {
                return await RecordFailure(name, loginClient, kind, "wrong-second-factor", true, now, cancellationToken);
            }
        }

        var rehash = verdict == PasswordVerificationResult.SuccessRehashNeeded ? hasher.HashPassword(user, password) : null;
        var session = new ActiveSession(SecretTokens.NewSessionId(), kind, user.Username, user.DisplayName, user.Roles, user.Unit,
            SessionEnd(now, options.Value.UserSession), PendingOf(user));
        var token = kind == SessionKinds.Bearer ? SecretTokens.New() : null;
        await audit.InTransaction(async (connection, transaction) =>
        {
            await connection.Execute(transaction, "UPDATE app_user SET password_hash = COALESCE(@rehash, password_hash) WHERE id = @id",
                cancellationToken, ("@rehash", rehash), ("@id", user.Id));
            await connection.Execute(transaction, "DELETE FROM sign_in_failure WHERE username = @name AND address = @address",
                cancellationToken, ("@name", name), ("@address", address));
            await InsertSession(connection, transaction, session, token, user.Id, null, now, client, cancellationToken);
            await AuditLog.Append(connection, transaction, AuditRecord.Of(loginClient, now, "auth.login", "user/" + user.Username,
                new { kind, session = session.Id, expiresAt = session.ExpiresAt, pending = session.Pending }), cancellationToken);
        }, cancellationToken);
        return new SignInResult(SignInStatus.Succeeded, new StartedSession(session, token), null);
    }

    /// <summary>What this account must do before its session may do anything else, or null.</summary>
    private string? PendingOf(UserAccount user) =>
        user.MustChangePassword ? PendingSteps.PasswordChange
        : options.Value.RequireSecondFactor && !user.SecondFactorEnabled && user.Roles.Any(Roles.NeedingSecondFactor.Contains) ? PendingSteps.SecondFactorEnrollment
        : null;

    private sealed record Throttle(DateTimeOffset? LockedUntil, bool Slowed);

    /// <summary>This address's lock for this name, and whether the name's failures from everywhere call for slowing down.</summary>
    private async Task<Throttle> ReadThrottle(string name, string address, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT address, failures, last_failed_at, locked_until FROM sign_in_failure WHERE username = @name";
        command.AddParameter("@name", name);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        DateTimeOffset? lockedUntil = null;
        long recent = 0;
        var since = (now - options.Value.Lockout).ToUnixTimeMilliseconds();
        while (await reader.ReadAsync(cancellationToken))
        {
            if (reader.GetInt64(2) > since)
            {
                recent += reader.GetInt64(1);
            }

            if (reader.GetString(0) == address && reader.GetInstant(3) is { } until && until > now)
            {
                lockedUntil = until;
            }
        }

        return new Throttle(lockedUntil, options.Value.ThrottleSeconds > 0 && recent >= 2L * options.Value.MaxFailedLogins);
    }

    /// <summary>Counts a failure against this name from this address, locking the address out for the name at the limit.</summary>
    private async Task<SignInResult> RecordFailure(string name, Actor client, string kind, string reason, bool counts, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var max = options.Value.MaxFailedLogins;
        var address = client.Ip ?? "unknown";
        await audit.InTransaction(async (connection, transaction) =>
        {
            long failures = 0;
            if (counts)
            {
                await using var bump = connection.CreateCommand();
                bump.Transaction = transaction;
                // A failure after the window has passed starts the count again.
                bump.CommandText = """
                    INSERT INTO sign_in_failure (username, address, failures, last_failed_at, locked_until) VALUES (@name, @address, 1, @now, NULL)
                    ON CONFLICT (username, address) DO UPDATE SET
                        failures = CASE WHEN sign_in_failure.last_failed_at > @since THEN sign_in_failure.failures + 1 ELSE 1 END,
                        last_failed_at = @now
                    RETURNING failures
                    """;
                bump.AddParameter("@name", name);
                bump.AddParameter("@address", address);
                bump.AddParameter("@now", now.ToUnixTimeMilliseconds());
                bump.AddParameter("@since", (now - options.Value.Lockout).ToUnixTimeMilliseconds());
                failures = Convert.ToInt64(await bump.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
            }

            await AuditLog.Append(connection, transaction, AuditRecord.Of(client, now, "auth.login-failed", "user/" + name,
                new { reason, failures, kind }), cancellationToken);
            if (failures >= max && failures % max == 0)
            {
                var until = now + options.Value.Lockout;
                await connection.Execute(transaction, "UPDATE sign_in_failure SET locked_until = @until WHERE username = @name AND address = @address",
                    cancellationToken, ("@until", until.ToUnixTimeMilliseconds()), ("@name", name), ("@address", address));
                await AuditLog.Append(connection, transaction, AuditRecord.Of(client, now, "auth.locked-out", "user/" + name,
                    new { failures, lockedUntil = until, address }), cancellationToken);
            }
        }, cancellationToken);
        return SignInResult.Failed;
    }

    /// <summary>The account's lock from any address, for the administrators' view: the latest that is still running.</summary>
    public async Task<DateTimeOffset?> LockedUntil(string username, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT MAX(locked_until) FROM sign_in_failure WHERE username = @name AND locked_until > @now";
        command.AddParameter("@name", Usernames.Normalize(username));
        command.AddParameter("@now", time.GetUtcNow().ToUnixTimeMilliseconds());
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is null or DBNull ? null : DateTimeOffset.FromUnixTimeMilliseconds(Convert.ToInt64(value, CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// The owner replaces their own password: the current one must be right and the new one different. Ends every
    /// other session of theirs. False when the current password is wrong.
    /// </summary>
    public async Task<bool> ChangeOwnPassword(string username, string sessionId, string current, string replacement, Actor actor, CancellationToken cancellationToken = default)
    {
        var user = await FindUser(username, cancellationToken);
        if (user is null || user.Disabled || hasher.VerifyHashedPassword(user, user.PasswordHash, current) == PasswordVerificationResult.Failed)
        {
            await audit.Append(AuditRecord.Of(actor, time.GetUtcNow(), "user.password-change-refused", "user/" + Usernames.Normalize(username), new { reason = "wrong-current-password" }), cancellationToken);
            return false;
        }

        var now = time.GetUtcNow();
        var hash = hasher.HashPassword(user, replacement);
        var ended = new List<string>();
        await audit.InTransaction(async (connection, transaction) =>
        {
            await connection.Execute(transaction, "UPDATE app_user SET password_hash = @hash, password_changed_at = @now, must_change_password = 0 WHERE id = @id",
                cancellationToken, ("@hash", hash), ("@now", now.ToUnixTimeMilliseconds()), ("@id", user.Id));
            ended.AddRange(await EndSessions(connection, transaction, "user_id = @key AND id <> @keep", user.Id, now, cancellationToken, keep: sessionId));
            await AuditLog.Append(connection, transaction, AuditRecord.Of(actor, now, "user.password-changed", "user/" + user.Username,
                new { otherSessionsEnded = ended.Count, wasRequired = user.MustChangePassword }), cancellationToken);
        }, cancellationToken);
        Announce(ended);
        return true;
    }

    /// <summary>
    /// Starts enrolling a second factor: a new secret, kept but not yet in force until <see cref="ConfirmSecondFactor"/>
    /// proves the owner's app shows its codes. Null when the account already has one in force.
    /// </summary>
    public async Task<byte[]?> BeginSecondFactor(string username, Actor actor, CancellationToken cancellationToken = default)
    {
        var user = await FindUser(username, cancellationToken);
        if (user is null || user.SecondFactorEnabled)
        {
            return null;
        }

        var secret = SecondFactor.NewSecret();
        await audit.InTransaction(async (connection, transaction) =>
        {
            await connection.Execute(transaction, "UPDATE app_user SET totp_secret = @secret, totp_last_step = NULL WHERE id = @id AND totp_enabled_at IS NULL",
                cancellationToken, ("@secret", _secrets.Protect(Convert.ToBase64String(secret))), ("@id", user.Id));
            await AuditLog.Append(connection, transaction, AuditRecord.Of(actor, time.GetUtcNow(), "user.second-factor-started", "user/" + user.Username, new { }), cancellationToken);
        }, cancellationToken);
        return secret;
    }

    /// <summary>Puts the started second factor in force when <paramref name="code"/> matches it; the recovery codes, shown once, or null.</summary>
    public async Task<IReadOnlyList<string>?> ConfirmSecondFactor(string username, string code, Actor actor, CancellationToken cancellationToken = default)
    {
        var user = await FindUser(username, cancellationToken);
        var secret = user is null || user.SecondFactorEnabled ? null : await ReadSecret(user.Id, cancellationToken);
        var now = time.GetUtcNow();
        if (user is null || secret is null || SecondFactor.MatchingStep(secret, code, now) is not { } step)
        {
            await audit.Append(AuditRecord.Of(actor, now, "user.second-factor-refused", "user/" + Usernames.Normalize(username), new { reason = secret is null ? "not-started" : "wrong-code" }), cancellationToken);
            return null;
        }

        var codes = SecondFactor.NewRecoveryCodes();
        await audit.InTransaction(async (connection, transaction) =>
        {
            await connection.Execute(transaction, "UPDATE app_user SET totp_enabled_at = @now, totp_last_step = @step, recovery_codes = @codes WHERE id = @id",
                cancellationToken, ("@now", now.ToUnixTimeMilliseconds()), ("@step", step), ("@codes", string.Join(',', codes.Select(c => SecretTokens.Digest(SecondFactor.NormalizeRecoveryCode(c))))), ("@id", user.Id));
            await AuditLog.Append(connection, transaction, AuditRecord.Of(actor, now, "user.second-factor-enabled", "user/" + user.Username, new { recoveryCodes = codes.Count }), cancellationToken);
        }, cancellationToken);
        return codes;
    }

    /// <summary>
    /// An administrator clears another person's second factor (a lost phone and no recovery code left): they enrol
    /// again at their next sign-in. False when there is no such account.
    /// </summary>
    public async Task<bool> ResetSecondFactor(string username, Actor actor, CancellationToken cancellationToken = default)
    {
        var name = Usernames.Normalize(username);
        var now = time.GetUtcNow();
        var ended = new List<string>();
        var found = await audit.InTransaction(async (connection, transaction) =>
        {
            if (await connection.Execute(transaction, "UPDATE app_user SET totp_secret = NULL, totp_enabled_at = NULL, totp_last_step = NULL, recovery_codes = NULL WHERE username = @name",
                cancellationToken, ("@name", name)) == 0)
            {
                return false;
            }

            ended.AddRange(await EndSessions(connection, transaction, "user_id = (SELECT id FROM app_user WHERE username = @key)", name, now, cancellationToken));
            await AuditLog.Append(connection, transaction, AuditRecord.Of(actor, now, "user.second-factor-reset", "user/" + name, new { sessionsEnded = ended.Count }), cancellationToken);
            return true;
        }, cancellationToken);
        Announce(ended);
        return found;
    }

    /// <summary>A TOTP code not used before (a later step than the last one accepted), or an unused recovery code, which is spent.</summary>
    private async Task<bool> UseSecondFactor(UserAccount user, string code, Actor client, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var secret = await ReadSecret(user.Id, cancellationToken);
        if (secret is not null && SecondFactor.MatchingStep(secret, code, now) is { } step)
        {
            return await audit.InTransaction(async (connection, transaction) =>
                await connection.Execute(transaction, "UPDATE app_user SET totp_last_step = @step WHERE id = @id AND (totp_last_step IS NULL OR totp_last_step < @step)",
                    cancellationToken, ("@step", step), ("@id", user.Id)) == 1, cancellationToken);
        }

        var digest = SecretTokens.Digest(SecondFactor.NormalizeRecoveryCode(code));
        return await audit.InTransaction(async (connection, transaction) =>
        {
            await using var read = connection.CreateCommand();
            read.Transaction = transaction;
            read.CommandText = "SELECT recovery_codes FROM app_user WHERE id = @id";
            read.AddParameter("@id", user.Id);
            var stored = await read.ExecuteScalarAsync(cancellationToken) as string;
            var codes = (stored ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).ToList();
            if (!codes.Remove(digest))
            {
                return false;
            }

            await connection.Execute(transaction, "UPDATE app_user SET recovery_codes = @codes WHERE id = @id", cancellationToken,
                ("@codes", string.Join(',', codes)), ("@id", user.Id));
            await AuditLog.Append(connection, transaction, AuditRecord.Of(client, now, "auth.recovery-code-used", "user/" + user.Username, new { left = codes.Count }), cancellationToken);
            return true;
        }, cancellationToken);
    }

    private async Task<byte[]?> ReadSecret(long userId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT totp_secret FROM app_user WHERE id = @id";
        command.AddParameter("@id", userId);
        return await command.ExecuteScalarAsync(cancellationToken) is string stored ? Convert.FromBase64String(_secrets.Unprotect(stored)) : null;
    }

    /// <summary>The live session with this id (cookie sign-ins and kiosk screens), or null.</summary>
    public Task<ActiveSession?> FindSession(string sessionId, CancellationToken cancellationToken = default) =>
        LookUpSession("s.id = @key", sessionId, cancellationToken);

    /// <summary>The live session a bearer token opens, or null.</summary>
    public Task<ActiveSession?> FindSessionByToken(string token, CancellationToken cancellationToken = default) =>
        LookUpSession("s.token_hash = @key", SecretTokens.Digest(token), cancellationToken);

    /// <summary>Sign-out: ends the session and records it. False when it had already ended.</summary>
    public async Task<bool> SignOut(string sessionId, Actor actor, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var ended = await audit.InTransaction(async (connection, transaction) =>
        {
            var ids = await EndSessions(connection, transaction, "id = @key", sessionId, now, cancellationToken);
            if (ids.Count > 0)
            {
                await AuditLog.Append(connection, transaction, AuditRecord.Of(actor, now, "auth.logout", TargetOf(actor.Name),
                    new { session = sessionId }), cancellationToken);
            }

            return ids;
        }, cancellationToken);
        Announce(ended);
        return ended.Count > 0;
    }

    public async Task<(KioskLink Kiosk, string Token)> CreateKiosk(string name, Actor actor, CancellationToken cancellationToken = default)
    {
        var token = SecretTokens.New();
        var now = time.GetUtcNow();
        var id = await audit.InTransaction(async (connection, transaction) =>
        {
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO kiosk (name, token_hash, created_at, created_by, pairing_expires_at) VALUES (@name, @hash, @now, @by, @expires) RETURNING id
                """;
            insert.AddParameter("@name", name);
            insert.AddParameter("@hash", SecretTokens.Digest(token));
            insert.AddParameter("@now", now.ToUnixTimeMilliseconds());
            insert.AddParameter("@by", actor.Name);
            insert.AddParameter("@expires", (now + options.Value.KioskPairing).ToUnixTimeMilliseconds());
            var kioskId = Convert.ToInt64(await insert.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
            await AuditLog.Append(connection, transaction, AuditRecord.Of(actor, now, "kiosk.created", "kiosk/" + kioskId,
                new { name, pairingExpiresAt = now + options.Value.KioskPairing }), cancellationToken);
            return kioskId;
        }, cancellationToken);
        return (new KioskLink(id, name, now, actor.Name, null, null, null, now + options.Value.KioskPairing), token);
    }

    /// <summary>
    /// A new pairing code for a screen (its device was replaced, or its browser lost the session): the device paired
    /// before is signed out. Null when there is no such live screen.
    /// </summary>
    public async Task<(KioskLink Kiosk, string Token)?> RePairKiosk(long id, Actor actor, CancellationToken cancellationToken = default)
    {
        var token = SecretTokens.New();
        var now = time.GetUtcNow();
        var ended = new List<string>();
        var done = await audit.InTransaction(async (connection, transaction) =>
        {
            if (await connection.Execute(transaction, """
                UPDATE kiosk SET token_hash = @hash, pairing_expires_at = @expires, paired_at = NULL WHERE id = @id AND revoked_at IS NULL
                """, cancellationToken, ("@hash", SecretTokens.Digest(token)), ("@expires", (now + options.Value.KioskPairing).ToUnixTimeMilliseconds()), ("@id", id)) == 0)
            {
                return false;
            }

            ended.AddRange(await EndSessions(connection, transaction, "kiosk_id = @key", id, now, cancellationToken));
            await AuditLog.Append(connection, transaction, AuditRecord.Of(actor, now, "kiosk.re-paired", "kiosk/" + id,
                new { sessionsEnded = ended.Count, pairingExpiresAt = now + options.Value.KioskPairing }), cancellationToken);
            return true;
        }, cancellationToken);
        Announce(ended);
        return done ? ((await ListKiosks(cancellationToken)).Single(k => k.Id == id), token) : null;
    }

    public async Task<IReadOnlyList<KioskLink>> ListKiosks(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT k.id, k.name, k.created_at, k.created_by, k.last_used_at, k.revoked_at, k.revoked_by, k.pairing_expires_at, k.paired_at,
                   (SELECT MAX(COALESCE(s.last_seen_at, s.created_at)) FROM auth_session s WHERE s.kiosk_id = k.id)
            FROM kiosk k ORDER BY k.id
            """;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var kiosks = new List<KioskLink>();
        while (await reader.ReadAsync(cancellationToken))
        {
            kiosks.Add(new KioskLink(reader.GetInt64(0), reader.GetString(1), reader.GetInstant(2)!.Value, reader.GetString(3),
                reader.GetInstant(4), reader.GetInstant(5), reader.IsDBNull(6) ? null : reader.GetString(6), reader.GetInstant(7), reader.GetInstant(8), reader.GetInstant(9)));
        }

        return kiosks;
    }

    /// <summary>Revokes a kiosk link and ends every screen session it opened. False when there is no such live link.</summary>
    public async Task<bool> RevokeKiosk(long id, Actor actor, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var ended = new List<string>();
        var revoked = await audit.InTransaction(async (connection, transaction) =>
        {
            var changed = await connection.Execute(transaction, "UPDATE kiosk SET revoked_at = @now, revoked_by = @by WHERE id = @id AND revoked_at IS NULL",
                cancellationToken, ("@now", now.ToUnixTimeMilliseconds()), ("@by", actor.Name), ("@id", id));
            if (changed == 0)
            {
                return false;
            }

            ended.AddRange(await EndSessions(connection, transaction, "kiosk_id = @key", id, now, cancellationToken));
            await AuditLog.Append(connection, transaction, AuditRecord.Of(actor, now, "kiosk.revoked", "kiosk/" + id, new { sessionsEnded = ended.Count }), cancellationToken);
            return true;
        }, cancellationToken);
        Announce(ended);
        return revoked;
    }

    /// <summary>
    /// A screen opens its pairing code: once, within <see cref="AuthOptions.KioskPairingMinutes"/>, it becomes that
    /// screen's one device session (WallDisplay only), audited like a sign-in. Null for an unknown, used, expired or
    /// revoked code: a copied link opens nothing.
    /// </summary>
    public async Task<ActiveSession?> OpenKiosk(string token, Actor client, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        long? id = null;
        string? name = null;
        string? refusal = null;
        await using (var connection = await database.OpenAsync(cancellationToken))
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT id, name, revoked_at, paired_at, pairing_expires_at FROM kiosk WHERE token_hash = @hash";
            command.AddParameter("@hash", SecretTokens.Digest(token));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                (id, name) = (reader.GetInt64(0), reader.GetString(1));
                refusal = !reader.IsDBNull(2) ? "revoked" : !reader.IsDBNull(3) ? "already-paired"
                    : reader.GetInstant(4) is not { } expires || expires <= now ? "pairing-expired" : null;
            }
        }

        var session = id is null || refusal is not null ? null
            : new ActiveSession(SecretTokens.NewSessionId(), SessionKinds.Kiosk, "kiosk:" + id, name, [Roles.WallDisplay], null, SessionEnd(now, options.Value.KioskSession));
        var paired = session is not null && await audit.InTransaction(async (connection, transaction) =>
        {
            // Claimed in the same statement that checks it: two screens opening one code at once cannot both pair.
            if (await connection.Execute(transaction, """
                UPDATE kiosk SET paired_at = @now, last_used_at = @now
                WHERE id = @id AND revoked_at IS NULL AND paired_at IS NULL AND pairing_expires_at > @now
                """, cancellationToken, ("@now", now.ToUnixTimeMilliseconds()), ("@id", id)) == 0)
            {
                return false;
            }

            await InsertSession(connection, transaction, session!, null, null, id, now, client, cancellationToken);
            await AuditLog.Append(connection, transaction, AuditRecord.Of(client with { Name = session!.Name }, now, "kiosk.opened", "kiosk/" + id,
                new { name, session = session.Id }), cancellationToken);
            return true;
        }, cancellationToken);
        if (!paired)
        {
            await audit.Append(AuditRecord.Of(client with { Name = id is null ? "anonymous" : "kiosk:" + id }, now, "kiosk.refused",
                id is null ? "kiosk" : "kiosk/" + id, new { reason = id is null ? "unknown-link" : refusal ?? "already-paired" }), cancellationToken);
            return null;
        }

        return session;
    }

    /// <summary>The audit target naming a session's owner: <c>user/{name}</c> or <c>kiosk/{id}</c>.</summary>
    public static string TargetOf(string sessionName) =>
        sessionName.StartsWith("kiosk:", StringComparison.Ordinal) ? "kiosk/" + sessionName["kiosk:".Length..] : "user/" + sessionName;

    /// <summary>
    /// When a session begun now ends, in whole seconds: an authentication ticket carries its expiry with one-second
    /// precision, and the hubs close a connection by that ticket, so the stored end must be the same instant or a
    /// screen would be closed up to a second before its session actually ends.
    /// </summary>
    private static DateTimeOffset SessionEnd(DateTimeOffset now, TimeSpan length) =>
        DateTimeOffset.FromUnixTimeSeconds((now + length).ToUnixTimeSeconds());

    /// <summary>Tells every host's live connections that these sessions (or service tokens) just ended.</summary>
    public void Announce(IReadOnlyList<string> ended)
    {
        if (ended.Count > 0)
        {
            SessionsEnded?.Invoke(ended);
        }
    }

    private async Task<ActiveSession?> LookUpSession(string where, string key, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        ActiveSession? session;
        long? lastSeen;
        await using var connection = await database.OpenAsync(cancellationToken);
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = $"""
                SELECT s.id, s.kind, s.expires_at, u.username, u.display_name, u.roles, u.unit, u.disabled_at, k.id, k.name, k.revoked_at,
                       u.must_change_password, u.totp_enabled_at, s.last_seen_at
                FROM auth_session s
                LEFT JOIN app_user u ON u.id = s.user_id
                LEFT JOIN kiosk k ON k.id = s.kiosk_id
                WHERE {where} AND s.ended_at IS NULL AND s.expires_at > @now
                """;
            command.AddParameter("@key", key);
            command.AddParameter("@now", now.ToUnixTimeMilliseconds());
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }

            var expires = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2));
            lastSeen = reader.IsDBNull(13) ? null : reader.GetInt64(13);
            if (!reader.IsDBNull(3))
            {
                if (!reader.IsDBNull(7))
                {
                    return null;
                }

                var roles = ParseRoles(reader.GetString(5));
                var owner = Nobody with
                {
                    Roles = roles,
                    MustChangePassword = reader.GetInt64(11) != 0,
                    SecondFactorEnabled = !reader.IsDBNull(12),
                };
                session = new ActiveSession(reader.GetString(0), reader.GetString(1), reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4),
                    roles, reader.IsDBNull(6) ? null : reader.GetString(6), expires, PendingOf(owner));
            }
            else
            {
                session = !reader.IsDBNull(8) && reader.IsDBNull(10)
                    ? new ActiveSession(reader.GetString(0), reader.GetString(1), "kiosk:" + reader.GetInt64(8), reader.GetString(9), [Roles.WallDisplay], null, expires)
                    : null;
            }
        }

        // Last seen, for the administrators' list of screens and sessions: written at most once a minute.
        if (session is not null && (lastSeen is null || now.ToUnixTimeMilliseconds() - lastSeen >= 60_000))
        {
            await audit.InTransaction((write, transaction) => write.Execute(transaction, "UPDATE auth_session SET last_seen_at = @now WHERE id = @id",
                cancellationToken, ("@now", now.ToUnixTimeMilliseconds()), ("@id", session.Id)), cancellationToken);
        }

        return session;
    }

    private static async Task InsertSession(DbConnection connection, DbTransaction transaction, ActiveSession session, string? token,
        long? userId, long? kioskId, DateTimeOffset now, Actor client, CancellationToken cancellationToken)
    {
        await connection.Execute(transaction, """
            INSERT INTO auth_session (id, kind, token_hash, user_id, kiosk_id, created_at, expires_at, ip, user_agent)
            VALUES (@id, @kind, @token, @user, @kiosk, @now, @expires, @ip, @ua)
            """, cancellationToken,
            ("@id", session.Id), ("@kind", session.Kind), ("@token", token is null ? null : SecretTokens.Digest(token)), ("@user", userId),
            ("@kiosk", kioskId), ("@now", now.ToUnixTimeMilliseconds()), ("@expires", session.ExpiresAt.ToUnixTimeMilliseconds()),
            ("@ip", client.Ip), ("@ua", client.UserAgent is { Length: > 512 } ua ? ua[..512] : client.UserAgent));
    }

    private static async Task<List<string>> EndSessions(DbConnection connection, DbTransaction transaction, string where, object key, DateTimeOffset now,
        CancellationToken cancellationToken, string? keep = null)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"UPDATE auth_session SET ended_at = @now WHERE {where} AND ended_at IS NULL RETURNING id";
        command.AddParameter("@key", key);
        if (keep is not null)
        {
            command.AddParameter("@keep", keep);
        }

        command.AddParameter("@now", now.ToUnixTimeMilliseconds());
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    private UserAccount ReadUser(DbDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetString(1),
        reader.IsDBNull(2) ? null : reader.GetString(2),
        ParseRoles(reader.GetString(3)),
        reader.IsDBNull(4) ? null : reader.GetString(4),
        !reader.IsDBNull(5),
        reader.GetInstant(6) is { } locked && locked > time.GetUtcNow() ? locked : null,
        Convert.ToInt32(reader.GetValue(7), CultureInfo.InvariantCulture),
        reader.GetInstant(8)!.Value,
        reader.GetString(9),
        reader.GetString(10),
        reader.IsDBNull(11) ? null : reader.GetString(11),
        reader.GetInt64(12) != 0,
        !reader.IsDBNull(13));

    internal static IReadOnlyList<string> ParseRoles(string roles) =>
        [.. roles.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Roles.Canonical).OfType<string>()];
}
