using Switchboard.Core.Conversations;
using Switchboard.Core.Kudos;

namespace Switchboard.Core.Tests.Kudos;

public sealed class KudosTextTests
{
    private static readonly KudosOptions Options = new()
    {
        Values = [new KudosValueOptions { Name = "ownership", Emoji = "🚀" }, new KudosValueOptions { Name = "teamwork", Emoji = ":handshake:" }],
    };

    private static readonly PersonRef SlackAlex = new(new Platform("slack"), "U1ALEX", "Alex Kim");
    private static readonly PersonRef SlackPriya = new(new Platform("slack"), "U2PRIYA", "Priya Nair");

    [Fact]
    public void Parse_SlackMentionsValueAndFor_ReadsRecipientsValueAndReason()
    {
        var parsed = KudosText.Parse("<@U1ALEX> <@U2PRIYA|priya> for fixing my laptop in ten minutes #ownership",
            [new Mention(SlackAlex, "<@U1ALEX>"), new Mention(SlackPriya, "<@U2PRIYA|priya>")], Options);

        Assert.Null(parsed.Problem);
        Assert.Equal(["Alex Kim", "Priya Nair"], parsed.Draft!.Recipients.Select(r => r.Person.Name));
        Assert.Equal("ownership", Assert.Single(parsed.Draft.Values).Name);
        Assert.Equal("fixing my laptop in ten minutes", parsed.Draft.Reason);
    }

    [Fact]
    public void Parse_TeamsAtTags_AreRemovedFromTheReason()
    {
        var alex = new PersonRef(new Platform("teams"), "29:alex", "Alex Kim");
        var parsed = KudosText.Parse("<at>Alex Kim</at> — sorting out the VPN before my demo #teamwork",
            [new Mention(alex, "<at>Alex Kim</at>")], Options);

        Assert.Equal("29:alex", Assert.Single(parsed.Draft!.Recipients).Person.Id);
        Assert.Equal("sorting out the VPN before my demo", parsed.Draft.Reason);
        Assert.Equal("teamwork", Assert.Single(parsed.Draft.Values).Name);
    }

    [Fact]
    public void Parse_PlaygroundNamesWithColon_ReadsTheReasonAfterTheColon()
    {
        var parsed = KudosText.Parse("@Alex Kim: stayed late to move my desk",
            [new Mention(new PersonRef(new Platform("playground"), "alex", "Alex Kim"), "@Alex Kim")], Options);

        Assert.Equal("stayed late to move my desk", parsed.Draft!.Reason);
    }

    [Fact]
    public void Parse_SamePersonTwice_CountsThemOnce()
    {
        var parsed = KudosText.Parse("<@U1ALEX> and <@U1ALEX> for the help with payroll",
            [new Mention(SlackAlex, "<@U1ALEX>"), new Mention(SlackAlex, "<@U1ALEX>")], Options);

        Assert.Single(parsed.Draft!.Recipients);
        Assert.Equal("and for the help with payroll", parsed.Draft.Reason);
    }

    [Fact]
    public void Parse_ValueByEmojiShortcode_FindsTheValue()
    {
        var parsed = KudosText.Parse("<@U1ALEX> for pairing on the outage #handshake", [new Mention(SlackAlex, "<@U1ALEX>")], Options);

        Assert.Equal("teamwork", Assert.Single(parsed.Draft!.Values).Name);
    }

    [Fact]
    public void Parse_UnknownValue_ListsTheValues()
    {
        var parsed = KudosText.Parse("<@U1ALEX> for the help #speed", [new Mention(SlackAlex, "<@U1ALEX>")], Options);

        Assert.Null(parsed.Draft);
        Assert.Contains("#speed isn't one of our values", parsed.Problem);
        Assert.Contains("#ownership, #teamwork", parsed.Problem);
    }

    [Fact]
    public void Parse_NoMention_AsksWhoItIsFor()
    {
        var parsed = KudosText.Parse("for fixing my laptop", [], Options);

        Assert.StartsWith("Who is it for?", parsed.Problem);
        Assert.Contains(KudosParse.Example, parsed.Problem);
    }

    [Fact]
    public void Parse_NameTypedWithoutMention_SaysToPickTheMention()
    {
        var parsed = KudosText.Parse("@alex for fixing my laptop", [], Options);

        Assert.Contains("I couldn't tell who @alex is", parsed.Problem);
    }

    [Fact]
    public void Parse_NoReason_AsksWhatFor()
    {
        var parsed = KudosText.Parse("<@U1ALEX> for #ownership", [new Mention(SlackAlex, "<@U1ALEX>")], Options);

        Assert.StartsWith("Say what it's for", parsed.Problem);
    }

    [Fact]
    public void Parse_SlackChannelLinkOrBroadcastInReason_StaysLiteralText()
    {
        var parsed = KudosText.Parse("<@U1ALEX> for saving <#C123|general> and <!here>", [new Mention(SlackAlex, "<@U1ALEX>")], Options);

        Assert.Empty(parsed.Draft!.Values);
        Assert.Equal("saving <#C123|general> and <!here>", parsed.Draft.Reason);
    }

    [Fact]
    public void Parse_MentionNotInTheText_IsNoRecipient()
    {
        var parsed = KudosText.Parse("<@U1ALEX> for the quick fix", [new Mention(SlackAlex, "<@U1ALEX>"), new Mention(SlackPriya, "<@U2PRIYA>")], Options);

        Assert.Single(parsed.Draft!.Recipients);
    }
}
