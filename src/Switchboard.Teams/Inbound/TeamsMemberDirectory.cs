using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Switchboard.Teams.Connector;

namespace Switchboard.Teams.Inbound;

/// <summary>
/// E-mail addresses of Teams users, looked up from the Connector (<c>GET .../members/{userId}</c>) so
/// agents configured by e-mail are recognised, and cached to keep lookups off the hot path.
/// </summary>
internal sealed class TeamsMemberDirectory(
    ConnectorClient connector,
    IOptions<TeamsOptions> options,
    TimeProvider time,
    ILogger<TeamsMemberDirectory> logger)
{
    private static readonly TimeSpan FailureCacheDuration = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, CachedEmail> _cache = new(StringComparer.Ordinal);

    public async Task<string?> GetEmailAsync(string serviceUrl, string conversationId, string userId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_cache.TryGetValue(userId, out var cached) && cached.Expires > now) return cached.Email;

        string? email = null;
        var lifetime = options.Value.MemberCacheDuration;
        try
        {
            var member = await connector.GetMemberAsync(serviceUrl, TeamsConversationIds.Split(conversationId).ConversationId, userId, cancellationToken);
            email = string.IsNullOrWhiteSpace(member?.Email) ? member?.UserPrincipalName : member.Email;
            if (email is not null && !email.Contains('@')) email = null;
        }
        catch (Exception e) when (e is ConnectorException or UntrustedServiceUrlException or HttpRequestException)
        {
            logger.LogWarning("Could not look up a Teams member's e-mail: {Error}", e.Message);
            lifetime = FailureCacheDuration;
        }
        _cache[userId] = new CachedEmail(email, now + lifetime);
        return email;
    }

    private sealed record CachedEmail(string? Email, DateTimeOffset Expires);
}
