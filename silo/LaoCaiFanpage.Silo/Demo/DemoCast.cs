using LaoCaiFanpage.Contracts.Accounts;

namespace LaoCaiFanpage.Silo.Demo;

/// <summary>The people the demo plays: the Office's Editorial Board, its approvers, and an officer and a head per unit.</summary>
public static class DemoCast
{
    public sealed record Person(string Username, string DisplayName, string Role, string? Unit = null)
    {
        public Actor Actor => new(Username, "127.0.0.1", "demo", [Role], Unit);
    }

    public static readonly Person Admin = new("quan-tri", "Quản trị hệ thống (demo)", Roles.Admin);
    public static readonly Person Staff = new("bien-tap", "Chuyên viên Ban biên tập (demo)", Roles.EditorialStaff);
    public static readonly Person Head = new("truong-ban", "Trưởng Ban biên tập (demo)", Roles.EditorialHead);
    public static readonly Person Chief = new("chanh-van-phong", "Chánh Văn phòng (demo)", Roles.ChiefOfOffice);
    public static readonly Person Standing = new("thuong-truc", "Thường trực UBND tỉnh (demo)", Roles.StandingCommittee);
    public static readonly Person Leader = new("lanh-dao", "Lãnh đạo tỉnh (demo)", Roles.Leadership);
    public static readonly Person Crisis = new("ung-pho", "Cán bộ Sở KH&CN ứng phó khủng hoảng (demo)", Roles.CrisisOfficer);

    /// <summary>The units the demo routes to: the departments citizens ask most, and the ward of the provincial centre.</summary>
    public static readonly IReadOnlyList<string> Units = ["SXD", "STC", "SYT", "SGDDT", "SCT", "SNNMT", "02647"];

    public static Person Officer(string unit) => new("can-bo-" + unit.ToLowerInvariant(), $"Cán bộ {unit} (demo)", Roles.UnitOfficer, unit);

    public static Person UnitHead(string unit) => new("lanh-dao-" + unit.ToLowerInvariant(), $"Lãnh đạo {unit} (demo)", Roles.UnitHead, unit);

    /// <summary>Everyone, the ones printed beside the kiosk link first.</summary>
    public static IReadOnlyList<Person> Everyone { get; } =
        [Admin, Staff, Head, Chief, Standing, Leader, Crisis, Officer(Units[0]), UnitHead(Units[0]), .. Units.Skip(1).SelectMany(u => new[] { Officer(u), UnitHead(u) })];

    /// <summary>How many of <see cref="Everyone"/> the banner lists (one officer and one head stand for the units).</summary>
    public const int Printed = 9;
}
