using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Options;
using Switchboard.Core.Conversations;
using Switchboard.Http;
using Switchboard.Teams.Schema;

namespace Switchboard.Teams.Connector;

/// <summary>
/// The Bot Framework Connector REST API, relative to a conversation's service URL. The bot token goes
/// only to trusted hosts; writes are paced per conversation; retries, <c>Retry-After</c> and timeouts live
/// in the client's resilience pipeline (<see cref="ConnectorResilience"/>). A POST that got no answer becomes
/// a <see cref="DeliveryUncertainException"/>: the activity may have been created.
/// </summary>
internal sealed class ConnectorClient(
    IHttpClientFactory httpClients,
    BotTokenProvider tokens,
    ServiceUrlTrust trust,
    ConversationPacer pacer,
    IOptions<BotCredentialsOptions> credentials)
{
    private readonly BotCredentialsOptions _credentials = credentials.Value;

    public Task<ResourceResponse> SendToConversationAsync(string serviceUrl, string conversationId, Activity activity, CancellationToken cancellationToken) =>
        WriteAsync(HttpMethod.Post, serviceUrl, $"v3/conversations/{Escape(conversationId)}/activities", conversationId,
            activity, TeamsJsonContext.Default.Activity, TeamsJsonContext.Default.ResourceResponse, cancellationToken);

    public Task<ResourceResponse> ReplyToActivityAsync(string serviceUrl, string conversationId, string replyToId, Activity activity, CancellationToken cancellationToken) =>
        WriteAsync(HttpMethod.Post, serviceUrl, $"v3/conversations/{Escape(conversationId)}/activities/{Escape(replyToId)}", conversationId,
            activity with { ReplyToId = replyToId }, TeamsJsonContext.Default.Activity, TeamsJsonContext.Default.ResourceResponse, cancellationToken);

    public Task<ResourceResponse> UpdateActivityAsync(string serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken cancellationToken) =>
        WriteAsync(HttpMethod.Put, serviceUrl, $"v3/conversations/{Escape(conversationId)}/activities/{Escape(activityId)}", conversationId,
            activity with { Id = activityId }, TeamsJsonContext.Default.Activity, TeamsJsonContext.Default.ResourceResponse, cancellationToken);

    /// <summary>Starts a conversation: a new thread in a channel, or a 1:1 chat with a user.</summary>
    public Task<ConversationResourceResponse> CreateConversationAsync(string serviceUrl, ConversationParameters parameters, CancellationToken cancellationToken)
    {
        var paceKey = parameters.ChannelData?.Channel?.Id ?? parameters.Members?.FirstOrDefault()?.Id ?? "new-conversation";
        return WriteAsync(HttpMethod.Post, serviceUrl, "v3/conversations", paceKey,
            parameters, TeamsJsonContext.Default.ConversationParameters, TeamsJsonContext.Default.ConversationResourceResponse, cancellationToken);
    }

    /// <summary>Creates (or finds) the bot's 1:1 chat with <paramref name="userId"/>; returns the chat's conversation id.</summary>
    public async Task<string> CreatePersonalConversationAsync(string serviceUrl, string botId, string userId, string? tenantId, CancellationToken cancellationToken)
    {
        var created = await CreateConversationAsync(serviceUrl, new ConversationParameters
        {
            IsGroup = false,
            Bot = new ChannelAccount { Id = botId },
            Members = [new ChannelAccount { Id = userId }],
            ChannelData = tenantId is null ? null : new TeamsChannelData { Tenant = new TenantInfo(tenantId) },
            TenantId = tenantId,
        }, cancellationToken);
        return string.IsNullOrEmpty(created.Id) ? throw new ConnectorException("The Connector created a chat without an id.") : created.Id;
    }

    /// <summary>One member of a conversation (with e-mail and UPN), or null when the Connector does not know them.</summary>
    public async Task<TeamsChannelAccount?> GetMemberAsync(string serviceUrl, string conversationId, string userId, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, serviceUrl,
            $"v3/conversations/{Escape(conversationId)}/members/{Escape(userId)}", null, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        await EnsureSuccessAsync(response, cancellationToken);
        return await JsonSerializer.DeserializeAsync(await response.Content.ReadAsStreamAsync(cancellationToken),
            TeamsJsonContext.Default.TeamsChannelAccount, cancellationToken);
    }

    private async Task<TResponse> WriteAsync<TBody, TResponse>(
        HttpMethod method, string serviceUrl, string path, string paceKey,
        TBody body, JsonTypeInfo<TBody> bodyType, JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken)
        where TResponse : new()
    {
        var baseUri = BaseUri(serviceUrl);
        await pacer.WaitTurnAsync(paceKey, cancellationToken);
        var payload = JsonSerializer.SerializeToUtf8Bytes(body, bodyType);
        using var response = await SendAsync(method, baseUri.ToString(), path, payload, cancellationToken, paceKey);
        await EnsureSuccessAsync(response, cancellationToken);
        if (response.Content.Headers.ContentLength == 0) return new TResponse();
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return string.IsNullOrWhiteSpace(text) ? new TResponse() : JsonSerializer.Deserialize(text, responseType) ?? new TResponse();
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string serviceUrl, string path, byte[]? payload, CancellationToken cancellationToken, string? paceKey = null)
    {
        var target = new Uri(BaseUri(serviceUrl), path);
        string? token = null;
        if (!_credentials.AuthenticationDisabled) token = await tokens.GetTokenAsync(cancellationToken);
        using var request = new HttpRequestMessage(method, target);
        if (payload is not null)
        {
            request.Content = new ByteArrayContent(payload);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        }
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (paceKey is not null) request.Options.Set(ConnectorResilience.Conversation, paceKey);
        try
        {
            return await httpClients.CreateClient(TeamsHttpClients.Connector).SendAsync(request, cancellationToken);
        }
        catch (Exception e) when (ConnectorResilience.KindOf(method) == SendKind.Creating && !cancellationToken.IsCancellationRequested &&
                                  PlatformResilience.MayHaveBeenDone(e))
        {
            throw new DeliveryUncertainException("The Connector gave no answer to a POST; the activity may have been created.", e);
        }
    }

    /// <summary>
    /// The service URL as a base URI. With authentication on, an untrusted host is refused before any
    /// request is made; without an app id (Development with the Emulator) there is no token to leak.
    /// </summary>
    private Uri BaseUri(string serviceUrl)
    {
        if (!Uri.TryCreate(serviceUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            throw new UntrustedServiceUrlException(serviceUrl);
        if (!_credentials.AuthenticationDisabled && !trust.IsTrusted(serviceUrl))
            throw new UntrustedServiceUrlException(serviceUrl);
        return uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode) return;
        string? code = null;
        try
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.TryGetProperty("error", out var error) && error.TryGetProperty("code", out var codeElement))
                code = codeElement.GetString();
        }
        catch (JsonException)
        {
            // An error body that is not JSON carries no code.
        }
        throw new ConnectorException($"The Connector answered {(int)response.StatusCode}{(code is null ? "" : $" ({code})")}.", response.StatusCode, code);
    }

    /// <summary>The delay a response's Retry-After asks for (seconds or an HTTP date), or null.</summary>
    internal static TimeSpan? RetryAfter(HttpResponseMessage response, DateTimeOffset now)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta) return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        if (header?.Date is { } date) return date > now ? date - now : TimeSpan.Zero;
        return null;
    }

    private static string Escape(string value) => Uri.EscapeDataString(value);
}
