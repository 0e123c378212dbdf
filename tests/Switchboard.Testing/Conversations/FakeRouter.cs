using Switchboard.Core.Routing;

namespace Switchboard.Testing;

/// <summary>A router whose answer the test decides: the team whose keyword appears first in the text.</summary>
public sealed class FakeRouter(params (string Keyword, string TeamId)[] rules) : IRequestRouter
{
    public RoutingDecision Route(string text)
    {
        foreach (var (keyword, team) in rules)
            if (text.Contains(keyword, StringComparison.OrdinalIgnoreCase))
                return new RoutingDecision(team, 0.9, [], [$"matched keywords: {keyword}"]);
        return new RoutingDecision(null, 0.1, [new RoutingAlternative("it", 0.1)], ["no team's hints matched"]);
    }
}
