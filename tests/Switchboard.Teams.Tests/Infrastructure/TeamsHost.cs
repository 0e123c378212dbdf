using Microsoft.Extensions.DependencyInjection;

namespace Switchboard.Teams.Tests.Infrastructure;

/// <summary>
/// What an end-to-end Teams test starts from: a fresh fake Connector, the real host pointed at it
/// (<see cref="TeamsTestApp"/>), and channel tokens the fake signs; disposing it stops both.
/// </summary>
public sealed class TeamsHost : IAsyncDisposable
{
    /// <summary>Where the bot's messages to Maya's personal chat (<see cref="TeamsPayloads.PersonalConversationId"/>) are posted.</summary>
    public const string PersonalActivities = $"/amer/v3/conversations/{TeamsPayloads.PersonalConversationId}/activities";

    private TeamsHost(FakeBotFramework fake, TeamsTestApp app)
    {
        Fake = fake;
        App = app;
        Tokens = new TestTokens(fake, TeamsPayloads.AppId);
    }

    public FakeBotFramework Fake { get; }

    public TeamsTestApp App { get; }

    public TestTokens Tokens { get; }

    public IServiceProvider Services => App.Services;

    /// <summary>
    /// Starts the fake Connector, lets <paramref name="configure"/> add members to it and settings for the host
    /// (<see cref="TeamsSettings"/>), then starts the host with <paramref name="engine"/>; <paramref name="services"/>
    /// replaces services after the host's own.
    /// </summary>
    public static async Task<TeamsHost> StartAsync(Action<FakeBotFramework, IDictionary<string, string?>>? configure = null, TestEngine engine = TestEngine.Real,
        Action<IServiceCollection>? services = null)
    {
        var fake = await FakeBotFramework.StartAsync();
        try
        {
            var app = await TeamsTestApp.StartAsync(fake, engine, settings => configure?.Invoke(fake, settings), services: services);
            return new TeamsHost(fake, app);
        }
        catch
        {
            await fake.DisposeAsync();
            throw;
        }
    }

    /// <summary>Posts <paramref name="activity"/> as the Connector does, with a valid channel token.</summary>
    public Task<HttpResponseMessage> PostAsync(string activity) => App.PostAsync(activity, Tokens.Channel());

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Fake.DisposeAsync();
    }
}
