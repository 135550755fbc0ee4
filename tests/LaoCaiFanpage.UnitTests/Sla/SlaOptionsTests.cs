using LaoCaiFanpage.Grains.Sla;
using Microsoft.Extensions.Configuration;

namespace LaoCaiFanpage.UnitTests.Sla;

public sealed class SlaOptionsTests
{
    private static SlaOptions Bind(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection(SlaOptions.Section).Get<SlaOptions>() ?? new SlaOptions();

    [Fact]
    public void Configured_office_hours_replace_the_default_sessions()
    {
        var options = Bind(new() { ["Sla:OfficeHours:0"] = "08:00-11:30", ["Sla:OfficeHours:1"] = "13:00-16:30" });
        Assert.Equal(["08:00-11:30", "13:00-16:30"], options.EffectiveOfficeHours);
        Assert.Empty(options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)));
        var calendar = options.BuildCalendar();
        // Tuesday 1 December 2026: 7 working hours, the first starting at 08:00.
        var tuesday = new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.FromHours(7));
        Assert.Equal(tuesday.AddHours(3.5), calendar.AddWorkingTime(tuesday, TimeSpan.FromHours(3.5)));
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 13, 30, 0, TimeSpan.FromHours(7)), calendar.AddWorkingTime(tuesday, TimeSpan.FromHours(4)));
    }

    [Fact]
    public void Without_configured_sessions_the_provinces_office_hours_apply()
    {
        var options = Bind(new() { ["Sla:Counting"] = "civil" });
        Assert.Equal(["07:30-12:00", "13:30-17:00"], options.EffectiveOfficeHours);
        var calendar = options.BuildCalendar();
        var tuesday = new DateTimeOffset(2026, 12, 1, 7, 30, 0, TimeSpan.FromHours(7));
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 14, 0, 0, TimeSpan.FromHours(7)), calendar.AddWorkingTime(tuesday, TimeSpan.FromHours(5)));
    }
}
