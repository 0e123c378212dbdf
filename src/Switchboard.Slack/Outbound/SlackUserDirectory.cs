using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Switchboard.Core.Conversations;

namespace Switchboard.Slack.Outbound;

/// <summary>
/// Turns a Slack user id into a <see cref="PersonRef"/> with display name and e-mail (so agents configured by
/// e-mail are recognised), caching <c>users.info</c> answers for <see cref="SlackOptions.UserCacheDuration"/>, for at
/// most <see cref="SlackOptions.UserCacheSize"/> people (the least recently seen go first), so memory stays flat
/// however many people write.
/// </summary>
internal sealed partial class SlackUserDirectory(
    SlackApiClient client,
    IOptions<SlackOptions> options,
    TimeProvider time,
    ILogger<SlackUserDirectory> logger) : IDisposable
{
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = options.Value.UserCacheSize, CompactionPercentage = 0.1 });

    public async Task<SlackUserInfo> GetAsync(string userId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var cached = _cache.Get<CachedUser>(userId);
        if (cached is not null && cached.Expires > now) return cached.User;

        try
        {
            var user = await client.GetUserAsync(userId, cancellationToken);
            // Expiry is kept on the injected clock (tests move it); the cache itself only bounds the count.
            _cache.Set(userId, new CachedUser(user, now + options.Value.UserCacheDuration), new MemoryCacheEntryOptions { Size = 1 });
            return user;
        }
        catch (SlackApiException ex)
        {
            // Without users:read the person is still served, only known by id.
            LogLookupFailed(logger, ex.Error);
            return cached?.User ?? new SlackUserInfo(userId, userId, null, null, false);
        }
    }

    /// <summary>What the last successful <c>users.info</c> said about the user (even if expired), without calling Slack.</summary>
    public SlackUserInfo? Known(string userId) => _cache.Get<CachedUser>(userId)?.User;

    public async Task<PersonRef> PersonAsync(string userId, CancellationToken cancellationToken)
    {
        var user = await GetAsync(userId, cancellationToken);
        return new PersonRef(SlackPlatform.Id, userId, user.Name, user.Email);
    }

    public void Dispose() => _cache.Dispose();

    private sealed record CachedUser(SlackUserInfo User, DateTimeOffset Expires);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slack users.info failed ({Error}); using the user id as name")]
    private static partial void LogLookupFailed(ILogger logger, string error);
}
