using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Core.People;

namespace Switchboard.Slack.Tests.Fakes;

/// <summary>The host with Teams beside Slack: for tests of people, requests and kudos that cross the two.</summary>
public sealed partial class SlackApp
{
    private FakeBotFramework? _teams;

    /// <summary>The fake Bot Framework Connector Teams talks to (<see cref="StartWithTeamsAsync"/>).</summary>
    public FakeBotFramework Teams => _teams ?? throw new InvalidOperationException("This host runs without Teams: start it with StartWithTeamsAsync.");

    public PeopleDirectory People => Services.GetRequiredService<PeopleDirectory>();

    /// <summary>
    /// Starts the host with Slack on a fake Slack and Teams, without an app id (as Development allows), on a fresh fake
    /// Connector that <paramref name="teams"/> fills with members first; <paramref name="settings"/> adds the test's
    /// own. The app disposes that Connector with itself.
    /// </summary>
    public static async Task<SlackApp> StartWithTeamsAsync(Action<FakeBotFramework>? teams = null,
        Action<IDictionary<string, string?>, FakeBotFramework>? settings = null)
    {
        var connector = await FakeBotFramework.StartAsync();
        try
        {
            teams?.Invoke(connector);
            var extra = new Dictionary<string, string?>().WithoutAppId(connector);
            settings?.Invoke(extra, connector);
            var app = await StartAsync(extra);
            app._teams = connector;
            return app;
        }
        catch
        {
            await connector.DisposeAsync();
            throw;
        }
    }

    /// <summary>Posts a Teams activity (<see cref="TeamsPayloads"/>) as the Connector does, without a token.</summary>
    public Task<HttpResponseMessage> PostTeamsAsync(string activity) =>
        Client.PostAsync("/api/messages", new StringContent(activity, Encoding.UTF8, "application/json"));
}
