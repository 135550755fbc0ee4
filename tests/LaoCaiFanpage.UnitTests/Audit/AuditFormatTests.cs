using LaoCaiFanpage.Grains.Audit;
using LaoCaiFanpage.Silo.Http;

namespace LaoCaiFanpage.UnitTests.Audit;

public sealed class AuditFormatTests
{
    private static readonly AuditRow Row = new(7, new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.Zero), "admin", "10.0.0.1", "curl", "user.created", "user/x", "{}", null, null);

    [Fact]
    public void The_hash_depends_on_the_previous_hash_the_position_and_every_field()
    {
        var hash = AuditHash.Compute(AuditHash.Genesis, 1, Row);
        Assert.Matches("^[0-9a-f]{64}$", hash);
        Assert.Equal(hash, AuditHash.Compute(AuditHash.Genesis, 1, Row));
        var variants = new[]
        {
            AuditHash.Compute(hash, 1, Row),
            AuditHash.Compute(AuditHash.Genesis, 2, Row),
            AuditHash.Compute(AuditHash.Genesis, 1, Row with { Id = 8 }),
            AuditHash.Compute(AuditHash.Genesis, 1, Row with { At = Row.At.AddMilliseconds(1) }),
            AuditHash.Compute(AuditHash.Genesis, 1, Row with { Actor = "admin2" }),
            AuditHash.Compute(AuditHash.Genesis, 1, Row with { Ip = null }),
            AuditHash.Compute(AuditHash.Genesis, 1, Row with { Ip = string.Empty }),
            AuditHash.Compute(AuditHash.Genesis, 1, Row with { UserAgent = "curl2" }),
            AuditHash.Compute(AuditHash.Genesis, 1, Row with { Action = "user.disabled" }),
            AuditHash.Compute(AuditHash.Genesis, 1, Row with { Target = "user/y" }),
            AuditHash.Compute(AuditHash.Genesis, 1, Row with { Details = null }),
        };
        Assert.Equal(variants.Length + 1, variants.Append(hash).Distinct().Count());
    }

    [Fact]
    public void Moving_text_between_adjacent_fields_changes_the_hash()
    {
        // Without length prefixes "ab"+"c" and "a"+"bc" would hash alike.
        Assert.NotEqual(
            AuditHash.Compute(AuditHash.Genesis, 1, Row with { Actor = "ab", Ip = "c" }),
            AuditHash.Compute(AuditHash.Genesis, 1, Row with { Actor = "a", Ip = "bc" }));
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"")]
    [InlineData("+1+1", "\"'+1+1\"")]
    [InlineData("-2", "\"'-2\"")]
    [InlineData("@SUM(A1)", "\"'@SUM(A1)\"")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("dòng 1\ndòng 2", "\"dòng 1\ndòng 2\"")]
    [InlineData("Nguyễn Văn A", "Nguyễn Văn A")]
    [InlineData("\t=1+1", "\"'\t=1+1\"")]
    [InlineData("\r=1+1", "\"'\r=1+1\"")]
    [InlineData(null, "")]
    public void Csv_cells_are_quoted_and_never_run_as_formulas(string? value, string expected) =>
        Assert.Equal(expected, SafeCsv.Line(value));
}
