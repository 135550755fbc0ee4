using LaoCaiFanpage.Contracts.Accounts;
using LaoCaiFanpage.Grains.Audit;
using LaoCaiFanpage.Silo.Accounts;
using LaoCaiFanpage.UnitTests.Audit;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace LaoCaiFanpage.UnitTests.Accounts;

/// <summary>Accounts, sessions and kiosk links on a real SQLite file, with time under the test's control.</summary>
public sealed class AccountStoreTests : IAsyncLifetime
{
    private const string Password = "Bien-tap-vien-2026";
    private static readonly Actor Admin = new("admin", "10.1.1.1", "xunit");
    private static readonly Actor Client = new("?", "203.113.5.9", "Mozilla/5.0 (X11; Linux x86_64)");

    private readonly AuthOptions _options = new() { MaxFailedLogins = 3, LockoutMinutes = 15, SessionHours = 12, ThrottleSeconds = 2 };
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 1, 0, 0, TimeSpan.Zero));
    private TestDatabase _db = null!;
    private AccountStore _accounts = null!;
    private AuditLog _audit = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.Create();
        _audit = new AuditLog(_db.Database, _db.Gate);
        _accounts = new AccountStore(_db.Database, _audit, new PasswordHasher<UserAccount>(),
            Options.Create(_options), _time, new EphemeralDataProtectionProvider());
        await _accounts.CreateUser(new NewUser("bientap", "Nguyễn Thị Biên Tập", Password, [Roles.EditorialStaff], null, MustChangePassword: false), Admin);
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private async Task<IReadOnlyList<AuditRow>> Audit(string action) =>
        (await _audit.Query(new AuditQuery(null, null, null, action, null, 1, 100))).Items;

    [Fact]
    public async Task Passwords_are_stored_only_as_identity_hashes()
    {
        var user = await _accounts.FindUser("BienTap");
        Assert.NotNull(user);
        Assert.DoesNotContain(Password, user.PasswordHash, StringComparison.Ordinal);
        Assert.Equal(0, await _db.Scalar($"SELECT COUNT(*) FROM app_user WHERE password_hash LIKE '%{Password}%'"));
        Assert.Equal("Nguyễn Thị Biên Tập", user.DisplayName);
    }

    [Fact]
    public async Task A_bearer_sign_in_opens_a_session_found_by_its_token_and_sign_out_ends_it()
    {
        var result = await _accounts.SignIn("bientap", Password, SessionKinds.Bearer, Client);
        Assert.Equal(SignInStatus.Succeeded, result.Status);
        var token = result.Started!.Token!;
        var session = await _accounts.FindSessionByToken(token);
        Assert.Equal("bientap", session!.Name);
        Assert.Equal([Roles.EditorialStaff], session.Roles);
        Assert.Equal(0, await _db.Scalar($"SELECT COUNT(*) FROM auth_session WHERE token_hash = '{token}'"));

        var ended = new List<string>();
        _accounts.SessionsEnded += ended.AddRange;
        Assert.True(await _accounts.SignOut(session.Id, Client with { Name = "bientap" }));
        Assert.Null(await _accounts.FindSessionByToken(token));
        Assert.Equal([session.Id], ended);
        var logout = Assert.Single(await Audit("auth.logout"));
        Assert.Equal("203.113.5.9", logout.Ip);
        Assert.Equal("Mozilla/5.0 (X11; Linux x86_64)", logout.UserAgent);
    }

    [Fact]
    public async Task A_session_expires_after_its_hours()
    {
        var token = (await _accounts.SignIn("bientap", Password, SessionKinds.Bearer, Client)).Started!.Token!;
        _time.Advance(TimeSpan.FromHours(11.9));
        Assert.NotNull(await _accounts.FindSessionByToken(token));
        _time.Advance(TimeSpan.FromHours(0.2));
        Assert.Null(await _accounts.FindSessionByToken(token));
    }

    [Fact]
    public async Task Repeated_wrong_passwords_lock_out_that_address_only_and_the_lock_is_told_only_to_the_right_password()
    {
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(SignInStatus.Failed, (await _accounts.SignIn("bientap", "wrong-" + i, SessionKinds.Bearer, Client)).Status);
        }

        // Locked: a wrong password still answers like any failure, so a guesser cannot tell a lock (or an account) exists.
        Assert.Equal(SignInStatus.Failed, (await _accounts.SignIn("bientap", "wrong-4", SessionKinds.Bearer, Client)).Status);
        var locked = await _accounts.SignIn("bientap", Password, SessionKinds.Bearer, Client);
        Assert.Equal(SignInStatus.LockedOut, locked.Status);
        Assert.Equal(_time.GetUtcNow().AddMinutes(15), locked.LockedUntil);
        Assert.Equal(_time.GetUtcNow().AddMinutes(15), (await _accounts.FindUser("bientap"))!.LockedUntil);

        // The owner at another desk is not locked out by whoever guessed from the first address.
        Assert.Equal(SignInStatus.Succeeded, (await _accounts.SignIn("bientap", Password, SessionKinds.Bearer, Client with { Ip = "10.20.0.7" })).Status);

        _time.Advance(TimeSpan.FromMinutes(15.1));
        Assert.Equal(SignInStatus.Succeeded, (await _accounts.SignIn("bientap", Password, SessionKinds.Bearer, Client)).Status);
        Assert.Null((await _accounts.FindUser("bientap"))!.LockedUntil);
        Assert.Equal(4, (await Audit("auth.login-failed")).Count);
        var lockout = Assert.Single(await Audit("auth.locked-out"));
        Assert.Contains("203.113.5.9", lockout.Details, StringComparison.Ordinal);
        Assert.Single(await Audit("auth.login-refused-locked"));
    }

    [Fact]
    public async Task An_unknown_name_is_counted_and_locked_like_a_real_one()
    {
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(SignInStatus.Failed, (await _accounts.SignIn("khong-co", "wrong-" + i, SessionKinds.Bearer, Client)).Status);
        }

        Assert.Equal(1, await _db.Scalar("SELECT COUNT(*) FROM sign_in_failure WHERE username = 'khong-co' AND locked_until IS NOT NULL"));
    }

    [Fact]
    public async Task Guessing_from_many_addresses_slows_every_check_of_the_account_but_the_right_password_still_opens_it()
    {
        for (var i = 0; i < 6; i++)
        {
            await _accounts.SignIn("bientap", "wrong", SessionKinds.Bearer, Client with { Ip = "198.51.100." + i });
        }

        var attempt = _accounts.SignIn("bientap", Password, SessionKinds.Bearer, Client with { Ip = "10.20.0.7" });
        await Task.Delay(200);
        Assert.False(attempt.IsCompleted, "the check waits for the throttle");
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(SignInStatus.Succeeded, (await attempt).Status);

        // Once the window has passed, checks are immediate again.
        _time.Advance(TimeSpan.FromMinutes(16));
        Assert.Equal(SignInStatus.Succeeded, (await _accounts.SignIn("bientap", Password, SessionKinds.Bearer, Client)).Status);
    }

    [Fact]
    public async Task A_successful_sign_in_resets_the_failure_count()
    {
        await _accounts.SignIn("bientap", "wrong", SessionKinds.Bearer, Client);
        await _accounts.SignIn("bientap", "wrong", SessionKinds.Bearer, Client);
        await _accounts.SignIn("bientap", Password, SessionKinds.Bearer, Client);
        await _accounts.SignIn("bientap", "wrong", SessionKinds.Bearer, Client);
        await _accounts.SignIn("bientap", "wrong", SessionKinds.Bearer, Client);
        Assert.Equal(SignInStatus.Succeeded, (await _accounts.SignIn("bientap", Password, SessionKinds.Bearer, Client)).Status);
    }

    [Fact]
    public async Task Unknown_and_disabled_accounts_fail_like_a_wrong_password_and_are_logged()
    {
        Assert.Equal(SignInStatus.Failed, (await _accounts.SignIn("khong-co", Password, SessionKinds.Cookie, Client)).Status);
        var token = (await _accounts.SignIn("bientap", Password, SessionKinds.Bearer, Client)).Started!.Token!;
        Assert.True(await _accounts.SetDisabled("bientap", true, Admin));
        Assert.Null(await _accounts.FindSessionByToken(token));
        Assert.Equal(SignInStatus.Failed, (await _accounts.SignIn("bientap", Password, SessionKinds.Bearer, Client)).Status);
        var failures = await Audit("auth.login-failed");
        Assert.Contains(failures, f => f.Actor == "khong-co" && f.Details!.Contains("unknown-user", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Actor == "bientap" && f.Details!.Contains("disabled", StringComparison.Ordinal));
        Assert.Single(await Audit("user.disabled"));
    }

    [Fact]
    public async Task A_password_reset_ends_sessions_unlocks_and_the_owner_must_choose_their_own_before_anything_else()
    {
        var token = (await _accounts.SignIn("bientap", Password, SessionKinds.Bearer, Client)).Started!.Token!;
        for (var i = 0; i < 3; i++)
        {
            await _accounts.SignIn("bientap", "wrong", SessionKinds.Bearer, Client);
        }

        Assert.True(await _accounts.ResetPassword("bientap", "Mat-khau-moi-2027", Admin));
        Assert.Null(await _accounts.FindSessionByToken(token));
        Assert.Equal(SignInStatus.Failed, (await _accounts.SignIn("bientap", Password, SessionKinds.Bearer, Client)).Status);
        var first = (await _accounts.SignIn("bientap", "Mat-khau-moi-2027", SessionKinds.Bearer, Client)).Started!;
        var other = (await _accounts.SignIn("bientap", "Mat-khau-moi-2027", SessionKinds.Bearer, Client)).Started!;
        Assert.Equal(PendingSteps.PasswordChange, first.Session.Pending);
        Assert.Equal(PendingSteps.PasswordChange, (await _accounts.FindSessionByToken(first.Token!))!.Pending);

        Assert.False(await _accounts.ChangeOwnPassword("bientap", first.Session.Id, "sai", "Mat-khau-rieng-2027", Client));
        Assert.True(await _accounts.ChangeOwnPassword("bientap", first.Session.Id, "Mat-khau-moi-2027", "Mat-khau-rieng-2027", Client));
        Assert.Null((await _accounts.FindSessionByToken(first.Token!))!.Pending);
        Assert.Null(await _accounts.FindSessionByToken(other.Token!));
        Assert.Equal(SignInStatus.Succeeded, (await _accounts.SignIn("bientap", "Mat-khau-rieng-2027", SessionKinds.Bearer, Client)).Status);
        Assert.Single(await Audit("user.password-changed"));
        Assert.Single(await Audit("user.password-change-refused"));
    }

    [Fact]
    public async Task Admin_never_beside_an_approver_and_nobody_changes_their_own_roles()
    {
        await Assert.ThrowsAsync<ArgumentException>(() =>
            _accounts.CreateUser(new NewUser("quantri2", null, Password, [Roles.Admin, Roles.ChiefOfOffice], null), Admin));
        await _accounts.CreateUser(new NewUser("quantri2", null, Password, [Roles.Admin], null), Admin);
        Assert.Equal(RoleChange.SeparationOfDuties, await _accounts.SetRoles("quantri2", [Roles.Admin, Roles.EditorialHead], null, Admin));
        Assert.Equal(RoleChange.OwnAccount, await _accounts.SetRoles("quantri2", [Roles.Admin, Roles.Leadership], null, Admin with { Name = "quantri2" }));
        Assert.Equal([Roles.Admin], (await _accounts.FindUser("quantri2"))!.Roles);
        Assert.Equal(RoleChange.Changed, await _accounts.SetRoles("quantri2", [Roles.EditorialHead], null, Admin));
    }

    [Fact]
    public async Task An_approver_enrols_a_second_factor_then_signs_in_only_with_a_fresh_code_or_an_unused_recovery_code()
    {
        await _accounts.CreateUser(new NewUser("truongban", null, Password, [Roles.EditorialHead], null, MustChangePassword: false), Admin);
        var first = (await _accounts.SignIn("truongban", Password, SessionKinds.Bearer, Client)).Started!;
        Assert.Equal(PendingSteps.SecondFactorEnrollment, first.Session.Pending);

        var secret = (await _accounts.BeginSecondFactor("truongban", Client))!;
        Assert.Null(await _accounts.ConfirmSecondFactor("truongban", "000000", Client));
        Assert.Equal(0, await _db.Scalar($"SELECT COUNT(*) FROM app_user WHERE totp_secret LIKE '%{SecondFactor.Base32(secret)}%'"));
        var codes = (await _accounts.ConfirmSecondFactor("truongban", SecondFactor.CodeAt(secret, _time.GetUtcNow()), Client))!;
        Assert.Equal(10, codes.Distinct().Count());
        Assert.Null((await _accounts.FindSessionByToken(first.Token!))!.Pending);
        Assert.Null(await _accounts.BeginSecondFactor("truongban", Client));

        // The step used to confirm cannot be used again; the next one can, once.
        Assert.Equal(SignInStatus.SecondFactorRequired, (await _accounts.SignIn("truongban", Password, SessionKinds.Bearer, Client)).Status);
        Assert.Equal(SignInStatus.Failed, (await _accounts.SignIn("truongban", Password, SessionKinds.Bearer, Client, SecondFactor.CodeAt(secret, _time.GetUtcNow()))).Status);
        _time.Advance(TimeSpan.FromSeconds(30));
        var code = SecondFactor.CodeAt(secret, _time.GetUtcNow());
        Assert.Equal(SignInStatus.Succeeded, (await _accounts.SignIn("truongban", Password, SessionKinds.Bearer, Client, code)).Status);
        Assert.Equal(SignInStatus.Failed, (await _accounts.SignIn("truongban", Password, SessionKinds.Bearer, Client, code)).Status);

        // A recovery code (typed in capitals, without its dash) works once.
        var recovery = codes[3].Replace("-", "", StringComparison.Ordinal).ToUpperInvariant();
        Assert.Equal(SignInStatus.Succeeded, (await _accounts.SignIn("truongban", Password, SessionKinds.Bearer, Client with { Ip = "10.20.0.8" }, recovery)).Status);
        Assert.Equal(SignInStatus.Failed, (await _accounts.SignIn("truongban", Password, SessionKinds.Bearer, Client with { Ip = "10.20.0.8" }, recovery)).Status);
        Assert.Contains("\"left\":9", Assert.Single(await Audit("auth.recovery-code-used")).Details, StringComparison.Ordinal);

        // A wrong password with a right code is a wrong password.
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(SignInStatus.Failed, (await _accounts.SignIn("truongban", "sai", SessionKinds.Bearer, Client with { Ip = "10.20.0.9" }, SecondFactor.CodeAt(secret, _time.GetUtcNow()))).Status);

        // A lost phone: another administrator resets it, the sessions end, the next sign-in enrols again.
        Assert.True(await _accounts.ResetSecondFactor("truongban", Admin));
        Assert.Null(await _accounts.FindSessionByToken(first.Token!));
        Assert.Equal(PendingSteps.SecondFactorEnrollment, (await _accounts.SignIn("truongban", Password, SessionKinds.Bearer, Client with { Ip = "10.20.0.9" })).Started!.Session.Pending);
    }

    [Fact]
    public async Task A_pairing_code_opens_one_device_session_once_and_revoking_the_screen_ends_it()
    {
        var (kiosk, token) = await _accounts.CreateKiosk("Phòng giám sát 1", Admin);
        Assert.Equal(_time.GetUtcNow().AddMinutes(30), kiosk.PairingExpiresAt);
        var session = await _accounts.OpenKiosk(token, Client);
        Assert.NotNull(session);
        Assert.Equal([Roles.WallDisplay], session.Roles);
        Assert.Equal(session.Id, (await _accounts.FindSession(session.Id))!.Id);
        Assert.Equal(0, await _db.Scalar($"SELECT COUNT(*) FROM kiosk WHERE token_hash = '{token}'"));

        // The same link a second time (copied, forwarded, replayed from a browser's history) opens nothing.
        Assert.Null(await _accounts.OpenKiosk(token, Client with { Ip = "198.51.100.7" }));
        _time.Advance(TimeSpan.FromMinutes(2));
        Assert.NotNull(await _accounts.FindSession(session.Id));
        var listed = Assert.Single(await _accounts.ListKiosks());
        Assert.Equal(_time.GetUtcNow().AddMinutes(-2), listed.PairedAt);
        Assert.Equal(_time.GetUtcNow(), listed.LastSeenAt);

        var ended = new List<string>();
        _accounts.SessionsEnded += ended.AddRange;
        Assert.True(await _accounts.RevokeKiosk(kiosk.Id, Admin));
        Assert.Equal([session.Id], ended);
        Assert.Null(await _accounts.FindSession(session.Id));
        Assert.False(await _accounts.RevokeKiosk(kiosk.Id, Admin));
        Assert.Null(await _accounts.RePairKiosk(kiosk.Id, Admin));

        Assert.Single(await Audit("kiosk.opened"));
        Assert.Single(await Audit("kiosk.revoked"));
        var refused = Assert.Single(await Audit("kiosk.refused"));
        Assert.Equal("198.51.100.7", refused.Ip);
        Assert.Contains("already-paired", refused.Details, StringComparison.Ordinal);
        Assert.Null(await _accounts.OpenKiosk("not-a-token", Client));
    }

    [Fact]
    public async Task An_unused_pairing_code_expires_and_a_re_pairing_replaces_the_device()
    {
        var (kiosk, stale) = await _accounts.CreateKiosk("Hội trường", Admin);
        _time.Advance(TimeSpan.FromMinutes(31));
        Assert.Null(await _accounts.OpenKiosk(stale, Client));
        Assert.Contains("pairing-expired", Assert.Single(await Audit("kiosk.refused")).Details, StringComparison.Ordinal);

        var (_, first) = (await _accounts.RePairKiosk(kiosk.Id, Admin))!.Value;
        var device = (await _accounts.OpenKiosk(first, Client))!;
        var (_, second) = (await _accounts.RePairKiosk(kiosk.Id, Admin))!.Value;
        Assert.Null(await _accounts.FindSession(device.Id));
        Assert.Null(await _accounts.OpenKiosk(first, Client));
        Assert.NotNull(await _accounts.OpenKiosk(second, Client));
    }

    [Fact]
    public async Task Role_changes_apply_to_live_sessions_and_are_audited_with_before_and_after()
    {
        var token = (await _accounts.SignIn("bientap", Password, SessionKinds.Bearer, Client)).Started!.Token!;
        var closed = new List<string>();
        _accounts.SessionsEnded += closed.AddRange;
        Assert.Equal(RoleChange.Changed, await _accounts.SetRoles("bientap", [Roles.UnitOfficer], "SXD", Admin));
        var session = await _accounts.FindSessionByToken(token);
        Assert.Equal([session!.Id], closed); // its live screens reconnect with the new rights
        Assert.Equal([Roles.UnitOfficer], session.Roles);
        Assert.Equal("SXD", session.Unit);
        var row = Assert.Single(await Audit("user.roles-changed"));
        Assert.Contains("\"before\":{\"roles\":[\"EditorialStaff\"]", row.Details, StringComparison.Ordinal);
        Assert.Contains("\"unit\":\"SXD\"", row.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_username_can_be_taken_once()
    {
        Assert.Null(await _accounts.CreateUser(new NewUser("BIENTAP", null, Password, [Roles.Leadership], null), Admin));
        Assert.Single(await Audit("user.created"));
    }

    [Fact]
    public async Task An_account_change_whose_audit_row_cannot_be_written_is_not_made()
    {
        // The audit row and the change share one transaction: make the audit insert fail and nothing remains.
        await _db.Execute("CREATE TRIGGER fail_audit BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'audit unavailable'); END");
        await Assert.ThrowsAnyAsync<SqliteException>(() =>
            _accounts.CreateUser(new NewUser("lanhdao", null, Password, [Roles.Leadership], null), Admin));
        await Assert.ThrowsAnyAsync<SqliteException>(() => _accounts.SetDisabled("bientap", true, Admin));
        Assert.Null(await _accounts.FindUser("lanhdao"));
        Assert.False((await _accounts.FindUser("bientap"))!.Disabled);
    }
}
