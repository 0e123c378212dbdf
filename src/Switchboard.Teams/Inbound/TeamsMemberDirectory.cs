using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Switchboard.Core.Conversations;
using Switchboard.Core.People;
using Switchboard.Teams.Connector;

namespace Switchboard.Teams.Inbound;

/// <summary>
/// E-mail addresses of Teams users, looked up from the Connector (<c>GET .../members/{userId}</c>) so
/// agents configured by e-mail are recognised, and cached to keep lookups off the hot path. The cache holds
/// at most <see cref="TeamsOptions.MemberCacheSize"/> people (the least recently seen go first), so memory stays
/// flat however many people write.
/// </summary>
internal sealed partial class TeamsMemberDirectory(
    ConnectorClient connector,
    PeopleDirectory people,
    IOptions<TeamsOptions> options,
    TimeProvider time,
    ILogger<TeamsMemberDirectory> logger) : IDisposable
{
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = options.Value.MemberCacheSize, CompactionPercentage = 0.1 });

    public async Task<string?> GetEmailAsync(string serviceUrl, string conversationId, string userId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var cached = _cache.Get<CachedEmail>(userId);
        if (cached is not null && cached.Expires > now) return cached.Email;

        try
        {
            var member = await connector.GetMemberAsync(serviceUrl, TeamsConversationIds.Split(conversationId).ConversationId, userId, cancellationToken);
            var email = string.IsNullOrWhiteSpace(member?.Email) ? member?.UserPrincipalName : member.Email;
            if (email is not null && !email.Contains('@')) email = null;
            // Expiry is kept on the injected clock (tests move it); the cache itself only bounds the count.
            _cache.Set(userId, new CachedEmail(email, now + options.Value.MemberCacheDuration), new MemoryCacheEntryOptions { Size = 1 });
            return email;
        }
        catch (Exception e) when (e is ConnectorException or UntrustedServiceUrlException or HttpRequestException)
        {
            // A failed look-up is not an answer: nothing is cached, so the next activity asks again, and meanwhile
            // the e-mail last known for them (by this process, or by the people directory) still counts, so an
            // agent is not locked out of their team's cards by one Connector hiccup.
            LogLookupFailed(logger, e.Message);
            return cached?.Email
                   ?? (await people.FindAsync(new PersonRef(TeamsPlatform.Id, userId, ""), cancellationToken))?.Email;
        }
    }

    public void Dispose() => _cache.Dispose();

    private sealed record CachedEmail(string? Email, DateTimeOffset Expires);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not look up a Teams member's e-mail: {Error}")]
    private static partial void LogLookupFailed(ILogger logger, string error);
}
