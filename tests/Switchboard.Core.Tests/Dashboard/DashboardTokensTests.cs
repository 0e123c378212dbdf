using Microsoft.Extensions.Time.Testing;
using Switchboard.Core.Dashboard;
using Switchboard.Core.People;

namespace Switchboard.Core.Tests.Dashboard;

public sealed class DashboardTokensTests
{
    private const string Key = "a-signing-key-of-at-least-32-characters!";
    private static readonly DashboardAccess LenaOnIt = new(PersonId.ForEmail("lena@contoso.example"), ["it"], TestTime.Start.AddDays(1));

    private readonly FakeTimeProvider _clock = new(TestTime.Start);

    [Fact]
    public void Check_TokenItSigned_GrantsTheLeadTheirTeamsUntilExpiry()
    {
        var tokens = new DashboardTokens(Key, _clock);

        var check = tokens.Check(tokens.Sign(LenaOnIt));

        Assert.Equal(DashboardTokenProblem.None, check.Problem);
        Assert.Equal(LenaOnIt.Lead, check.Access!.Lead);
        Assert.Equal(["it"], check.Access.Teams);
        Assert.Equal(LenaOnIt.ExpiresAt, check.Access.ExpiresAt);
        Assert.True(check.Access.Covers("it"));
        Assert.False(check.Access.Covers("hr"));
    }

    [Fact]
    public void Check_AtExpiry_IsRefusedAsExpired()
    {
        var tokens = new DashboardTokens(Key, _clock);
        var token = tokens.Sign(LenaOnIt);

        _clock.SetUtcNow(LenaOnIt.ExpiresAt.AddSeconds(-1));
        Assert.Equal(DashboardTokenProblem.None, tokens.Check(token).Problem);
        _clock.SetUtcNow(LenaOnIt.ExpiresAt);
        var check = tokens.Check(token);

        Assert.Equal(DashboardTokenProblem.Expired, check.Problem);
        Assert.Null(check.Access);
    }

    [Fact]
    public void Check_PayloadWidenedToAnotherTeam_IsRefusedForItsSignature()
    {
        var tokens = new DashboardTokens(Key, _clock);
        var signature = tokens.Sign(LenaOnIt).Split('.')[1];
        var widened = tokens.Sign(LenaOnIt with { Teams = ["it", "hr"] }).Split('.')[0];

        var check = tokens.Check($"{widened}.{signature}");

        Assert.Equal(DashboardTokenProblem.BadSignature, check.Problem);
        Assert.Null(check.Access);
    }

    [Fact]
    public void Check_TokenSignedWithAnotherKey_IsRefused()
    {
        var other = new DashboardTokens("another-signing-key-of-32-characters-or-more", _clock);

        var check = new DashboardTokens(Key, _clock).Check(other.Sign(LenaOnIt));

        Assert.Equal(DashboardTokenProblem.BadSignature, check.Problem);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("no-dot")]
    [InlineData("a.b.c")]
    [InlineData("!!!.???")]
    [InlineData(".abc")]
    public void Check_SomethingThatIsNoToken_IsRefusedAsMalformed(string? token)
    {
        Assert.Equal(DashboardTokenProblem.Malformed, new DashboardTokens(Key, _clock).Check(token).Problem);
    }

    [Fact]
    public void New_KeyShorterThanTheMinimum_Throws()
    {
        Assert.Throws<ArgumentException>(() => new DashboardTokens("short", _clock));
    }
}
