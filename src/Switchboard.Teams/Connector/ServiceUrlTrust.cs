using Microsoft.Extensions.Options;

namespace Switchboard.Teams.Connector;

/// <summary>
/// Decides whether the bot token may be sent to a service URL. An inbound activity's <c>serviceUrl</c>
/// is data from the wire: sending our token to any host it names would leak the token (and make us an
/// SSRF proxy), so only configured hosts get it.
/// </summary>
internal sealed class ServiceUrlTrust
{
    private readonly IReadOnlyList<TrustPattern> _patterns;

    public ServiceUrlTrust(IOptions<TeamsOptions> options)
    {
        _patterns = options.Value.EffectiveTrustedServiceHosts
            .Select(p => TryParsePattern(p, out var pattern, out var error) ? pattern! : throw new InvalidOperationException(error))
            .ToList();
    }

    public bool IsTrusted(string? serviceUrl)
    {
        if (!Uri.TryCreate(serviceUrl, UriKind.Absolute, out var uri)) return false;
        if (!string.IsNullOrEmpty(uri.UserInfo)) return false;
        return _patterns.Any(p => p.Matches(uri));
    }

    public static bool IsLoopbackHttp(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback;

    public static bool TryParsePattern(string text, out TrustPattern? pattern, out string? error)
    {
        pattern = null;
        error = null;
        var value = text.Trim();
        if (value.Contains("://", StringComparison.Ordinal))
        {
            if (!Uri.TryCreate(value, UriKind.Absolute, out var origin) || (origin.Scheme != Uri.UriSchemeHttps && origin.Scheme != Uri.UriSchemeHttp))
            {
                error = "an origin must be an absolute http(s) URL such as https://host or http://127.0.0.1:5000.";
                return false;
            }
            if (origin.Scheme == Uri.UriSchemeHttp && !origin.IsLoopback)
            {
                error = "plain http is allowed only for loopback addresses.";
                return false;
            }
            pattern = new TrustPattern(origin.Scheme, origin.IdnHost.ToLowerInvariant(), origin.Port, Wildcard: false);
            return true;
        }

        var wildcard = value.StartsWith("*.", StringComparison.Ordinal);
        var host = (wildcard ? value[2..] : value).ToLowerInvariant();
        if (host.Length == 0 || host.Contains('*') || Uri.CheckHostName(host) == UriHostNameType.Unknown)
        {
            error = "a host must be a name such as smba.trafficmanager.net or a subdomain wildcard such as *.botframework.com.";
            return false;
        }
        if (wildcard && (host.Split('.').Length < 2 || host is "trafficmanager.net" or "azurewebsites.net" or "cloudapp.net" or "azure.com"))
        {
            error = $"'*.{host}' would trust names any Azure customer can register; list the exact host instead.";
            return false;
        }
        pattern = new TrustPattern(Uri.UriSchemeHttps, host, 443, wildcard);
        return true;
    }
}

internal sealed record TrustPattern(string Scheme, string Host, int Port, bool Wildcard)
{
    public bool Matches(Uri uri)
    {
        if (!string.Equals(uri.Scheme, Scheme, StringComparison.OrdinalIgnoreCase) || uri.Port != Port) return false;
        var host = uri.IdnHost.ToLowerInvariant();
        return Wildcard ? host.EndsWith("." + Host, StringComparison.Ordinal) : host == Host;
    }
}
