using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using Switchboard.Teams.Connector;

namespace Switchboard.Teams.Auth;

/// <summary>
/// Signing keys from one OpenID metadata document, cached by <see cref="ConfigurationManager{T}"/>.
/// A token naming an unknown key id triggers at most one forced refresh per
/// <see cref="TeamsOptions.MetadataRefreshInterval"/>, so forged key ids cannot hammer the issuer.
/// The forced refresh swaps in a fresh manager: <see cref="ConfigurationManager{T}.RequestRefresh"/>
/// refreshes in the background and would reject the very token that revealed the rotation.
/// </summary>
internal sealed class OpenIdKeySource
{
    private readonly HttpClient _httpClient;
    private readonly TimeProvider _time;
    private readonly TimeSpan _refreshInterval;
    private readonly SemaphoreSlim _refreshGate = new(1, 1);
    private DateTimeOffset? _lastForcedRefresh;
    private ConfigurationManager<OpenIdConnectConfiguration> _manager;

    public OpenIdKeySource(string metadataUrl, HttpClient httpClient, TimeProvider time, TimeSpan refreshInterval)
    {
        MetadataUrl = metadataUrl;
        _httpClient = httpClient;
        _time = time;
        _refreshInterval = refreshInterval;
        _manager = NewManager();
    }

    public string MetadataUrl { get; }

    /// <summary>The key with this id, refreshing the metadata once (rate limited) when it is unknown.</summary>
    public async Task<JsonWebKey?> FindKeyAsync(string keyId, CancellationToken cancellationToken)
    {
        var configuration = await _manager.GetConfigurationAsync(cancellationToken);
        var key = Find(configuration, keyId);
        if (key is not null) return key;

        await _refreshGate.WaitAsync(cancellationToken);
        try
        {
            // Another request may have refreshed while this one waited.
            configuration = await _manager.GetConfigurationAsync(cancellationToken);
            key = Find(configuration, keyId);
            if (key is not null) return key;

            var now = _time.GetUtcNow();
            if (_lastForcedRefresh is { } last && now - last < _refreshInterval) return null;
            _lastForcedRefresh = now;
            var fresh = NewManager();
            configuration = await fresh.GetConfigurationAsync(cancellationToken);
            _manager = fresh;
            return Find(configuration, keyId);
        }
        finally
        {
            _refreshGate.Release();
        }
    }

    private ConfigurationManager<OpenIdConnectConfiguration> NewManager() =>
        new(MetadataUrl, new OpenIdConnectConfigurationRetriever(),
            new HttpDocumentRetriever(_httpClient) { RequireHttps = !ServiceUrlTrust.IsLoopbackHttp(MetadataUrl) })
        {
            AutomaticRefreshInterval = TimeSpan.FromHours(12),
        };

    private static JsonWebKey? Find(OpenIdConnectConfiguration configuration, string keyId) =>
        configuration.JsonWebKeySet?.Keys.FirstOrDefault(k => string.Equals(k.Kid, keyId, StringComparison.Ordinal));
}
