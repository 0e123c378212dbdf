using System.Text;
using Microsoft.Extensions.Options;
using Switchboard.Slack.Inbound;
using Switchboard.Slack.Tests.Fakes;

namespace Switchboard.Slack.Tests;

public sealed class SlackSignatureVerifierTests
{
    // Slack's known-answer vector (python-slack-sdk tests).
    private const string Timestamp = "1531420618";
    private const string Signature = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";
    private const string Body =
        "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";

    private static readonly DateTimeOffset SignedAt = DateTimeOffset.FromUnixTimeSeconds(1531420618);

    private static SlackSignatureVerifier Verifier(DateTimeOffset now, string? secret = SlackSigner.Secret) =>
        new(Options.Create(new SlackOptions { SigningSecret = secret }), new DelayRecordingTimeProvider(now));

    [Fact]
    public void Verify_KnownAnswerVector_IsValid() =>
        Assert.Equal(SlackVerification.Valid, Verifier(SignedAt.AddSeconds(12)).Verify(Timestamp, Signature, Encoding.UTF8.GetBytes(Body)));

    [Fact]
    public void Compute_KnownAnswerVector_ProducesSlacksSignature() =>
        Assert.Equal(Signature, Encoding.ASCII.GetString(SlackSignatureVerifier.Compute(SlackSigner.Secret, Timestamp, Encoding.UTF8.GetBytes(Body))));

    [Fact]
    public void Verify_OneFlippedBodyByte_IsBadSignature()
    {
        var body = Encoding.UTF8.GetBytes(Body);
        body[body.Length / 2] ^= 0x01;
        Assert.Equal(SlackVerification.BadSignature, Verifier(SignedAt).Verify(Timestamp, Signature, body));
    }

    [Fact]
    public void Verify_OneFlippedSignatureCharacter_IsBadSignature()
    {
        var flipped = Signature[..^1] + (Signature[^1] == '3' ? '4' : '3');
        Assert.Equal(SlackVerification.BadSignature, Verifier(SignedAt).Verify(Timestamp, flipped, Encoding.UTF8.GetBytes(Body)));
    }

    [Fact]
    public void Verify_UppercaseHexSignature_IsBadSignature() =>
        Assert.Equal(SlackVerification.BadSignature, Verifier(SignedAt).Verify(Timestamp, "v0=" + Signature[3..].ToUpperInvariant(), Encoding.UTF8.GetBytes(Body)));

    [Fact]
    public void Verify_WrongSecret_IsBadSignature() =>
        Assert.Equal(SlackVerification.BadSignature, Verifier(SignedAt, "another-secret").Verify(Timestamp, Signature, Encoding.UTF8.GetBytes(Body)));

    [Fact]
    public void Verify_EmptySecret_IsBadSignatureEvenForAnHmacKeyedWithNothing()
    {
        var body = Encoding.UTF8.GetBytes(Body);
        var emptyKeyed = SlackSigner.Sign("", Timestamp, body);
        Assert.Equal(SlackVerification.BadSignature, Verifier(SignedAt, "").Verify(Timestamp, emptyKeyed, body));
    }

    [Theory]
    [InlineData(301)]
    [InlineData(86_400)]
    public void Verify_StaleTimestamp_IsOutsideWindow(int secondsLater) =>
        Assert.Equal(SlackVerification.OutsideWindow, Verifier(SignedAt.AddSeconds(secondsLater)).Verify(Timestamp, Signature, Encoding.UTF8.GetBytes(Body)));

    [Theory]
    [InlineData(301)]
    [InlineData(86_400)]
    public void Verify_FutureTimestamp_IsOutsideWindow(int secondsEarlier) =>
        Assert.Equal(SlackVerification.OutsideWindow, Verifier(SignedAt.AddSeconds(-secondsEarlier)).Verify(Timestamp, Signature, Encoding.UTF8.GetBytes(Body)));

    [Theory]
    [InlineData(300)]
    [InlineData(-300)]
    public void Verify_TimestampAtTheWindowEdge_IsValid(int offset) =>
        Assert.Equal(SlackVerification.Valid, Verifier(SignedAt.AddSeconds(offset)).Verify(Timestamp, Signature, Encoding.UTF8.GetBytes(Body)));

    [Theory]
    [InlineData(null, Signature)]
    [InlineData("", Signature)]
    [InlineData(Timestamp, null)]
    [InlineData(Timestamp, "")]
    public void Verify_MissingHeader_IsMissingHeaders(string? timestamp, string? signature) =>
        Assert.Equal(SlackVerification.MissingHeaders, Verifier(SignedAt).Verify(timestamp, signature, Encoding.UTF8.GetBytes(Body)));

    [Theory]
    [InlineData("1531420618.5")]
    [InlineData("-1531420618")]
    [InlineData("yesterday")]
    public void Verify_MalformedTimestamp_IsMalformedTimestamp(string timestamp) =>
        Assert.Equal(SlackVerification.MalformedTimestamp, Verifier(SignedAt).Verify(timestamp, Signature, Encoding.UTF8.GetBytes(Body)));
}
