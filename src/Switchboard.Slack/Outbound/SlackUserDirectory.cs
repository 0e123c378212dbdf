using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Switchboard.Core.Conversations;

namespace Switchboard.Slack.Outbound;

/// <summary>
/// Turns a Slack user id into a <see cref="PersonRef"/> with display name and e-mail (so agents configured by
/// e-mail are recognised), caching <c>users.info</c> answers for <see cref="SlackOptions.UserCacheDuration"/>.
/// </summary>
internal sealed partial class SlackUserDirectory(
    SlackApiClient client,
    IOptions<SlackOptions> options,
    TimeProvider time,
    ILogger<SlackUserDirectory> logger)
{
    private readonly ConcurrentDictionary<string, (SlackUserInfo User, DateTimeOffset Expires)> _cache = new(StringComparer.Ordinal);

    public async Task<SlackUserInfo> GetAsync(string userId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_cache.TryGetValue(userId, out var cached) && cached.Expires > now) return cached.User;

        try
        {
            var user = await client.GetUserAsync(userId, cancellationToken);
            _cache[userId] = (user, now + options.Value.UserCacheDuration);
            return user;
        }
        catch (SlackApiException ex)
        {
            // Without users:read the person is still served, only known by id.
            LogLookupFailed(logger, ex.Error);
            return cached.User ?? new SlackUserInfo(userId, userId, null, null, false);
        }
    }

    /// <summary>What the last successful <c>users.info</c> said about the user (even if expired), without calling Slack.</summary>
    public SlackUserInfo? Known(string userId) => _cache.TryGetValue(userId, out var cached) ? cached.User : null;

    public async Task<PersonRef> PersonAsync(string userId, CancellationToken cancellationToken)
    {
        var user = await GetAsync(userId, cancellationToken);
        return new PersonRef(SlackPlatform.Id, userId, user.Name, user.Email);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slack users.info failed ({Error}); using the user id as name")]
    private static partial void LogLookupFailed(ILogger logger, string error);
}
