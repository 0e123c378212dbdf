using Switchboard.Core.Conversations;

namespace Switchboard.Testing;

/// <summary>Platform ids as the adapters define them; Core's tests can't reference the adapters.</summary>
public static class TestPlatforms
{
    public static readonly Platform Teams = new("teams");
    public static readonly Platform Slack = new("slack");
    public static readonly Platform Playground = new("playground");
}
