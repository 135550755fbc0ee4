using System.ComponentModel.DataAnnotations;

namespace LaoCaiFanpage.Grains.Fanpages;

/// <summary>The official page (configuration section <c>Fanpage</c>).</summary>
public sealed class FanpageOptions
{
    public const string Section = "Fanpage";

    /// <summary>Facebook's numeric page id; deliveries for any other page are refused.</summary>
    [Required(ErrorMessage = "Fanpage:PageId is required (the official page's Facebook id).")]
    [RegularExpression("^[0-9]{1,30}$", ErrorMessage = "Fanpage:PageId must be Facebook's numeric page id.")]
    public string PageId { get; set; } = string.Empty;

    public string Username { get; set; } = "UBNDTLC";

    public string Name { get; set; } = "UBND tỉnh Lào Cai";

    /// <summary>How many of the newest messages the wall's live feed keeps.</summary>
    [Range(5, 500)]
    public int FeedSize { get; set; } = 30;
}
