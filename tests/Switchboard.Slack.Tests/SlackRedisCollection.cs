namespace Switchboard.Slack.Tests;

/// <summary>Slack tests that need Redis share one server, as durable as production should run it.</summary>
[CollectionDefinition(Name)]
public sealed class SlackRedisCollection : ICollectionFixture<DurableRedisServerFixture>
{
    public const string Name = "slack-redis";
}
