namespace Switchboard.Bench.Turns;

/// <summary>
/// The made-up workspace, tenant and bot the load and the fake platform agree on. Secrets (app password,
/// signing secret, bot token) are not here: bench/run.sh generates them per run and hands them to the hosts,
/// the peers and the bench through the environment.
/// </summary>
public static class BenchIdentities
{
    public const string TenantId = "6e1c3f27-4b8a-4d2e-9a51-0c7b2d9e8f10";
    public const string BotName = "Switchboard";

    public const string SlackTeamId = "T0BENCH001";
    public const string SlackAppId = "A0BENCHAPP";
    public const string SlackBotUserId = "U0BENCHBOT";
    public const string SlackBotId = "B0BENCHBOT";

    public const string EmailDomain = "contoso.example";
}
