using Microsoft.Extensions.DependencyInjection;
using Switchboard.Core.Conversations;
using Switchboard.Core.People;
using Switchboard.Host.Playground;
using Switchboard.Host.Tests.Support;

namespace Switchboard.Host.Tests.Api;

/// <summary>The people directory as the host wires it: playground personas, the <c>People</c> section, direct messages.</summary>
public sealed class PeopleTests
{
    private const string MayaEmail = "maya.patel@contoso.example";
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task PlaygroundPersonaWhoWrote_IsInTheDirectoryWithTheConfiguredProfileAndGetsDirectMessages()
    {
        await using var factory = new SwitchboardFactory(settings: new Dictionary<string, string?>
        {
            ["People:Profiles:0:Email"] = MayaEmail,
            ["People:Profiles:0:Department"] = "Finance",
            ["People:Profiles:0:Manager"] = "tom.becker@contoso.example",
            ["People:Profiles:0:TimeZone"] = "Europe/Berlin",
        });
        var playground = new PlaygroundClient(factory.CreateClient());
        await playground.SayAsync("maya", "dm:maya", "help");

        var people = factory.Services.GetRequiredService<PeopleDirectory>();
        var maya = (await people.FindByEmailAsync(MayaEmail, None))!;
        var result = await factory.Services.GetRequiredService<DirectMessenger>().SendAsync(maya.Id, "Tom says thanks for the quick fix!", null, None);

        Assert.Equal(("Maya Patel", "Finance", "tom.becker@contoso.example", "Europe/Berlin"), (maya.Name, maya.Department, maya.Manager, maya.TimeZone));
        Assert.Equal(new ConversationAddress(PlaygroundPlatform.Id, "dm:maya"), Assert.Single(maya.Identities).DirectChat);
        Assert.Equal(PlaygroundPlatform.Id, result.Platform);
        Assert.Contains("Tom says thanks for the quick fix!", await playground.TextsAsync("maya", "dm:maya"));
    }

    [Fact]
    public async Task DirectMessage_ToAPersonaWhoNeverWrote_OpensTheirPlaygroundChat()
    {
        await using var factory = new SwitchboardFactory();
        var playground = new PlaygroundClient(factory.CreateClient());

        var result = await factory.Services.GetRequiredService<DirectMessenger>()
            .SendAsync(new PersonRef(PlaygroundPlatform.Id, "tom", "Tom Becker"), "Your survey is waiting", null, None);

        Assert.True(result.Sent);
        Assert.Contains("Your survey is waiting", await playground.TextsAsync("tom", "dm:tom"));
    }

    [Fact]
    public async Task DirectMessage_ToSomeoneWhoIsNotAPersona_SaysThePlaygroundHasNoSuchPersona()
    {
        await using var factory = new SwitchboardFactory();

        var result = await factory.Services.GetRequiredService<DirectMessenger>()
            .SendAsync(new PersonRef(PlaygroundPlatform.Id, "ghost", "Ghost"), "hello", null, None);

        Assert.Equal(DirectMessageOutcome.Refused, result.Outcome);
        Assert.Equal("I can't reach Ghost directly: the playground has no persona 'ghost' any more.", result.Problem);
    }

    [Theory]
    [InlineData("People:Profiles:0:TimeZone", "Europe/Atlantis", "People:Profiles:0:TimeZone 'Europe/Atlantis' is not a time zone")]
    [InlineData("People:Profiles:0:Email", "maya", "People:Profiles:0:Email must be the person's e-mail address")]
    [InlineData("People:Profiles:0:Manager", "Tom", "People:Profiles:0:Manager must be the manager's e-mail address")]
    public void StartUp_WithABadPeopleProfile_FailsNamingTheSetting(string key, string value, string message)
    {
        var settings = new Dictionary<string, string?> { ["People:Profiles:0:Email"] = MayaEmail };
        settings[key] = value;
        using var factory = new SwitchboardFactory(settings: settings);

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains(message, error.ToString());
    }
}
