using Switchboard.Core.Conversations;

namespace Switchboard.Core.Tests.Conversations;

public sealed class SendRetryTests
{
    [Theory]
    [InlineData(SendKind.Creating, SendFailure.RateLimited, true)]
    [InlineData(SendKind.Creating, SendFailure.NotTaken, true)]
    [InlineData(SendKind.Creating, SendFailure.ServerError, false)]
    [InlineData(SendKind.Creating, SendFailure.NoAnswer, false)]
    [InlineData(SendKind.Repeatable, SendFailure.RateLimited, true)]
    [InlineData(SendKind.Repeatable, SendFailure.NotTaken, true)]
    [InlineData(SendKind.Repeatable, SendFailure.ServerError, true)]
    [InlineData(SendKind.Repeatable, SendFailure.NoAnswer, true)]
    public void MayRepeat_RepeatsACreatingSendOnlyWhenThePlatformCertainlyDidNotTakeIt(SendKind kind, SendFailure failure, bool expected) =>
        Assert.Equal(expected, SendRetry.MayRepeat(kind, failure));
}
