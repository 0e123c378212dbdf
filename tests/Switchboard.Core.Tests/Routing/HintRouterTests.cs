using Switchboard.Core.Routing;

namespace Switchboard.Core.Tests.Routing;

public sealed class HintRouterTests
{
    private static readonly Lazy<HintRouter> Shipped = new(() => new HintRouter(TestConfiguration.Teams()));

    private static HintRouter Router => Shipped.Value;

    [Theory]
    [InlineData("it", "My VPN keeps disconnecting when I work from home")]
    [InlineData("it", "I need Photoshop installed on my laptop")]
    [InlineData("hr", "My payslip this month is missing my overtime pay")]
    [InlineData("hr", "I want to take parental leave from September")]
    [InlineData("facilities", "The air conditioning on the third floor is not working")]
    [InlineData("facilities", "The ladies toilets on level 4 are flooded")]
    [InlineData("finance", "I need to submit an expense claim for my hotel stay")]
    [InlineData("finance", "Please pay this supplier invoice, it is overdue")]
    [InlineData("security", "I received a phishing email asking for my password")]
    [InlineData("security", "Someone is sending fake emails pretending to be our CEO")]
    [InlineData("legal", "Can legal review this vendor contract before we sign?")]
    [InlineData("legal", "Is our new feature GDPR compliant?")]
    public void Route_ClearRequest_PicksItsTeamConfidently(string team, string text)
    {
        var decision = Router.Route(text);

        Assert.Equal(team, decision.TeamId);
        Assert.True(decision.IsConfident, $"confidence {decision.Confidence} for '{text}'");
    }

    // HR is confidential: one keyword is not enough to propose it without asking, though it is offered first.
    [Theory]
    [InlineData("question about my payslip")]
    [InlineData("payslip?")]
    [InlineData("can I take this with me when I leave?")]
    public void Route_ShortRequestForAConfidentialTeam_AsksWithThatTeamFirst(string text)
    {
        var decision = Router.Route(text);

        Assert.Equal("hr", decision.TeamId);
        Assert.False(decision.IsConfident, $"confidence {decision.Confidence} for '{text}'");
        Assert.Contains(decision.Reasons, r => r.StartsWith("asks first", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("security", "My laptop was stolen at the airport")]
    [InlineData("it", "My laptop won't start")]
    [InlineData("facilities", "My badge doesn't open the door to the office")]
    [InlineData("it", "I need access to the marketing shared drive")]
    [InlineData("finance", "Can I expense a new monitor I bought for home?")]
    [InlineData("it", "My new monitor is not detected by my laptop")]
    [InlineData("hr", "I need a copy of my employment contract")]
    [InlineData("legal", "Please review the vendor contract before we sign it")]
    [InlineData("hr", "Please update the bank details for my payroll")]
    [InlineData("security", "I got a suspicious invoice email with a link I don't trust")]
    [InlineData("finance", "The supplier says their invoice is still unpaid")]
    public void Route_ConfusableRequest_PicksTheOwningTeam(string team, string text)
    {
        Assert.Equal(team, Router.Route(text).TeamId);
    }

    [Theory]
    [InlineData("it", "pw reset please")]
    [InlineData("it", "2fa app stopped working after the phone update")]
    [InlineData("it", "can't get on the wi-fi")]
    [InlineData("facilities", "the aircon is broken")]
    [InlineData("facilities", "the a/c is blowing warm air")]
    [InlineData("hr", "how much PTO do I have")]
    [InlineData("finance", "when will you reimburse me for the taxi")]
    public void Route_AbbreviationOrSpellingVariant_IsUnderstood(string team, string text)
    {
        Assert.Equal(team, Router.Route(text).TeamId);
    }

    [Fact]
    public void Route_WordWithATypo_StillMatchesTheKeyword()
    {
        var decision = Router.Route("I forgot my passwrod");

        Assert.Equal("it", decision.TeamId);
        Assert.Contains(decision.Reasons, r => r.Contains("password", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("hello")]
    [InlineData("what's for lunch")]
    [InlineData("asdf")]
    [InlineData("thanks!")]
    [InlineData("qwerty uiop")]
    [InlineData("can you help me?")]
    [InlineData("good morning everyone")]
    public void Route_GreetingOrGibberish_IsNotConfident(string text)
    {
        var decision = Router.Route(text);

        Assert.False(decision.IsConfident, $"'{text}' went to {decision.TeamId} with {decision.Confidence}");
    }

    [Theory]
    [InlineData("asdf")]
    [InlineData("hello")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("?!")]
    public void Route_NoKnownWords_ReturnsNoTeamWithAReason(string text)
    {
        var decision = Router.Route(text);

        Assert.Null(decision.TeamId);
        Assert.Equal(0, decision.Confidence);
        Assert.Empty(decision.Alternatives);
        Assert.NotEmpty(decision.Reasons);
    }

    [Fact]
    public void Route_KeywordsInTheRequest_AreNamedInTheReasons()
    {
        var decision = Router.Route("My VPN keeps dropping and Outlook won't sync");

        var keywords = Assert.Single(decision.Reasons, r => r.StartsWith("matched keywords: ", StringComparison.Ordinal));
        Assert.Contains("vpn", keywords, StringComparison.Ordinal);
        Assert.Contains("outlook", keywords, StringComparison.Ordinal);
    }

    [Fact]
    public void Route_RequestCloseToAnExample_NamesTheExample()
    {
        var decision = Router.Route("my vpn drops during every call");

        Assert.Contains("similar to the example 'My VPN drops every call'", decision.Reasons);
    }

    // Two examples per team: with a keyword alone, the logistic regression learns from two texts per team and
    // which team it leans to on an even split is noise.
    [Fact]
    public void Route_RequestSplitBetweenTwoTeams_SaysItIsACloseCall()
    {
        var router = new HintRouter(Directory(
            Team("alpha", keywords: ["turbine"], examples: ["the turbine is making a noise", "turbine blades need checking"]),
            Team("beta", keywords: ["ledger"], examples: ["the ledger does not balance", "ledger entries are missing"])));

        var decision = router.Route("turbine ledger");

        Assert.False(decision.IsConfident);
        Assert.Contains(decision.Reasons, r => r.StartsWith("close call with ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("My laptop was stolen and it had customer data on it")]
    [InlineData("Can I expense the new keyboard I bought?")]
    [InlineData("the contract for the new office lease")]
    [InlineData("lunch")]
    public void Route_AnyRequest_OrdersAlternativesBestFirstWithoutTheChosenTeam(string text)
    {
        var decision = Router.Route(text);

        Assert.NotNull(decision.TeamId);
        Assert.DoesNotContain(decision.Alternatives, a => a.TeamId == decision.TeamId);
        Assert.Equal(decision.Alternatives.OrderByDescending(a => a.Confidence).Select(a => a.TeamId), decision.Alternatives.Select(a => a.TeamId));
        Assert.All(decision.Alternatives, a => Assert.InRange(a.Confidence, 0, decision.Confidence));
        Assert.InRange(decision.Confidence, 0, 1);
        Assert.InRange(decision.Confidence + decision.Alternatives.Sum(a => a.Confidence), 0, 1.001);
        Assert.Equal(decision.Alternatives.Count, decision.Alternatives.Select(a => a.TeamId).Distinct().Count());
    }

    [Fact]
    public void Route_SameTextTwice_GivesTheSameDecision()
    {
        const string text = "The printer on floor 2 is jammed and the heating is off";
        var first = Router.Route(text);
        var second = new HintRouter(TestConfiguration.Teams()).Route(text);

        Assert.Equal(first.TeamId, second.TeamId);
        Assert.Equal(first.Confidence, second.Confidence);
        Assert.Equal(first.Alternatives, second.Alternatives);
        Assert.Equal(first.Reasons, second.Reasons);
    }

    [Fact]
    public void Route_WordIsOneTeamsKeywordAndAnotherTeamsExampleWord_PrefersTheKeyword()
    {
        var router = new HintRouter(Directory(
            Team("alpha", keywords: ["turbine"], examples: ["The generator hums loudly"]),
            Team("beta", keywords: ["ledger"], examples: ["The turbine ledger is late", "The ledger needs closing"])));

        Assert.Equal("alpha", router.Route("turbine").TeamId);
    }

    [Fact]
    public void Route_TeamWithoutHints_IsFoundByItsNameAndDescription()
    {
        var router = new HintRouter(Directory(
            Team("alpha", keywords: ["turbine"], examples: []),
            Team("beta", keywords: [], examples: [], description: "Greenhouses, orchids and irrigation.")));

        var decision = router.Route("the orchids in the greenhouse need irrigation");

        Assert.Equal("beta", decision.TeamId);
        Assert.Contains(decision.Reasons, r => r.Contains("orchids", StringComparison.Ordinal));
    }

    [Fact]
    public void Route_PhraseKeyword_CountsTheWordsInEitherOrder()
    {
        var router = new HintRouter(Directory(
            Team("alpha", keywords: ["bank details"], examples: []),
            Team("beta", keywords: ["bank holiday", "details"], examples: [])));

        var decision = router.Route("my details at the bank are wrong");

        Assert.Equal("alpha", decision.TeamId);
        Assert.Contains("matched keywords: bank details", decision.Reasons);
    }

    [Fact]
    public void Route_ConfiguredTeamsWithoutAnyHints_ReturnsNoTeam()
    {
        var router = new HintRouter(new TeamDirectory(new ServiceTeamsOptions()));

        var decision = router.Route("my laptop is broken");

        Assert.Null(decision.TeamId);
        Assert.False(decision.IsConfident);
    }

    // The logistic regression is trained at construction with a fixed-seed shuffle: two routers built from the same
    // hints decide every request the same way, on every run and on every instance of the host.
    [Theory]
    [InlineData("My VPN keeps disconnecting when I work from home")]
    [InlineData("lost my phone in a taxi, it has work apps")]
    [InlineData("I'd like to change my details")]
    [InlineData("Can legal review this vendor contract before we sign?")]
    public void Route_TwoRoutersFromTheSameHints_DecideIdentically(string text)
    {
        var first = new HintRouter(TestConfiguration.Teams()).Route(text);
        var second = Router.Route(text);

        Assert.Equal(second.TeamId, first.TeamId);
        Assert.Equal(second.Confidence, first.Confidence);
        Assert.Equal(second.Alternatives, first.Alternatives);
        Assert.Equal(second.Reasons, first.Reasons);
    }

    private static TeamDirectory Directory(params ServiceTeamOptions[] teams) => new(new ServiceTeamsOptions { Teams = [.. teams] });

    private static ServiceTeamOptions Team(string id, string[] keywords, string[] examples, string description = "Things.") => new()
    {
        Id = id,
        Name = id.ToUpperInvariant() + " desk",
        TicketPrefix = id.ToUpperInvariant()[..2],
        Description = description,
        Routing = new RoutingHintsOptions { Keywords = [.. keywords], Examples = [.. examples] },
    };
}
