using LaoCaiFanpage.Contracts.Accounts;
using LaoCaiFanpage.Silo.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LaoCaiFanpage.Silo.Accounts;

/// <summary>A person's own profile: the name and e-mail their notifications and reports go to.</summary>
public static class ProfileApi
{
    public static IEndpointRouteBuilder MapProfileApi(this IEndpointRouteBuilder routes)
    {
        var me = routes.MapGroup("/api/me").WithTags("Me").RequireAuthorization(AccessPolicies.OwnAccount).DisableAntiforgery();
        me.MapGet("/", GetProfile).WithSummary("The caller's own profile: name, e-mail, roles and unit");
        me.MapPut("/", UpdateProfile).WithSummary("Changes the caller's display name or e-mail");
        return routes;
    }

    public sealed record ProfileView(string Username, string? DisplayName, string? Email, IReadOnlyList<string> Roles, string? Unit);

    private static async Task<Results<Ok<ProfileView>, ProblemHttpResult>> GetProfile(HttpContext context, AccountStore accounts) =>
        await accounts.FindUser(context.User.Identity!.Name!, context.RequestAborted) is { } user ? TypedResults.Ok(Profile(user)) : NoAccount();

    private static async Task<Results<Ok<ProfileView>, ProblemHttpResult>> UpdateProfile(HttpContext context, AccountStore accounts)
    {
        var contact = await ContactDetails.Read(context.Request, context.RequestAborted);
        if (contact.Problem is not null)
        {
            return contact.Problem;
        }

        var updated = await accounts.UpdateContact(context.User.Identity!.Name!, contact, context.Actor(), context.RequestAborted);
        return updated is null ? NoAccount() : TypedResults.Ok(Profile(updated));
    }

    private static ProfileView Profile(UserAccount user) => new(user.Username, user.DisplayName, user.Email, user.Roles, user.Unit);

    private static ProblemHttpResult NoAccount() =>
        Problems.Forbidden("Không có quyền / Forbidden", "This session belongs to no person's account.");
}
