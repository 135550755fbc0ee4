using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace LaoCaiFanpage.Silo.Audit;

/// <summary>
/// The chain link of one row: SHA-256 over the previous row's hash and every field of this row, each
/// field written with its length first, so no two different rows can produce the same input.
/// </summary>
public static class AuditHash
{
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    public static string Compute(string previousHash, long chainSeq, AuditRow row)
    {
        var text = new StringBuilder(256);
        void Field(string? value)
        {
            if (value is null)
            {
                text.Append("-1:");
                return;
            }

            text.Append(value.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(value);
        }

        Field(previousHash);
        Field(chainSeq.ToString(CultureInfo.InvariantCulture));
        Field(row.Id.ToString(CultureInfo.InvariantCulture));
        Field(row.At.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
        Field(row.Actor);
        Field(row.Ip);
        Field(row.UserAgent);
        Field(row.Action);
        Field(row.Target);
        Field(row.Details);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
