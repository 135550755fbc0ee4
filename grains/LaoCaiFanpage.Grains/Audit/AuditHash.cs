using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace LaoCaiFanpage.Grains.Audit;

/// <summary>
/// The chain link of one row: HMAC-SHA256 with the chain key (plain SHA-256 for rows sealed before the chain was
/// keyed) over the previous row's hash and every field of this row, each field written with its length first, so
/// no two different rows can produce the same input.
/// </summary>
public static class AuditHash
{
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    public static string Compute(string previousHash, long chainSeq, AuditRow row) => Compute(null, previousHash, chainSeq, row);

    public static string Compute(byte[]? key, string previousHash, long chainSeq, AuditRow row)
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
        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        return Convert.ToHexStringLower(key is null ? SHA256.HashData(bytes) : HMACSHA256.HashData(key, bytes));
    }
}
