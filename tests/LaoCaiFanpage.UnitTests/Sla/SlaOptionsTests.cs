using System.ComponentModel.DataAnnotations;
using LaoCaiFanpage.Contracts.Threads;
using LaoCaiFanpage.Grains.Sla;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

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
        Assert.Empty(options.Validate(new ValidationContext(options)));
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

    [Fact]
    public void Limits_are_read_from_their_section_and_default_to_the_regulations_days()
    {
        Assert.Equal(new SlaLimits { Own = 1, Coordination = 2, Complex = 3, IntakeWorkingHours = 4, ApprovalWorkingHours = 4 }, Bind([]).Limits);
        var options = Bind(new() { ["Sla:Limits:Own"] = "2", ["Sla:Limits:ApprovalWorkingHours"] = "1.5" });
        Assert.Equal((2, 3, 1.5), (options.Limits.Own, options.Limits.Complex, options.Limits.ApprovalWorkingHours));
        Assert.Empty(options.Validate(new ValidationContext(options)));

        // Sla:IntakeWorkingHours and Sla:ApprovalWorkingHours are the same limits under their shorter names.
        var shorter = Bind(new() { ["Sla:IntakeWorkingHours"] = "2", ["Sla:ApprovalWorkingHours"] = "3", ["Sla:Limits:ApprovalWorkingHours"] = "6" });
        Assert.Equal((2.0, 3.0), (shorter.EffectiveLimits.IntakeWorkingHours, shorter.EffectiveLimits.ApprovalWorkingHours));
    }

    [Theory]
    [InlineData("Own", "0")]
    [InlineData("Complex", "31")]
    [InlineData("IntakeWorkingHours", "0")]
    [InlineData("ApprovalWorkingHours", "100")]
    public void A_limit_outside_its_range_stops_start_up_with_its_name(string key, string value)
    {
        var options = Bind(new() { ["Sla:Limits:" + key] = value });
        var problem = Assert.Single(options.Validate(new ValidationContext(options)));
        Assert.Contains("Sla:Limits:" + key, problem.ErrorMessage, StringComparison.Ordinal);
        var direct = Bind(new() { ["Sla:ApprovalWorkingHours"] = "0" });
        Assert.Single(direct.Validate(new ValidationContext(direct)));
    }

    [Fact]
    public void A_changed_limit_applies_to_the_clocks_started_after_it()
    {
        var source = new SlaLimitsSource(new SlaLimits());
        var factory = new SlaClockFactory(WorkingCalendar.Default, Options.Create(new SlaOptions()), source);
        var monday = new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.FromHours(7));
        var first = factory.Answer("SXD", CaseComplexity.Own, monday);
        Assert.Equal(new SlaLimits(), source.Apply(new SlaLimits { Own = 2, Coordination = 5 }));
        var second = factory.Answer("SXD", CaseComplexity.Own, monday);
        Assert.Equal((1.0, 2.0), (first.WorkingDays, second.WorkingDays));
        Assert.Equal(WorkingCalendar.Default.Deadline(monday, 2, DeadlineRule.Civil), second.Deadline);
        Assert.Equal(5.0, factory.Coordination(1, "SXD", "STC", "?", monday).WorkingDays);
    }
}
