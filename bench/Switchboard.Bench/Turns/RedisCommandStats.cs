using System.Globalization;
using StackExchange.Redis;
using Switchboard.Bench.Scenarios;

namespace Switchboard.Bench.Turns;

/// <summary>
/// redis-server's own command counters (<c>INFO commandstats</c>): the difference over a run, divided by its
/// turns, is how many Redis round trips of each kind one Switchboard turn makes.
/// </summary>
public sealed class RedisCommandStats(ConnectionMultiplexer redis) : IAsyncDisposable
{
    public static async Task<RedisCommandStats?> ConnectAsync(string? configuration)
    {
        if (string.IsNullOrWhiteSpace(configuration)) return null;
        EngineScenario.EnsureLoopback(configuration);
        var options = ConfigurationOptions.Parse(configuration);
        options.AllowAdmin = true;
        return new RedisCommandStats(await ConnectionMultiplexer.ConnectAsync(options));
    }

    /// <summary>Calls per command since redis-server started, leaving out the INFO calls this class makes.</summary>
    public async Task<IReadOnlyDictionary<string, long>> SnapshotAsync()
    {
        var calls = new Dictionary<string, long>(StringComparer.Ordinal);
        var server = redis.GetServers()[0];
        foreach (var group in await server.InfoAsync("commandstats"))
        {
            foreach (var (key, value) in group)
            {
                // cmdstat_get: calls=12,usec=34,usec_per_call=2.83,rejected_calls=0,failed_calls=0
                if (!key.StartsWith("cmdstat_", StringComparison.Ordinal)) continue;
                var command = key["cmdstat_".Length..];
                if (command == "info") continue;
                var field = value.Split(',').FirstOrDefault(f => f.StartsWith("calls=", StringComparison.Ordinal));
                if (field is not null && long.TryParse(field["calls=".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var n))
                    calls["redis." + command] = n;
            }
        }
        return calls;
    }

    public async ValueTask DisposeAsync() => await redis.DisposeAsync();
}
