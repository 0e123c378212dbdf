namespace Switchboard.Bench.Turns;

/// <summary>The platform whose inbound traffic a target receives.</summary>
public enum TurnPlatform
{
    Teams,
    Slack,
}

/// <summary>
/// A server the turn load runs against: one of Switchboard's hosts or a peer, with the process id whose CPU
/// time and memory are read from /proc.
/// </summary>
public sealed record TurnTarget(string Name, TurnPlatform Platform, Uri BaseUrl, int? Pid, string? PeerOf)
{
    public const string SwitchboardTeams = "switchboard-teams";
    public const string SwitchboardSlack = "switchboard-slack";
    public const string Botbuilder = "botbuilder";
    public const string Bolt = "bolt";

    public static readonly IReadOnlyList<string> Names = [SwitchboardTeams, Botbuilder, SwitchboardSlack, Bolt];

    public bool IsPeer => PeerOf is not null;

    /// <summary>Switchboard stores in Redis; the peers keep state in memory.</summary>
    public bool UsesRedis => !IsPeer;

    /// <summary>Switchboard answers <c>/readyz</c> once Redis is reachable; the peer scripts answer <c>/healthz</c>.</summary>
    public string ReadyPath => IsPeer ? "/healthz" : "/readyz";

    public Uri TurnEndpoint => new(BaseUrl, Platform == TurnPlatform.Teams ? "/api/messages" : "/api/slack/events");

    /// <summary>A target from <c>--target name=url[@pid]</c>.</summary>
    public static TurnTarget Parse(string text)
    {
        var equals = text.IndexOf('=');
        if (equals <= 0) throw new ArgumentException($"--target '{text}' must be name=url[@pid], with name one of {string.Join(", ", Names)}.");
        var name = text[..equals];
        var rest = text[(equals + 1)..];
        int? pid = null;
        var at = rest.LastIndexOf('@');
        if (at > 0)
        {
            pid = int.TryParse(rest[(at + 1)..], out var n) && n > 0 ? n : throw new ArgumentException($"--target {name}: '{rest[(at + 1)..]}' is not a process id.");
            rest = rest[..at];
        }
        if (!Uri.TryCreate(rest, UriKind.Absolute, out var url)) throw new ArgumentException($"--target {name}: '{rest}' is not an absolute URL.");
        if (!url.IsLoopback) throw new ArgumentException($"--target {name} must be a loopback address: the benchmark never leaves this machine.");
        return name switch
        {
            SwitchboardTeams => new TurnTarget(name, TurnPlatform.Teams, url, pid, null),
            Botbuilder => new TurnTarget(name, TurnPlatform.Teams, url, pid, SwitchboardTeams),
            SwitchboardSlack => new TurnTarget(name, TurnPlatform.Slack, url, pid, null),
            Bolt => new TurnTarget(name, TurnPlatform.Slack, url, pid, SwitchboardSlack),
            _ => throw new ArgumentException($"--target: unknown target '{name}'; known: {string.Join(", ", Names)}."),
        };
    }
}
