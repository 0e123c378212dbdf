using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Switchboard.Core.Conversations;
using Switchboard.Http;

namespace Switchboard.Teams.Connector;

/// <summary>
/// The resilience pipeline of the Connector client (<see cref="PlatformResilience"/>): a POST creates an activity
/// or a conversation, so only a 429, a 412 or a connection that never opened is retried; GET and PUT also after a
/// 5xx or no answer. A 429 waits out <c>Retry-After</c> and holds back the other sends to that conversation
/// (<see cref="ConversationPacer.Defer"/>) without slowing others.
/// </summary>
internal static class ConnectorResilience
{
    /// <summary>The conversation a request writes to, for pacing after a 429.</summary>
    public static readonly HttpRequestOptionsKey<string> Conversation = new("Switchboard.Teams.Conversation");

    private static readonly PlatformResiliencePolicy Policy = new()
    {
        Platform = TeamsPlatform.Id,
        Name = "teams-connector",
        Limits = sp => LimitsOf(sp.GetRequiredService<IOptions<TeamsOptions>>().Value),
        KindOf = request => KindOf(request?.Method ?? HttpMethod.Post),
        ClassifyStatus = status => status switch
        {
            HttpStatusCode.TooManyRequests => SendFailure.RateLimited,
            // Teams answers 412 when it did not take the request and asks for it again.
            HttpStatusCode.PreconditionFailed => SendFailure.NotTaken,
            HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout or HttpStatusCode.InternalServerError => SendFailure.ServerError,
            _ => null,
        },
        RetryAfter = ConnectorClient.RetryAfter,
        PaceKey = Conversation,
        Defer = sp => sp.GetRequiredService<ConversationPacer>().Defer,
    };

    private static PlatformCallLimits LimitsOf(TeamsOptions o) =>
        new(o.MaxRetryAttempts, o.RetryBaseDelay, o.MaxRetryAfter, o.AttemptTimeout, o.TotalTimeout);

    public static SendKind KindOf(HttpMethod method) => method == HttpMethod.Post ? SendKind.Creating : SendKind.Repeatable;

    public static IHttpClientBuilder AddConnectorResilience(this IHttpClientBuilder client) => client.AddPlatformResilience(Policy);
}
