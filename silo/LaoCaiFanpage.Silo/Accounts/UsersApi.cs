using System.Text.Json;
using System.Text.RegularExpressions;
using LaoCaiFanpage.Contracts.Accounts;
using LaoCaiFanpage.Grains.Units;
using LaoCaiFanpage.Silo.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LaoCaiFanpage.Silo.Accounts;

/// <summary>Account management for administrators. Accounts are disabled, never deleted (R8.4c).</summary>
public static partial class UsersApi
{
    public static IEndpointRouteBuilder MapUsersApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/users").WithTags("Users").RequireAuthorization(AccessPolicies.Administer).DisableAntiforgery();
        group.MapGet("/", List).WithSummary("The accounts (administrators)");
        group.MapPost("/", Create).WithSummary("Creates an account with its roles and unit");
        group.MapGet("/{username}", Get).WithSummary("One account");
        group.MapPost("/{username}/disable", (string username, HttpContext context, AccountStore accounts) => SetDisabled(username, true, context, accounts)).WithSummary("Disables an account and ends its sessions");
        group.MapPost("/{username}/enable", (string username, HttpContext context, AccountStore accounts) => SetDisabled(username, false, context, accounts)).WithSummary("Enables a disabled account");
        group.MapPost("/{username}/password", ResetPassword).WithSummary("Sets an account's password (it must be changed at the next sign-in)");
        group.MapPost("/{username}/roles", SetRoles).WithSummary("Sets an account's roles and unit (an administrator never also approves)");
        group.MapPost("/{username}/second-factor/reset", ResetSecondFactor).WithSummary("Removes an account's authenticator app");
        group.MapPut("/{username}", UpdateContact).WithSummary("Changes an account's display name or e-mail");
        return routes;
    }

    /// <summary><paramref name="LockedUntil"/>: the latest lock of any one address for this account (other addresses may still sign in).</summary>
    public sealed record UserView(string Username, string? DisplayName, IReadOnlyList<string> Roles, string? Unit, bool Disabled, DateTimeOffset? LockedUntil,
        DateTimeOffset CreatedAt, string CreatedBy, string? Email, bool MustChangePassword, bool SecondFactor)
    {
        public static UserView Of(UserAccount user) =>
            new(user.Username, user.DisplayName, user.Roles, user.Unit, user.Disabled, user.LockedUntil, user.CreatedAt, user.CreatedBy, user.Email,
                user.MustChangePassword, user.SecondFactorEnabled);
    }

    private static async Task<Ok<UserView[]>> List(AccountStore accounts, CancellationToken cancellationToken) =>
        TypedResults.Ok((await accounts.ListUsers(cancellationToken)).Select(UserView.Of).ToArray());

    private static async Task<Results<Ok<UserView>, ProblemHttpResult>> Get(string username, AccountStore accounts, CancellationToken cancellationToken) =>
        await accounts.FindUser(username, cancellationToken) is { } user ? TypedResults.Ok(UserView.Of(user)) : NoSuchUser(username);

    private static async Task<Results<Created<UserView>, ProblemHttpResult>> Create(
        HttpContext context, AccountStore accounts, PasswordPolicy policy, UnitDirectory units)
    {
        var body = await CommandBody.Read(context.Request, context.RequestAborted);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var username = Usernames.Normalize(body.Text("username") ?? string.Empty);
        if (!UsernamePattern().IsMatch(username))
        {
            return Problems.InvalidParameter("username must be 3–64 characters: lower-case letters a–z, digits, '.', '_' or '-', starting with a letter.");
        }

        var displayName = body.Text("displayName")?.Trim();
        if (displayName is { Length: > 200 })
        {
            return Problems.InvalidParameter("displayName must be at most 200 characters.");
        }

        var access = ReadAccess(body, units);
        if (access.Problem is not null)
        {
            return access.Problem;
        }

        var contact = ContactDetails.Read(body);
        if (contact.Problem is not null)
        {
            return contact.Problem;
        }

        var password = body.Text("password");
        var weak = policy.Check(username, password);
        if (weak.Count > 0)
        {
            return Problems.BadRequest("Mật khẩu không đạt yêu cầu / Password rejected", string.Join(" ", weak));
        }

        var created = await accounts.CreateUser(new NewUser(username, string.IsNullOrEmpty(displayName) ? null : displayName, password!, access.Roles, access.Unit, contact.Email),
            context.Actor(), context.RequestAborted);
        return created is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Tên đăng nhập đã tồn tại / Username taken", detail: $"An account named '{username}' exists already.")
            : TypedResults.Created($"/api/users/{created.Username}", UserView.Of(created));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> SetDisabled(string username, bool disabled, HttpContext context, AccountStore accounts)
    {
        if (disabled && string.Equals(Usernames.Normalize(username), context.User.Identity?.Name, StringComparison.Ordinal))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Không thể tự khóa tài khoản / Cannot disable yourself",
                detail: "Another administrator must disable this account.");
        }

        return await accounts.SetDisabled(username, disabled, context.Actor(), context.RequestAborted) ? TypedResults.NoContent() : NoSuchUser(username);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> ResetPassword(string username, HttpContext context, AccountStore accounts, PasswordPolicy policy)
    {
        var body = await CommandBody.Read(context.Request, context.RequestAborted);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var user = await accounts.FindUser(username, context.RequestAborted);
        if (user is null)
        {
            return NoSuchUser(username);
        }

        var password = body.Text("password");
        var weak = policy.Check(user.Username, password);
        if (weak.Count > 0)
        {
            return Problems.BadRequest("Mật khẩu không đạt yêu cầu / Password rejected", string.Join(" ", weak));
        }

        await accounts.ResetPassword(user.Username, password!, context.Actor(), context.RequestAborted);
        return TypedResults.NoContent();
    }

    /// <summary>A lost phone: the account's second factor is cleared and its sessions end; it enrols again at the next sign-in.</summary>
    private static async Task<Results<NoContent, ProblemHttpResult>> ResetSecondFactor(string username, HttpContext context, AccountStore accounts)
    {
        if (string.Equals(Usernames.Normalize(username), context.User.Identity?.Name, StringComparison.Ordinal))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Không thể tự đặt lại / Cannot reset your own second factor",
                detail: "Another administrator must reset this account's second factor.");
        }

        return await accounts.ResetSecondFactor(username, context.Actor(), context.RequestAborted) ? TypedResults.NoContent() : NoSuchUser(username);
    }

    private static async Task<Results<Ok<UserView>, ProblemHttpResult>> SetRoles(string username, HttpContext context, AccountStore accounts, UnitDirectory units)
    {
        var body = await CommandBody.Read(context.Request, context.RequestAborted);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var access = ReadAccess(body, units);
        if (access.Problem is not null)
        {
            return access.Problem;
        }

        switch (await accounts.SetRoles(username, access.Roles, access.Unit, context.Actor(), context.RequestAborted))
        {
            case RoleChange.NoSuchUser:
                return NoSuchUser(username);
            case RoleChange.OwnAccount:
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Không thể tự đổi quyền / Cannot change your own roles",
                    detail: "Another administrator must change this account's roles (separation of duties).");
            case RoleChange.SeparationOfDuties:
                return SeparationOfDuties(access.Roles);
        }

        return TypedResults.Ok(UserView.Of((await accounts.FindUser(username, context.RequestAborted))!));
    }

    /// <summary>An administrator corrects an account's contact details: <c>{"email": …, "displayName": …}</c> (either may be left out).</summary>
    private static async Task<Results<Ok<UserView>, ProblemHttpResult>> UpdateContact(string username, HttpContext context, AccountStore accounts)
    {
        var contact = await ContactDetails.Read(context.Request, context.RequestAborted);
        if (contact.Problem is not null)
        {
            return contact.Problem;
        }

        var updated = await accounts.UpdateContact(username, contact, context.Actor(), context.RequestAborted);
        return updated is null ? NoSuchUser(username) : TypedResults.Ok(UserView.Of(updated));
    }

    private sealed record Access(IReadOnlyList<string> Roles, string? Unit, ProblemHttpResult? Problem);

    /// <summary>roles (known names, at least one) and unit (required for and only for a UnitOfficer or UnitHead, a known unit code).</summary>
    private static ProblemHttpResult SeparationOfDuties(IReadOnlyList<string> roles) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Vi phạm nguyên tắc tách biệt nhiệm vụ / Separation of duties",
            detail: Roles.SeparationOfDutiesConflict(roles));

    private static Access ReadAccess(CommandBody body, UnitDirectory units)
    {
        if (!body.Root.TryGetProperty("roles", out var list) || list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0 || list.GetArrayLength() > Roles.People.Count
            || list.EnumerateArray().Any(r => r.ValueKind != JsonValueKind.String))
        {
            return new([], null, Problems.InvalidParameter($"roles must be a non-empty array of role names: {string.Join(", ", Roles.People)}."));
        }

        var roles = new List<string>();
        foreach (var name in list.EnumerateArray().Select(r => r.GetString()!))
        {
            var role = Roles.Canonical(name);
            if (role is null || !Roles.People.Contains(role))
            {
                return new([], null, Problems.InvalidParameter(role is null
                    ? $"'{Problems.Quote(name)}' is not a role; roles are {string.Join(", ", Roles.People)}."
                    : $"{role} is a service token's role (POST /api/tokens), not a person's; roles are {string.Join(", ", Roles.People)}."));
            }

            if (!roles.Contains(role))
            {
                roles.Add(role);
            }
        }

        if (Roles.SeparationOfDutiesConflict(roles) is not null)
        {
            return new([], null, SeparationOfDuties(roles));
        }

        var unitCode = body.Text("unit");
        if (roles.Any(Roles.OfUnit.Contains))
        {
            var unit = units.Find(unitCode ?? string.Empty);
            if (unit is null)
            {
                return new([], null, Problems.BadRequest("Đơn vị không tồn tại / Unknown unit",
                    unitCode is null ? "A UnitOfficer or UnitHead needs unit: the code of their unit." : $"No unit has the code '{Problems.Quote(unitCode)}'."));
            }

            return new(roles, unit.Code, null);
        }

        return unitCode is null ? new(roles, null, null) : new([], null, Problems.InvalidParameter("unit is given only to a UnitOfficer or UnitHead."));
    }

    private static ProblemHttpResult NoSuchUser(string username) =>
        Problems.NotFound("Không tìm thấy tài khoản / No such account", $"No account is named '{Problems.Quote(username)}'.");


    [GeneratedRegex("^[a-z][a-z0-9._-]{2,63}$")]
    private static partial Regex UsernamePattern();
}
