namespace Switchboard.Core.Routing;

/// <summary>Where the router would send a request and why.</summary>
/// <param name="TeamId">The best team, or null when no team is a plausible owner.</param>
/// <param name="Confidence">0..1: how sure the router is of <paramref name="TeamId"/>.</param>
/// <param name="Alternatives">Other teams, best first, with their confidence.</param>
/// <param name="Reasons">Human-readable reasons for the choice (matched keywords, similar examples).</param>
public sealed record RoutingDecision(
    string? TeamId,
    double Confidence,
    IReadOnlyList<RoutingAlternative> Alternatives,
    IReadOnlyList<string> Reasons)
{
    /// <summary>The confidence below which the requester is asked to choose a team.</summary>
    public const double AskThreshold = 0.55;

    /// <summary>True when the router is sure enough to propose one team without asking.</summary>
    public bool IsConfident => TeamId is not null && Confidence >= AskThreshold;
}

/// <summary>A team the request could also belong to.</summary>
public sealed record RoutingAlternative(string TeamId, double Confidence);

/// <summary>Decides which service team owns a request.</summary>
public interface IRequestRouter
{
    /// <summary>Scores the teams for <paramref name="text"/>.</summary>
    RoutingDecision Route(string text);
}
