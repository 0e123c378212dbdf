using Microsoft.Extensions.Configuration;
using Switchboard.Core.Routing;
using Switchboard.Host.Configuration;
using Switchboard.Host.Tests.Support;

namespace Switchboard.Host.Tests.Configuration;

/// <summary>The service teams' business calendars and SLA rules: bad values stop start-up, each named by its key.</summary>
public sealed class CalendarSettingsTests
{
    [Theory]
    [InlineData("ServiceTeams:it:Calendar:WorkingDays:0", "Funday", "\"Funday\" is not a dayofweek (Sunday, Monday, Tuesday, Wednesday, Thursday, Friday, Saturday).")]
    [InlineData("ServiceTeams:it:Calendar:HoursByDay:Fryday", "09:00-15:00", "\"Fryday\" is not a dayofweek")]
    [InlineData("ServiceTeams:it:Calendar:Holidays:0", "25/12/2026", "\"25/12/2026\" is not a date: write yyyy-MM-dd (2026-12-25).")]
    [InlineData("ServiceTeams:it:Calendar:Holidays:0", "2026-02-30", "is not a date")]
    [InlineData("ServiceTeams:it:Sla:AtRiskThreshold", "a fifth", "\"a fifth\" is not a number.")]
    [InlineData("ServiceTeams:it:Sla:WaitingNudgeAfter", "8 hours", "\"8 hours\" is not a duration")]
    [InlineData("ServiceTeams:it:Sla:AutoResolveAfter", "7", "\"7\" is not a duration")]
    public void SettingValues_ACalendarOrSlaValueOfTheWrongType_NamesTheKeyAndWhy(string key, string value, string problem)
    {
        var bad = Assert.Single(SettingValues.Check(Configuration((key, value))));

        Assert.Equal(key, bad.Key);
        Assert.Contains(problem, bad.Problem);
    }

    [Theory]
    [InlineData("ServiceTeams:it:Calendar:WorkingDays:0", "monday")]
    [InlineData("ServiceTeams:it:Calendar:Holidays:0", "2026-12-25")]
    [InlineData("ServiceTeams:it:Sla:AtRiskThreshold", "0.25")]
    [InlineData("ServiceTeams:it:Sla:AutoResolveAfter", "7.00:00:00")]
    public void SettingValues_ACalendarOrSlaValueOfTheRightType_IsFine(string key, string value)
    {
        Assert.Empty(SettingValues.Check(Configuration((key, value))));
    }

    [Theory]
    [InlineData("Calendar:TimeZone", "Mars/Olympus_Mons", "ServiceTeams:it:Calendar:TimeZone: 'Mars/Olympus_Mons' is not a time zone; use an IANA id such as Europe/London.")]
    [InlineData("Calendar:Hours", "17:30-09:00", "ServiceTeams:it:Calendar:Hours: \"17:30-09:00\" ends before it starts")]
    [InlineData("Calendar:Hours", "09:00-09:00", "ServiceTeams:it:Calendar:Hours: \"09:00-09:00\" ends before it starts")]
    [InlineData("Calendar:Hours", "9 to 5", "ServiceTeams:it:Calendar:Hours: \"9 to 5\" is not a period of hours; write it as 09:00-17:30.")]
    [InlineData("Calendar:Hours", "09:00-25:00", "ServiceTeams:it:Calendar:Hours: \"09:00-25:00\" is not a period of hours")]
    [InlineData("Calendar:Hours", "09:00-13:00, 12:00-17:00", "ServiceTeams:it:Calendar:Hours: \"12:00-17:00\" overlaps or comes before 09:00-13:00")]
    [InlineData("Calendar:HoursByDay:Friday", "15:00-", "ServiceTeams:it:Calendar:HoursByDay:Friday: \"15:00-\" is not a period of hours")]
    [InlineData("Calendar:HoursByDay:Saturday", "10:00-14:00", "ServiceTeams:it:Calendar:HoursByDay:Saturday: Saturday is not one of the WorkingDays")]
    [InlineData("Sla:AtRiskThreshold", "0", "ServiceTeams:it:Sla:AtRiskThreshold: 0 must lie between 0 and 1")]
    [InlineData("Sla:AtRiskThreshold", "1", "ServiceTeams:it:Sla:AtRiskThreshold: 1 must lie between 0 and 1")]
    [InlineData("Sla:AtRiskThreshold", "-0.2", "ServiceTeams:it:Sla:AtRiskThreshold: -0.2 must lie between 0 and 1")]
    [InlineData("Sla:AtRiskThreshold", "20", "ServiceTeams:it:Sla:AtRiskThreshold: 20 must lie between 0 and 1")]
    [InlineData("Sla:WaitingNudgeAfter", "00:00:00", "ServiceTeams:it:Sla:WaitingNudgeAfter: 00:00:00 must be longer than zero.")]
    [InlineData("Sla:AutoResolveAfter", "-1.00:00:00", "ServiceTeams:it:Sla:AutoResolveAfter: -1.00:00:00 must be longer than zero.")]
    public void Validate_ACalendarOrSlaRuleThatCannotWork_FailsNamingTheKey(string key, string value, string failure)
    {
        var failures = Validate(("ServiceTeams:it:" + key, value));

        Assert.Contains(failures, f => f.StartsWith(failure, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Calendar:TimeZone", "Asia/Kolkata")]
    [InlineData("Calendar:TimeZone", "W. Europe Standard Time")]
    [InlineData("Calendar:Hours", "09:00-12:00, 13:00-17:00")]
    [InlineData("Calendar:Hours", "22:00-24:00")]
    [InlineData("Calendar:HoursByDay:Friday", "09:00–15:00")]
    [InlineData("Sla:AtRiskThreshold", "0.5")]
    public void Validate_AWorkableCalendarOrSlaRule_IsFine(string key, string value)
    {
        Assert.Empty(Validate(("ServiceTeams:it:" + key, value)));
    }

    [Fact]
    public void Validate_SeveralBadCalendarValues_ListsEveryOne()
    {
        var failures = Validate(("ServiceTeams:it:Calendar:TimeZone", "Europe/Atlantis"), ("ServiceTeams:it:Calendar:Hours", "18:00-08:00"),
            ("ServiceTeams:it:Sla:AtRiskThreshold", "1.2"));

        Assert.Equal(3, failures.Count);
    }

    [Fact]
    public void ShippedTeams_HaveWorkableCalendars()
    {
        var builder = new ConfigurationBuilder().SetBasePath(AppContext.BaseDirectory);
        foreach (var file in SettingsFiles.ConfigFiles(AppContext.BaseDirectory)) builder.AddJsonFile(file, optional: false);
        var options = new ServiceTeamsOptions { Teams = [.. ServiceTeamsSettings.Read(builder.Build().GetSection(ServiceTeamsOptions.Section))] };

        Assert.True(new ServiceTeamsValidation().Validate(null, options).Succeeded);
        var teams = new TeamDirectory(options);
        var it = teams.Get("it").Calendar;
        Assert.Equal("Europe/London", it.TimeZone.Id);
        Assert.False(it.IsBusinessTime(DateTimeOffset.Parse("2026-11-28T12:00:00+00:00")));
        Assert.True(it.IsBusinessTime(DateTimeOffset.Parse("2026-11-27T17:59:00+00:00")));
        Assert.False(it.IsBusinessTime(DateTimeOffset.Parse("2026-12-25T12:00:00+00:00")));
        Assert.All(teams.All, team => Assert.InRange(team.Options.Sla.AtRiskThreshold, 0.01, 0.99));
    }

    [Fact]
    public void StartUp_WithAnUnknownTimeZoneAndBackwardsHours_FailsNamingBoth()
    {
        using var factory = new SwitchboardFactory(settings: new Dictionary<string, string?>
        {
            ["ServiceTeams:hr:Calendar:TimeZone"] = "Europe/Londn",
            ["ServiceTeams:it:Calendar:Hours"] = "18:00-08:00",
            ["ServiceTeams:it:Calendar:WorkingDays:5"] = "Caturday",
        });

        var error = Assert.Throws<InvalidSettingsException>(() => factory.CreateClient());

        Assert.Contains(error.Failures, f => f.StartsWith("ServiceTeams:hr:Calendar:TimeZone: 'Europe/Londn' is not a time zone", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("ServiceTeams:it:Calendar:Hours: \"18:00-08:00\" ends before it starts", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("ServiceTeams:it:Calendar:WorkingDays:5: \"Caturday\" is not a dayofweek", StringComparison.Ordinal));
    }

    private static List<string> Validate(params (string Key, string Value)[] values)
    {
        var team = new (string, string)[]
        {
            ("ServiceTeams:it:Name", "IT Support"), ("ServiceTeams:it:TicketPrefix", "IT"), ("ServiceTeams:it:Description", "Laptops"),
            ("ServiceTeams:it:Calendar:WorkingDays:0", "Monday"), ("ServiceTeams:it:Calendar:WorkingDays:1", "Friday"),
        };
        var configuration = Configuration([.. team, .. values]);
        var options = new ServiceTeamsOptions { Teams = [.. ServiceTeamsSettings.Read(configuration.GetSection(ServiceTeamsOptions.Section))] };
        var result = new ServiceTeamsValidation().Validate(null, options);
        return [.. result.Failures ?? []];
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
}
