using System.ComponentModel.DataAnnotations;

namespace Switchboard.Slack;

/// <summary>The <c>Slack</c> configuration section. Slack is enabled when a signing secret or bot token is set.</summary>
public sealed record SlackOptions
{
    public const string Section = "Slack";

    /// <summary>The app's signing secret (Basic Information → App Credentials); verifies every inbound request.</summary>
    public string? SigningSecret { get; init; }

    /// <summary>The bot token (<c>xoxb-...</c>) the Web API is called with.</summary>
    public string? BotToken { get; init; }

    /// <summary>The Web API base URL; overridable for tests and GovSlack (<c>https://slack-gov.com/api/</c>).</summary>
    [Required]
    public Uri ApiBaseUrl { get; init; } = new("https://slack.com/api/");

    /// <summary>Inbound bodies larger than this are refused with 413 before hashing.</summary>
    [Range(1024, 4 * 1024 * 1024)]
    public int MaxBodyBytes { get; init; } = 256 * 1024;

    /// <summary>How far a request timestamp may be from now (Slack recommends five minutes).</summary>
    [Range(typeof(TimeSpan), "00:00:30", "00:10:00")]
    public TimeSpan TimestampTolerance { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Messages per second sent to one channel after the burst below is spent (Slack allows about one).</summary>
    [Range(0.1, 50)]
    public double MessagesPerSecondPerChannel { get; init; } = 1;

    /// <summary>Messages that may go to one channel at once before pacing starts.</summary>
    [Range(1, 50)]
    public int ChannelBurst { get; init; } = 3;

    /// <summary>How long a looked-up user profile (name, e-mail, time zone) is reused.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan UserCacheDuration { get; init; } = TimeSpan.FromHours(1);

    /// <summary>The workspace's URL (https://acme.slack.com/) used to link messages when Slack does not send the domain.</summary>
    public Uri? WorkspaceUrl { get; init; }
}
