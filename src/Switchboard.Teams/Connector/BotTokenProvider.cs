using System.Net.Http.Json;
using Microsoft.Extensions.Options;
using Switchboard.Teams.Schema;

namespace Switchboard.Teams.Connector;

/// <summary>Names of the HTTP clients the Teams channel uses.</summary>
internal static class TeamsHttpClients
{
    public const string OpenId = "Switchboard.Teams.OpenId";
    public const string Token = "Switchboard.Teams.Token";
    public const string Connector = "Switchboard.Teams.Connector";
}

/// <summary>
/// The bot's access token for the Connector, obtained with client credentials and reused until shortly
/// before it expires. One refresh at a time: concurrent senders wait for the same token.
/// </summary>
internal sealed class BotTokenProvider(
    IHttpClientFactory httpClients,
    IOptions<BotCredentialsOptions> credentials,
    IOptions<TeamsOptions> options,
    TimeProvider time)
{
    public const string Scope = "https://api.botframework.com/.default";
    private static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private CachedToken? _cached;

    public async Task<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        var cached = _cached;
        if (cached is not null && time.GetUtcNow() < cached.RefreshAt) return cached.Value;

        await _gate.WaitAsync(cancellationToken);
        try
        {
            cached = _cached;
            if (cached is not null && time.GetUtcNow() < cached.RefreshAt) return cached.Value;
            _cached = cached = await FetchAsync(cancellationToken);
            return cached.Value;
        }
        finally
        {
            _gate.Release();
        }
    }

    public string TokenEndpoint
    {
        get
        {
            var bot = credentials.Value;
            var tenant = bot.IsSingleTenant ? bot.MicrosoftAppTenantId! : "botframework.com";
            return options.Value.TokenEndpoint.Replace("{tenant}", Uri.EscapeDataString(tenant), StringComparison.Ordinal);
        }
    }

    private async Task<CachedToken> FetchAsync(CancellationToken cancellationToken)
    {
        var bot = credentials.Value;
        var requestedAt = time.GetUtcNow();
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = bot.MicrosoftAppId ?? "",
            ["client_secret"] = bot.MicrosoftAppPassword ?? "",
            ["scope"] = Scope,
        });
        var http = httpClients.CreateClient(TeamsHttpClients.Token);
        using var response = await http.PostAsync(TokenEndpoint, form, cancellationToken);
        if (!response.IsSuccessStatusCode)
            throw new ConnectorException($"The token endpoint answered {(int)response.StatusCode}; check MicrosoftAppId, MicrosoftAppPassword and MicrosoftAppTenantId.", response.StatusCode);
        var token = await response.Content.ReadFromJsonAsync(TeamsJsonContext.Default.TokenResponse, cancellationToken);
        if (string.IsNullOrEmpty(token?.AccessToken) || token.ExpiresIn <= 0)
            throw new ConnectorException("The token endpoint answered without an access token.", response.StatusCode);

        var lifetime = TimeSpan.FromSeconds(token.ExpiresIn);
        var margin = lifetime > RefreshMargin * 2 ? RefreshMargin : lifetime / 2;
        return new CachedToken(token.AccessToken, requestedAt + lifetime - margin);
    }

    private sealed record CachedToken(string Value, DateTimeOffset RefreshAt);
}
