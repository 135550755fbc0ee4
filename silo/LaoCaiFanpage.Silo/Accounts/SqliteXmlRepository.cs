using System.Xml.Linq;
using LaoCaiFanpage.Grains.Storage;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Data.Sqlite;

namespace LaoCaiFanpage.Silo.Accounts;

/// <summary>
/// Keeps ASP.NET Core's Data Protection key ring in the database, so sign-in cookies survive restarts
/// (a wall screen must not fall back to the sign-in page because the host was restarted) and are
/// understood by every host reading the same database.
/// </summary>
public sealed class SqliteXmlRepository(SqliteDatabase database) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var connection = new SqliteConnection(database.ConnectionString);
        connection.Open();
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
        using var connection = new SqliteConnection(database.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT OR REPLACE INTO data_protection_key (name, xml) VALUES ($name, $xml)";
        command.Parameters.AddWithValue("$name", friendlyName);
        command.Parameters.AddWithValue("$xml", element.ToString(SaveOptions.DisableFormatting));
        command.ExecuteNonQuery();
    }
}
