using Switchboard.Host.Tests.Support;

namespace Switchboard.Host.Tests.Configuration;

/// <summary>The host started as an operator starts it: its own process, settings from files and environment variables.</summary>
public sealed class StartupProcessTests
{
    [Fact]
    public async Task Start_InProductionWithoutCredentialsTenantsAndAdminKey_NamesAllOfThemAndExits1()
    {
        await using var host = HostProcess.Start("Production", new Dictionary<string, string>
        {
            ["MicrosoftAppId"] = "",
            ["MicrosoftAppPassword"] = "",
            ["MicrosoftAppTenantId"] = "",
            ["Admin__ApiKey"] = "",
        });

        var exitCode = await host.WaitForExitAsync();

        Assert.Equal(1, exitCode);
        var lines = host.Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Contains(lines, l => l.StartsWith("MicrosoftAppId is empty", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("Teams:AllowedTenants is empty", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("Admin:ApiKey is required outside Development", StringComparison.Ordinal));
        AssertNoStackTrace(host);
    }

    [Fact]
    public async Task Start_WithAnSlaThatIsNotADuration_NamesTheKeyAndExits1()
    {
        await using var host = HostProcess.Start("Development", new Dictionary<string, string>
        {
            ["ServiceTeams__it__Sla__Resolution__High"] = "4 hours",
        });

        var exitCode = await host.WaitForExitAsync();

        Assert.Equal(1, exitCode);
        Assert.Contains("ServiceTeams:it:Sla:Resolution:High: \"4 hours\" is not a duration", host.Errors);
        AssertNoStackTrace(host);
    }

    [Fact]
    public async Task Start_WithSeveralBadValuesAndAMissingSetting_ListsEveryOneInOneRun()
    {
        await using var host = HostProcess.Start("Production", new Dictionary<string, string>
        {
            ["ServiceTeams__hr__Sla__FirstResponse__Hihg"] = "01:00:00",
            ["ServiceTeams__it__Confidential"] = "yes",
            ["Teams__RetryBaseDelay"] = "2",
            ["Teams__AllowedTenants__0"] = "72f988bf-86f1-41af-91ab-2d7cd011db47",
            ["MicrosoftAppId"] = "00000000-0000-0000-0000-000000000001",
            ["MicrosoftAppPassword"] = "secret",
            ["Admin__ApiKey"] = "",
        });

        var exitCode = await host.WaitForExitAsync();

        Assert.Equal(1, exitCode);
        Assert.Contains("ServiceTeams:hr:Sla:FirstResponse:Hihg: \"Hihg\" is not a priority (Low, Normal, High, Urgent).", host.Errors);
        Assert.Contains("ServiceTeams:it:Confidential: \"yes\" is not true or false.", host.Errors);
        Assert.Contains("Teams:RetryBaseDelay: \"2\" is not a duration", host.Errors);
        Assert.Contains("Admin:ApiKey is required outside Development", host.Errors);
        AssertNoStackTrace(host);
    }

    [Fact]
    public async Task Start_FromAnUnrelatedWorkingDirectory_FindsItsSettingsAndListens()
    {
        await using var host = HostProcess.Start("Development", arguments: ["--urls", "http://127.0.0.1:0"]);

        var listening = await host.WaitUntilListeningAsync();

        Assert.Contains("http://127.0.0.1:", listening);
        Assert.Empty(host.Errors);
    }

    private static void AssertNoStackTrace(HostProcess host)
    {
        Assert.DoesNotContain("Unhandled exception", host.Errors + host.Output);
        Assert.DoesNotContain("   at ", host.Errors + host.Output);
    }
}
