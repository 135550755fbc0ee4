using LaoCaiFanpage.Grains.Units;

namespace LaoCaiFanpage.UnitTests.Units;

public sealed class UnitDirectoryTests
{
    [Fact]
    public void The_shipped_directory_has_the_provinces_units_with_vietnamese_names()
    {
        var directory = UnitDirectory.Load(null);
        Assert.True(directory.All.Count >= 20);
        Assert.Equal("Sở Tài chính", directory.Find("STC")!.Name);
        Assert.Equal("Văn phòng UBND tỉnh", directory.Find("vp")!.Name);
        Assert.Contains(directory.All, u => u.Kind == "commune");
        Assert.Contains(directory.All, u => u.Kind == "ward");
        Assert.Null(directory.Find("NOPE"));
    }

    [Fact]
    public void The_shipped_directory_has_the_99_commune_level_units_of_1_july_2025_under_their_national_codes()
    {
        var communeLevel = UnitDirectory.Load(null).All.Where(u => u.Level == "commune").ToList();
        Assert.Equal(99, communeLevel.Count);
        Assert.Equal((10, 89), (communeLevel.Count(u => u.Kind == "ward"), communeLevel.Count(u => u.Kind == "commune")));
        Assert.All(communeLevel, u => Assert.Matches("^[0-9]{5}$", u.Code));
        Assert.All(communeLevel, u => Assert.Matches("^UBND (phường|xã) ", u.Name));
        var directory = UnitDirectory.Load(null);
        Assert.Equal("UBND phường Lào Cai", directory.Find("02647")!.Name);
        Assert.Equal("UBND xã Bát Xát", directory.Find("02683")!.Name);
        Assert.Equal("UBND xã Y Tý", directory.Find("02701")!.Name);
    }

    [Fact]
    public void A_directory_file_replaces_the_shipped_one()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, """{"units":[{"code":"XA1","name":"UBND xã Thử Nghiệm","kind":"commune","level":"commune"}]}""");
            var directory = UnitDirectory.Load(path);
            Assert.Equal("UBND xã Thử Nghiệm", Assert.Single(directory.All).Name);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Duplicate_or_nameless_units_are_refused()
    {
        Assert.Throws<InvalidDataException>(() => new UnitDirectory([new("A", "Một", "x", "y"), new("a", "Hai", "x", "y")]));
        Assert.Throws<InvalidDataException>(() => new UnitDirectory([new("A", "", "x", "y")]));
    }
}
