using Microsoft.Extensions.DependencyInjection;
using Switchboard.Core.Conversations;
using Switchboard.Core.Kudos;
using static Switchboard.Testing.EngineHarness;

namespace Switchboard.Core.Tests.Kudos;

/// <summary>The "Give kudos" form: what it asks, how a message prefills it, and its submission under the rules of giving.</summary>
public sealed class KudosFormTests
{
    private const string KudosChannel = "team:kudos";
    private readonly EngineHarness _h;
    private int _delivery;

    public KudosFormTests() : this(new KudosOptions
    {
        Values = [new KudosValueOptions { Name = "ownership", Emoji = "🚀" }, new KudosValueOptions { Name = "teamwork" }],
        ValueRequirement = ValueRequirement.Required,
        MinimumReasonLength = 12,
        Allowance = 2,
        Channels = new() { ["playground"] = new KudosChannelOptions { ConversationId = KudosChannel } },
    })
    { }

    private KudosFormTests(KudosOptions options) => _h = new EngineHarness(addModules: s => s.AddSingleton(options));

    private CardAction Form(TurnIntent? intent = null) => _h.Services.GetRequiredService<IntentForms>().For(intent ?? TurnIntent.Named(KudosForm.Intent))!;

    private static TurnIntent FromMessage(string text, MessageAuthor author) =>
        new EntryPoint(EntrySurface.MessageAction, KudosForm.ThankAuthorEntryPoint, KudosForm.Intent, "", null, "kudos").Invoke(text, null, author);

    private async Task<TurnResult> SubmitAsync(PersonRef from, IReadOnlyList<PersonRef> picked, string? value, string message,
        IReadOnlyDictionary<string, string>? data = null, string? deliveryId = null)
    {
        var values = new Dictionary<string, string>(data ?? new Dictionary<string, string>())
        {
            [KudosForm.PeopleInput] = string.Join(',', picked.Select(p => p.Id)),
            [KudosForm.MessageInput] = message,
        };
        if (value is not null) values[KudosForm.ValueInput] = value;
        var result = await _h.HandleAsync(new Turn(deliveryId ?? $"form-{++_delivery}", from, Dm(from), ConversationScope.Personal, null,
            new TurnAction(KudosForm.Verb, values), _h.Clock.GetUtcNow())
        {
            Mentions = picked.Select(p => new Mention(p, p.Id)).ToList(),
        });
        await _h.DrainQueueAsync(KudosService.QueueName);
        return result;
    }

    [Fact]
    public void Form_AsksWhoTheValueAndWhatTheyDid_UnderTheRules()
    {
        var form = Form().Form!;

        Assert.Equal([KudosForm.PeopleInput, KudosForm.ValueInput, KudosForm.MessageInput], form.Inputs.Select(i => i.Id));
        Assert.Equal(InputKind.People, form.Inputs[0].Kind);
        Assert.Equal(InputRequirement.Required, form.Inputs[1].Requirement);
        Assert.Equal(["🚀 #ownership", "#teamwork"], form.Inputs[1].Choices!.Select(c => c.Title));
        Assert.Equal((InputKind.MultilineText, 12), (form.Inputs[2].Kind, form.Inputs[2].MinLength));
        Assert.Null(form.Note);
    }

    [Fact]
    public void Form_WithoutConfiguredValues_HasNoValueInput()
    {
        var h = new EngineHarness(addModules: s => s.AddSingleton(new KudosOptions()));

        var form = h.Services.GetRequiredService<IntentForms>().For(TurnIntent.Named(KudosForm.Intent))!.Form!;

        Assert.DoesNotContain(form.Inputs, i => i.Id == KudosForm.ValueInput);
    }

    [Fact]
    public void Form_FromAColleaguesMessage_PicksTheAuthorAndStartsTheMessageWithAQuote()
    {
        var action = Form(FromMessage("Restarted the build server,\n\nit's back", new MessageAuthor("U0SAM", "Sam Rivera", MessageAuthorKind.Person)));

        var people = action.Form!.Inputs[0];
        Assert.Equal("U0SAM", people.Value);
        Assert.Equal([new CardChoice("U0SAM", "Sam Rivera")], people.Choices);
        Assert.Equal("\"Restarted the build server, it's back\"\n", action.Form.Inputs[2].Value);
        Assert.Equal(action.Form.Inputs[2].Value, action.Data[KudosForm.QuoteKey]);
    }

    [Fact]
    public void Quote_OfALongMessage_IsCutAtAWord()
    {
        var quote = KudosForm.Quote(string.Join(' ', Enumerable.Repeat("restarted", 40)));

        Assert.True(quote.Length <= KudosForm.MaxQuoteLength + 4, quote);
        Assert.EndsWith("restarted…\"\n", quote);
    }

    [Theory]
    [InlineData(MessageAuthorKind.Bot, "That message is from Build Bot, a bot, and kudos are for people.")]
    [InlineData(MessageAuthorKind.Self, "That's your own message, and kudos are for others.")]
    public void Form_FromABotsOrYourOwnMessage_ExplainsAndPicksNobody(MessageAuthorKind kind, string note)
    {
        var action = Form(FromMessage("Build 4512 passed", new MessageAuthor("B0CI", "Build Bot", kind)));

        Assert.StartsWith(note, action.Form!.Note);
        Assert.Null(action.Form.Inputs[0].Value);
        Assert.Null(action.Form.Inputs[2].Value);
    }

    [Fact]
    public async Task Submit_GivesTheKudos_CardInTheChannelAndAMessageToEachReceiver()
    {
        var result = await SubmitAsync(Maya, [Alex, Priya], "ownership", "moved the whole office over the weekend");

        Assert.Equal(TurnOutcome.Handled, result.Outcome);
        Assert.StartsWith("Kudos sent to Alex Kim and Priya Nair. You have 0 of 2 kudos left this week", result.Notice);
        Assert.Equal("🎉 Kudos to Alex Kim and Priya Nair", result.ReplacementCard!.Title);
        Assert.Equal("moved the whole office over the weekend", Assert.Single(_h.Gateway.SentTo(KudosChannel)).Card!.Text);
        Assert.Contains(_h.Gateway.TextsTo(Dm(Alex).ConversationId), t => t.StartsWith("Maya Patel gave you kudos for 🚀 #ownership"));
        Assert.Single(_h.Gateway.TextsTo(Dm(Priya).ConversationId));
    }

    [Fact]
    public async Task Submit_TheSameDeliveryTwice_GivesAndChargesOnce()
    {
        await SubmitAsync(Maya, [Alex], "teamwork", "covered my on-call shift at short notice", deliveryId: "view-1");
        var again = await SubmitAsync(Maya, [Alex], "teamwork", "covered my on-call shift at short notice", deliveryId: "view-1");

        Assert.Equal(TurnOutcome.Duplicate, again.Outcome);
        Assert.Single(_h.Gateway.SentTo(KudosChannel));
        Assert.Equal(1, (await _h.Services.GetRequiredService<KudosService>().StatsAsync(Maya, CancellationToken.None)).Given);
    }

    [Fact]
    public async Task Submit_WithAQuoteAndNoWordsOfYourOwn_IsRefusedOnTheMessage()
    {
        var quote = KudosForm.Quote("Restarted the build server, it's back");

        var result = await SubmitAsync(Maya, [Alex], "ownership", quote + "ty", new Dictionary<string, string> { [KudosForm.QuoteKey] = quote });

        Assert.Equal(TurnOutcome.Refused, result.Outcome);
        Assert.Equal(KudosForm.MessageInput, KudosForm.FieldOf(result.Notice!));
        Assert.Empty(_h.Gateway.SentTo(KudosChannel));
    }

    [Fact]
    public async Task Submit_APickTheAdapterCouldNotLookUp_IsRefused()
    {
        var result = await _h.HandleAsync(new Turn("form-unresolved", Maya, Dm(Maya), ConversationScope.Personal, null,
            new TurnAction(KudosForm.Verb, new Dictionary<string, string>
            {
                [KudosForm.PeopleInput] = "someone-unknown",
                [KudosForm.ValueInput] = "ownership",
                [KudosForm.MessageInput] = "fixed my VPN before the board call",
            }), _h.Clock.GetUtcNow()));

        Assert.Equal("I couldn't look up everyone you picked; please pick the people again.", result.Notice);
        Assert.Equal(KudosForm.PeopleInput, KudosForm.FieldOf(result.Notice!));
    }

    [Theory]
    [InlineData(null, "fixed my VPN before the board call", KudosForm.ValueInput)]
    [InlineData("kindness", "fixed my VPN before the board call", KudosForm.ValueInput)]
    [InlineData("ownership", "thanks!", KudosForm.MessageInput)]
    public async Task Submit_WhenAContentRuleBites_IsRefusedOnItsField(string? value, string message, string field)
    {
        var result = await SubmitAsync(Maya, [Alex], value, message);

        Assert.Equal(TurnOutcome.Refused, result.Outcome);
        Assert.Equal(field, KudosForm.FieldOf(result.Notice!));
    }

    [Fact]
    public async Task Submit_PastTheAllowance_IsRefusedOnThePeopleWithTheResetTime()
    {
        await SubmitAsync(Maya, [Alex, Priya], "ownership", "moved the whole office over the weekend");

        var result = await SubmitAsync(Maya, [Jordan], "teamwork", "ran the all-hands without a hitch");

        Assert.StartsWith("You've given all 2 kudos you have this week. Your allowance resets", result.Notice);
        Assert.Equal(KudosForm.PeopleInput, KudosForm.FieldOf(result.Notice!));
    }

    [Fact]
    public async Task Submit_ToYourself_IsRefusedOnThePeople()
    {
        var result = await SubmitAsync(Maya, [Maya], "ownership", "kept my own laptop alive all week");

        Assert.Contains("give kudos to yourself", result.Notice);
        Assert.Equal(KudosForm.PeopleInput, KudosForm.FieldOf(result.Notice!));
    }
}
