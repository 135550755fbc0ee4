using System.Security.Cryptography;
using LaoCaiFanpage.Contracts.Accounts;
using LaoCaiFanpage.Silo.Accounts;

namespace LaoCaiFanpage.Silo.Demo;

/// <summary>
/// One account per role for the demo, each with a password generated for this run (an account left by an earlier run
/// gets a new one): whoever starts the demo signs in and sees the officer pages, never with a built-in password.
/// </summary>
public static class DemoAccounts
{
    public static async Task<IReadOnlyList<(DemoCast.Person Person, string Password)>> CreateAsync(AccountStore accounts, CancellationToken cancellationToken)
    {
        var system = Actor.System("demo");
        var created = new List<(DemoCast.Person, string)>();
        foreach (var person in DemoCast.Everyone)
        {
            var password = NewPassword();
            if (await accounts.FindUser(person.Username, cancellationToken) is null)
            {
                await accounts.CreateUser(new NewUser(person.Username, person.DisplayName, password, [person.Role], person.Unit, MustChangePassword: false), system, cancellationToken);
            }
            else
            {
                await accounts.SetRoles(person.Username, [person.Role], person.Unit, system, cancellationToken);
                await accounts.ResetPassword(person.Username, password, system, cancellationToken);
                await accounts.SetDisabled(person.Username, false, system, cancellationToken);
            }

            created.Add((person, password));
        }

        return created;
    }

    /// <summary>Letters, digits and a symbol, 16 characters: within the password policy, and new at every run.</summary>
    private static string NewPassword() =>
        "Demo-" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(9)).Replace('+', 'x').Replace('/', 'y') + "7";
}
