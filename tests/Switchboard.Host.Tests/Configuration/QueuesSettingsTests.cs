using Microsoft.Extensions.Configuration;
using Switchboard.Host.Configuration;
using Switchboard.Host.Tests.Support;

namespace Switchboard.Host.Tests.Configuration;

/// <summary>The Queues settings: a team's AutoAssign mode and its Leads stop start-up when wrong, naming the key.</summary>
public sealed class QueuesSettingsTests
{
    [Theory]
    [InlineData("ServiceTeams:it:AutoAssign", "RoundRobin")]
    [InlineData("ServiceTeams:it:AutoAssign", "fewestopen")]
    [InlineData("ServiceTeams:it:AutoAssign", "None")]
    [InlineData("Queues:HomeRefreshDelay", "00:00:05")]
    public void Check_AnAutoAssignModeOrDelayItCanHold_IsFine(string key, string value) =>
        Assert.Empty(SettingValues.Check(Configuration((key, value))));

    [Theory]
    [InlineData("ServiceTeams:it:AutoAssign", "round robin", "\"round robin\" is not a autoassignmode (None, RoundRobin, FewestOpen).")]
    [InlineData("ServiceTeams:it:AutoAssign", "1", "\"1\" is not a autoassignmode")]
    [InlineData("Queues:HomeRefreshDelay", "2 seconds", "\"2 seconds\" is not a duration")]
    public void Check_AValueItCannotHold_NamesTheKeyAndWhy(string key, string value, string problem)
    {
        var bad = Assert.Single(SettingValues.Check(Configuration((key, value))));

        Assert.Equal(key, bad.Key);
        Assert.Contains(problem, bad.Problem);
    }

    [Fact]
    public void StartUp_WithAnAutoAssignModeThatDoesNotExist_FailsNamingTheKey()
    {
        using var factory = new SwitchboardFactory(settings: new Dictionary<string, string?> { ["ServiceTeams:it:AutoAssign"] = "Lottery" });

        var error = Assert.Throws<InvalidSettingsException>(() => factory.CreateClient());

        Assert.Contains(error.Failures, f => f.StartsWith("ServiceTeams:it:AutoAssign: \"Lottery\" is not a autoassignmode", StringComparison.Ordinal));
    }

    [Fact]
    public void StartUp_WithALeadNobodyCanReach_FailsNamingTheLead()
    {
        using var factory = new SwitchboardFactory(settings: new Dictionary<string, string?> { ["ServiceTeams:it:Leads:1:Name"] = "Someone" });

        var error = Assert.Throws<InvalidSettingsException>(() => factory.CreateClient());

        Assert.Contains("ServiceTeams:it:Leads:1 needs an Email or at least one of Ids (\"slack:U123\", \"teams:29:...\").", error.Failures);
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();
}
