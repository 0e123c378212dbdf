using System.ComponentModel.DataAnnotations;

namespace Switchboard.Redis;

/// <summary>Where Redis is and how Switchboard's keys are namespaced in it (section <c>Redis</c>).</summary>
public sealed record RedisOptions
{
    public const string SectionName = "Redis";

    /// <summary>A StackExchange.Redis configuration string, e.g. <c>redis.internal:6379,password=...,ssl=true</c>.
    /// Empty means "no Redis": the host then uses the in-memory stores.</summary>
    public string? Configuration { get; init; }

    /// <summary>Every key starts with this. One prefix per deployment (tenant) sharing a Redis.</summary>
    [Required]
    public string KeyPrefix { get; init; } = "sb:default";
}
