namespace Switchboard.Testing;

/// <summary>
/// The host settings that point its Teams channel at a <see cref="FakeBotFramework"/>, written once for every test
/// project that starts the whole host (the same keys an operator sets, see appsettings.json).
/// </summary>
public static class TeamsSettings
{
    /// <summary>
    /// Teams without an app id, as Development allows: activities are taken without a token and the replies go to
    /// <paramref name="fake"/> (the only service URL trusted).
    /// </summary>
    public static IDictionary<string, string?> WithoutAppId(this IDictionary<string, string?> settings, FakeBotFramework fake)
    {
        settings["MicrosoftAppId"] = "";
        settings["Teams:TrustedServiceHosts:0"] = fake.BaseUrl;
        return settings;
    }

    /// <summary>
    /// <paramref name="team"/> works in the Teams channel <paramref name="channelId"/> (empty: in no Teams channel)
    /// of <see cref="TeamsPayloads.TenantId"/>, reached through <paramref name="fake"/>.
    /// </summary>
    public static IDictionary<string, string?> TeamChannel(this IDictionary<string, string?> settings, FakeBotFramework fake, string team, string channelId)
    {
        settings[$"Teams:ServiceTeamChannels:{team}:ChannelId"] = channelId;
        settings[$"Teams:ServiceTeamChannels:{team}:ServiceUrl"] = fake.ServiceUrl;
        settings[$"Teams:ServiceTeamChannels:{team}:TenantId"] = TeamsPayloads.TenantId;
        return settings;
    }

    /// <summary>
    /// IT works in Teams: its cards go to <see cref="TeamsPayloads.ItChannelId"/> and <see cref="TeamsPayloads.AgentId"/>
    /// (Alex) is its agent.
    /// </summary>
    public static IDictionary<string, string?> ItWorksInTeams(this IDictionary<string, string?> settings, FakeBotFramework fake)
    {
        settings.TeamChannel(fake, "it", TeamsPayloads.ItChannelId);
        settings["ServiceTeams:it:Agents:0:Ids:0"] = "teams:" + TeamsPayloads.AgentId;
        return settings;
    }

    /// <summary>Kudos cards given on Teams go to the channel <paramref name="conversationId"/>, reached through <paramref name="fake"/>.</summary>
    public static IDictionary<string, string?> KudosInTeams(this IDictionary<string, string?> settings, FakeBotFramework fake, string conversationId)
    {
        settings["Kudos:Channels:teams:ConversationId"] = conversationId;
        settings["Kudos:Channels:teams:Endpoint"] = fake.ServiceUrl;
        settings["Kudos:Channels:teams:OrganizationId"] = TeamsPayloads.TenantId;
        return settings;
    }
}
