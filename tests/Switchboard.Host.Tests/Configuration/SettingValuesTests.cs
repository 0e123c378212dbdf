using System.Reflection;
using Microsoft.Extensions.Configuration;
using Switchboard.Host.Configuration;

namespace Switchboard.Host.Tests.Configuration;

public sealed class SettingValuesTests
{
    [Theory]
    [InlineData("ServiceTeams:it:Sla:Resolution:High", "4 hours", "\"4 hours\" is not a duration")]
    [InlineData("ServiceTeams:it:Sla:Resolution:High", "4", "\"4\" is not a duration")]
    [InlineData("ServiceTeams:it:Sla:Resolution:Hihg", "04:00:00", "\"Hihg\" is not a priority (Low, Normal, High, Urgent).")]
    [InlineData("ServiceTeams:it:Sla:FirstResponse:1", "04:00:00", "\"1\" is not a priority")]
    [InlineData("ServiceTeams:it:Confidential", "yes", "\"yes\" is not true or false.")]
    [InlineData("Teams:MaxRetryAttempts", "four", "\"four\" is not a whole number.")]
    [InlineData("Teams:MemberCacheDuration", "", "\"\" is not a duration")]
    [InlineData("Teams:ServiceTeamChannels:it:Private", "sometimes", "\"sometimes\" is not true or false.")]
    [InlineData("Slack:MessagesPerSecondPerChannel", "fast", "\"fast\" is not a number.")]
    [InlineData("Playground:Enabled", "on", "\"on\" is not true or false.")]
    [InlineData("Slack:SocketMode", "yes", "\"yes\" is not true or false.")]
    [InlineData("Slack:SocketConnections", "two", "\"two\" is not a whole number.")]
    [InlineData("Slack:SocketReconnectDelay", "1s", "\"1s\" is not a duration")]
    public void Check_AValueItsSettingCannotHold_NamesTheKeyAndWhy(string key, string value, string problem)
    {
        var bad = Assert.Single(SettingValues.Check(Configuration((key, value))));

        Assert.Equal(key, bad.Key);
        Assert.Contains(problem, bad.Problem);
    }

    [Fact]
    public void Check_TheShippedSettingsFiles_FindsNothingWrong()
    {
        var builder = new ConfigurationBuilder().SetBasePath(AppContext.BaseDirectory);
        foreach (var file in SettingsFiles.ConfigFiles(AppContext.BaseDirectory).Append("appsettings.json").Append("appsettings.Development.json"))
            builder.AddJsonFile(file, optional: false);

        Assert.Empty(SettingValues.Check(builder.Build()));
    }

    [Theory]
    [InlineData("ServiceTeams:it:Sla:Resolution:High", "1.00:00:00")]
    [InlineData("ServiceTeams:it:Sla:Resolution:high", " 04:00:00 ")]
    [InlineData("Teams:RetryBaseDelay", "00:00:00.050")]
    [InlineData("Teams:Enabled", "False")]
    [InlineData("Slack:MessagesPerSecondPerChannel", "0.5")]
    [InlineData("Slack:ApiBaseUrl", "https://slack-gov.com/api/")]
    [InlineData("ServiceTeams:it:Routing:Keywords:0", "anything at all")]
    [InlineData("Teams:SomethingNotASetting", "whatever")]
    public void Check_AValueItsSettingCanHold_IsFine(string key, string value)
    {
        Assert.Empty(SettingValues.Check(Configuration((key, value))));
    }

    [Fact]
    public void Check_APropertyAndADictionaryEntry_SayWhichTheBinderWouldThrowOn()
    {
        var bad = SettingValues.Check(Configuration(("Teams:RetryBaseDelay", "soon"), ("ServiceTeams:it:Sla:Resolution:High", "soon")));

        Assert.True(bad.Single(b => b.Key == "Teams:RetryBaseDelay").IsProperty);
        Assert.False(bad.Single(b => b.Key == "ServiceTeams:it:Sla:Resolution:High").IsProperty);
    }

    [Fact]
    public void Sections_ListEveryOptionsTypeThatNamesASection()
    {
        var assemblies = new[] { "Switchboard.Core", "Switchboard.Redis", "Switchboard.Teams", "Switchboard.Slack", "Switchboard.Host" }.Select(Assembly.Load);
        var sections = assemblies.SelectMany(a => a.GetTypes())
            .Where(t => t.Name.EndsWith("Options", StringComparison.Ordinal))
            .Select(t => t.GetField("Section", BindingFlags.Public | BindingFlags.Static) ?? t.GetField("SectionName", BindingFlags.Public | BindingFlags.Static))
            .Where(f => f is { IsLiteral: true })
            .Select(f => (string)f!.GetRawConstantValue()!)
            .ToList();

        Assert.NotEmpty(sections);
        Assert.All(sections, section => Assert.Contains(section, SettingValues.Sections.Select(s => s.Section)));
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
}
