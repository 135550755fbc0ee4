using System.Xml.Linq;
using LaoCaiFanpage.Grains.Storage;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace LaoCaiFanpage.Silo.Accounts;

/// <summary>
/// Keeps ASP.NET Core's Data Protection key ring in the database, so sign-in cookies survive restarts
/// (a wall screen must not fall back to the sign-in page because the host was restarted) and are
/// understood by every host reading the same database.
/// </summary>
public sealed class DatabaseXmlRepository(FanpageDatabase database) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT xml FROM data_protection_key ORDER BY name";
        using var reader = command.ExecuteReader();
        var elements = new List<XElement>();
        while (reader.Read())
        {
            elements.Add(XElement.Parse(reader.GetString(0)));
        }

        return elements;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO data_protection_key (name, xml) VALUES (@name, @xml) ON CONFLICT (name) DO UPDATE SET xml = excluded.xml";
        command.AddParameter("@name", friendlyName);
        command.AddParameter("@xml", element.ToString(SaveOptions.DisableFormatting));
        command.ExecuteNonQuery();
    }
}
