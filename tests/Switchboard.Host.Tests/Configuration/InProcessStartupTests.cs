using Switchboard.Host.Configuration;
using Switchboard.Host.Tests.Support;

namespace Switchboard.Host.Tests.Configuration;

/// <summary>Under WebApplicationFactory the host throws what it would print, so tests see every failure.</summary>
public sealed class InProcessStartupTests
{
    [Fact]
    public void StartUp_WithABadValueAndAMissingSetting_ThrowsOneErrorListingBoth()
    {
        using var factory = new SwitchboardFactory("Production", new Dictionary<string, string?>
        {
            ["Teams:Enabled"] = "false",
            ["Admin:ApiKey"] = "",
            ["ServiceTeams:it:Sla:Resolution:High"] = "4 hours",
        });

        var error = Assert.Throws<InvalidSettingsException>(() => factory.CreateClient());

        Assert.Contains(error.Failures, f => f.StartsWith("ServiceTeams:it:Sla:Resolution:High: \"4 hours\" is not a duration", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Admin:ApiKey is required outside Development", StringComparison.Ordinal));
    }

    [Fact]
    public void StartUp_WithAZeroSla_FailsNamingTheTarget()
    {
        using var factory = new SwitchboardFactory(settings: new Dictionary<string, string?> { ["ServiceTeams:hr:Sla:FirstResponse:Urgent"] = "00:00:00" });

        var error = Assert.Throws<InvalidSettingsException>(() => factory.CreateClient());

        Assert.Contains("ServiceTeams:hr:Sla:FirstResponse:Urgent: 00:00:00 is not a target; it must be longer than zero.", error.Failures);
    }

    [Fact]
    public void StartUp_WithATeamThatHasOnlyRoutingHints_FailsNamingWhatTheTeamLacks()
    {
        using var factory = new SwitchboardFactory(settings: new Dictionary<string, string?> { ["ServiceTeams:travel:Routing:Keywords:0"] = "flight" });

        var error = Assert.Throws<InvalidSettingsException>(() => factory.CreateClient());

        Assert.Contains(error.Failures, f => f.StartsWith("ServiceTeams:travel:Name:", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("ServiceTeams:travel:TicketPrefix:", StringComparison.Ordinal));
    }
}
