using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Switchboard.Host.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Switchboard.Host.Tests.Playground;

/// <summary>
/// Drives the playground page in headless Chromium the way a person would: typing, clicking buttons by
/// their visible titles and switching personas, against the real host with in-memory storage.
/// </summary>
public sealed partial class PlaygroundPageTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    private const string VpnProblem = "My VPN drops every call since this morning";
    private const string ResolutionNote = "Reinstalled the VPN client and reset the tunnel profile.";
    private const string Requester = "maya";
    private const string ItAgent = "alex.kim";
    private const string OtherItAgent = "priya.nair";

    [Fact]
    public async Task PlaygroundPage_EmployeeFilesAndItAgentResolvesByClicking_RequesterSeesItResolved()
    {
        await using var session = await OpenAsync();
        var page = session.Page;

        var ticketNumber = await FileVpnRequestAsync(page);
        var dm = page.GetByTestId("dm-messages");
        var requesterTicketCard = TicketCard(dm, ticketNumber);

        await SelectPersonaAsync(page, ItAgent);
        await page.GetByTestId("channel-tab-it").ClickAsync();
        await Expect(page.GetByTestId("channel-tab-it")).ToHaveAttributeAsync("aria-selected", "true");
        var channelCard = TicketCard(page.GetByTestId("channel-messages"), ticketNumber);
        await Expect(channelCard).ToBeVisibleAsync();

        await Expect(Fact(channelCard, "Assigned to")).ToContainTextAsync("Unassigned");
        await channelCard.GetByRole(AriaRole.Button, new() { Name = "Assign to me", Exact = true }).ClickAsync();
        await Expect(Fact(channelCard, "Assigned to")).ToContainTextAsync("Alex Kim");

        await channelCard.GetByRole(AriaRole.Button, new() { Name = "Resolve", Exact = true }).ClickAsync();
        var form = channelCard.GetByTestId("card-form");
        await Expect(form).ToBeVisibleAsync();
        await form.GetByRole(AriaRole.Textbox).First.FillAsync(ResolutionNote);
        await form.GetByTestId("card-form-submit").ClickAsync();
        await Expect(Fact(channelCard, "Status")).ToContainTextAsync("Resolved");
        await Expect(Fact(channelCard, "Resolution")).ToContainTextAsync(ResolutionNote);
        await Expect(channelCard).ToHaveAttributeAsync("data-accent", "Good");

        await SelectPersonaAsync(page, Requester);
        // One card tells her it is resolved, with what was done, and asks whether it fixed it.
        var survey = dm.GetByTestId("card").Filter(new() { Has = page.GetByRole(AriaRole.Button, new() { Name = "Yes, it's fixed", Exact = true }) });
        await Expect(survey.Last).ToBeVisibleAsync();
        await Expect(survey.Last).ToContainTextAsync(ResolutionNote);
        await Expect(Fact(requesterTicketCard, "Status")).ToContainTextAsync("Resolved");
        await ScreenshotAsync(page, "playground-survey.png");
        await survey.Last.GetByRole(AriaRole.Combobox).First.SelectOptionAsync("5");
        await survey.Last.GetByRole(AriaRole.Button, new() { Name = "Yes, it's fixed", Exact = true }).ClickAsync();
        var answered = dm.GetByTestId("card").Filter(new() { HasText = "Thank you for your answer." }).Last;
        await Expect(answered).ToBeVisibleAsync();

        // For a person to look at (bin/.../playwright-shots); not an assertion.
        await ScreenshotAsync(page, "playground-resolved.png");

        // The signature loop: one click thanks the agent who worked it, paid from the ticket, not her allowance.
        await answered.GetByRole(AriaRole.Button, new() { Name = "Thank Alex Kim", Exact = true }).ClickAsync();
        await page.GetByTestId("channel-tab-kudos").ClickAsync();
        var kudos = page.GetByTestId("channel-messages").GetByTestId("card").Filter(new() { HasText = "Kudos to Alex Kim" });
        await Expect(kudos).ToBeVisibleAsync();
        await Expect(Fact(kudos, "From")).ToContainTextAsync("Maya Patel");
        // Offered once: the survey card keeps her answer and loses the button.
        await Expect(answered.GetByRole(AriaRole.Button, new() { Name = "Thank Alex Kim", Exact = true })).ToHaveCountAsync(0);
        await SendDirectMessageAsync(page, Requester, "kudos stats");
        await Expect(dm).ToContainTextAsync("You have 10 of 10 left");
        await ScreenshotAsync(page, "playground-thanked.png");
        Assert.Empty(session.PageErrors);
    }

    [Fact]
    public async Task PlaygroundPage_EmployeeClicksAgentActionInTeamChannel_SeesRefusalNotice()
    {
        await using var session = await OpenAsync();
        var page = session.Page;

        var ticketNumber = await FileVpnRequestAsync(page);
        await page.GetByTestId("channel-tab-it").ClickAsync();
        var channelCard = TicketCard(page.GetByTestId("channel-messages"), ticketNumber);
        await Expect(channelCard).ToBeVisibleAsync();
        await channelCard.GetByRole(AriaRole.Button, new() { Name = "Assign to me", Exact = true }).ClickAsync();

        var notice = page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "IT Support" });
        await Expect(notice).ToBeVisibleAsync();
        await Expect(notice).ToHaveAttributeAsync("data-testid", "notice");
        await Expect(notice).ToContainTextAsync("agents");
        await Expect(Fact(channelCard, "Assigned to")).ToContainTextAsync("Unassigned");
        Assert.Empty(session.PageErrors);
    }

    [Fact]
    public async Task PlaygroundPage_ResolveFormSubmittedWithoutNote_ShowsInlineErrorAndSendsNothing()
    {
        await using var session = await OpenAsync();
        var page = session.Page;

        var ticketNumber = await FileVpnRequestAsync(page);
        var channelCard = await OpenResolveFormAsync(page, ticketNumber);
        var note = channelCard.GetByTestId("card-form").GetByRole(AriaRole.Textbox).First;
        await Expect(note).ToBeFocusedAsync();

        var actionsSent = 0;
        page.Request += (_, request) =>
        {
            if (request.Method == "POST" && request.Url.EndsWith("/api/playground/actions", StringComparison.Ordinal)) actionsSent++;
        };
        await channelCard.GetByTestId("card-form-submit").ClickAsync();

        await Expect(note).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(channelCard.GetByText("Please fill this in.")).ToBeVisibleAsync();
        await Expect(Fact(channelCard, "Status")).ToContainTextAsync("New");
        Assert.Equal(0, actionsSent);
        Assert.Empty(session.PageErrors);
    }

    [Fact]
    public async Task PlaygroundPage_MessageWithMarkup_IsShownAsTypedTextAndNeverRun()
    {
        const string markup = "<img src=x onerror=\"window.injected = true\"> My <b>VPN</b> drops\nsince this morning";
        await using var session = await OpenAsync();
        var page = session.Page;

        await SendDirectMessageAsync(page, Requester, markup);

        var dm = page.GetByTestId("dm-messages");
        await Expect(dm.GetByTestId("card")).ToHaveCountAsync(1);
        Assert.Equal(markup, await dm.GetByTestId("message-text").First.TextContentAsync());
        await Expect(dm.GetByTestId("card").GetByTestId("card-text")).ToHaveTextAsync(markup);
        await Expect(dm.Locator("img, b")).ToHaveCountAsync(0);
        Assert.False(await page.EvaluateAsync<bool>("() => window.injected === true"));
        Assert.Empty(session.PageErrors);
    }

    [Fact]
    public async Task PlaygroundPage_ItAgentRepliesInTicketThread_RequesterGetsReplyInDirectChat()
    {
        const string reply = "Can you try the wired network?";
        await using var session = await OpenAsync();
        var page = session.Page;

        var ticketNumber = await FileVpnRequestAsync(page);
        await SelectPersonaAsync(page, ItAgent);
        await page.GetByTestId("channel-tab-it").ClickAsync();
        var channel = page.GetByTestId("channel-messages");
        var thread = TicketThread(channel, ticketNumber);
        await Expect(thread).ToBeVisibleAsync();

        var open = thread.GetByTestId("thread-reply-open");
        await Expect(open).ToHaveAttributeAsync("aria-expanded", "false");
        await Expect(thread.GetByTestId("thread-reply-input")).ToBeHiddenAsync();
        await open.ClickAsync();
        var input = thread.GetByTestId("thread-reply-input");
        await Expect(input).ToBeFocusedAsync();
        await Expect(open).ToHaveAttributeAsync("aria-expanded", "true");
        await input.FillAsync(reply);
        await input.PressAsync("Enter");
        await Expect(input).ToHaveValueAsync(string.Empty);

        var replies = thread.GetByTestId("thread-replies").GetByTestId("message-text");
        await Expect(replies.Filter(new() { HasText = reply })).ToHaveCountAsync(1);
        var sent = replies.Filter(new() { HasText = "Sent to Maya Patel." });
        await Expect(sent).ToHaveCountAsync(1);
        var sentMessage = thread.GetByTestId("thread-replies").GetByTestId("message")
            .Filter(new() { Has = page.GetByTestId("message-text").Filter(new() { HasText = "Sent to Maya Patel." }) });
        await Expect(sentMessage).ToContainTextAsync("Only visible to you");
        await Expect(channel.GetByTestId("thread")).ToHaveCountAsync(1);
        await Expect(input).ToBeFocusedAsync();
        await ScreenshotAsync(page, "playground-thread-reply.png");

        await input.PressAsync("Escape");
        await Expect(input).ToBeHiddenAsync();
        await Expect(open).ToBeFocusedAsync();

        await SelectPersonaAsync(page, Requester);
        var relayed = page.GetByTestId("dm-messages").GetByTestId("message-text")
            .Filter(new() { HasText = $"{ticketNumber} · Alex Kim writes: {reply}" });
        await Expect(relayed).ToHaveCountAsync(1);
        var requesterThread = TicketThread(page.GetByTestId("channel-messages"), ticketNumber).GetByTestId("thread-replies");
        await Expect(requesterThread).ToContainTextAsync(reply);
        await Expect(requesterThread).Not.ToContainTextAsync("Sent to Maya Patel.");
        await Expect(TicketThread(page.GetByTestId("channel-messages"), ticketNumber).GetByTestId("thread-reply-open")).ToBeVisibleAsync();
        await ScreenshotAsync(page, "playground-thread-reply-requester.png");
        Assert.Empty(session.PageErrors);
    }

    [Fact]
    public async Task PlaygroundPage_ThreadReplyDraftWhileCardUpdatesAndPersonaSwitches_KeepsDraft()
    {
        const string draft = "Could you restart the router\nand tell me the light colour?";
        await using var session = await OpenAsync();
        var page = session.Page;

        var ticketNumber = await FileVpnRequestAsync(page);
        await SelectPersonaAsync(page, ItAgent);
        await page.GetByTestId("channel-tab-it").ClickAsync();
        var thread = TicketThread(page.GetByTestId("channel-messages"), ticketNumber);
        await thread.GetByTestId("thread-reply-open").ClickAsync();
        var input = thread.GetByTestId("thread-reply-input");
        await input.PressSequentiallyAsync("Could you restart the router");
        await input.PressAsync("Shift+Enter");
        await input.PressSequentiallyAsync("and tell me the light colour?");
        await Expect(input).ToHaveValueAsync(draft);

        var messagesSent = 0;
        page.Request += (_, request) =>
        {
            if (request.Method == "POST" && request.Url.EndsWith("/api/playground/messages", StringComparison.Ordinal)) messagesSent++;
        };

        // Another agent assigns the ticket to themselves while Alex is typing: the card is replaced in place.
        var card = TicketCard(page.GetByTestId("channel-messages"), ticketNumber);
        var assigned = await page.APIRequest.PostAsync("/api/playground/actions", new()
        {
            DataObject = new
            {
                persona = OtherItAgent,
                messageId = await card.GetAttributeAsync("data-message-id"),
                verb = "ticket.assign-me",
                values = new Dictionary<string, string> { ["ticket"] = ticketNumber },
            },
        });
        Assert.True(assigned.Ok, await assigned.TextAsync());
        await Expect(Fact(card, "Assigned to")).ToContainTextAsync("Priya Nair");
        await Expect(input).ToBeFocusedAsync();
        await Expect(input).ToHaveValueAsync(draft);

        await SelectPersonaAsync(page, Requester);
        await page.GetByTestId("channel-tab-it").ClickAsync();
        await Expect(TicketThread(page.GetByTestId("channel-messages"), ticketNumber).GetByTestId("thread-reply-input")).ToBeHiddenAsync();
        await SelectPersonaAsync(page, ItAgent);
        await Expect(input).ToBeVisibleAsync();
        await Expect(input).ToHaveValueAsync(draft);
        Assert.Equal(0, messagesSent);
        Assert.Empty(session.PageErrors);
    }

    [Fact]
    public async Task PlaygroundPage_AgentOpensTheMoreMenu_ItsEntriesWorkLikeButtons()
    {
        await using var session = await OpenAsync();
        var page = session.Page;

        var ticketNumber = await FileVpnRequestAsync(page);
        await SelectPersonaAsync(page, ItAgent);
        await page.GetByTestId("channel-tab-it").ClickAsync();
        var card = TicketCard(page.GetByTestId("channel-messages"), ticketNumber);

        // Two buttons and a "More" menu holding the rest, as on Teams and Slack.
        await Expect(card.GetByTestId("card-action")).ToHaveTextAsync(["Assign to me", "Resolve"]);
        var more = card.GetByTestId("card-more");
        var menu = card.GetByRole(AriaRole.Menu);
        await Expect(more).ToHaveAttributeAsync("aria-expanded", "false");
        await Expect(menu).ToBeHiddenAsync();

        await more.ClickAsync();
        await Expect(more).ToHaveAttributeAsync("aria-expanded", "true");
        var items = menu.GetByRole(AriaRole.Menuitem);
        await Expect(items).ToHaveTextAsync(["Assign to someone", "In progress", "Move to another team"]);
        await Expect(items.First).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("ArrowUp");
        await Expect(items.Last).ToBeFocusedAsync();
        await ScreenshotAsync(page, "playground-more-menu.png");
        await page.Keyboard.PressAsync("Escape");
        await Expect(menu).ToBeHiddenAsync();
        await Expect(more).ToBeFocusedAsync();

        // An entry without a form acts at once; one with a form opens it under the buttons.
        await more.ClickAsync();
        await items.Filter(new() { HasText = "In progress" }).ClickAsync();
        await Expect(Fact(card, "Status")).ToContainTextAsync("In progress");
        await card.GetByTestId("card-more").ClickAsync();
        await card.GetByRole(AriaRole.Menuitem, new() { Name = "Move to another team" }).ClickAsync();
        var form = card.GetByTestId("card-form");
        await Expect(form.Locator("legend")).ToHaveTextAsync("Move to another team");
        await Expect(form.GetByRole(AriaRole.Combobox)).ToBeFocusedAsync();
        await form.GetByTestId("card-form-cancel").ClickAsync();
        await Expect(form).ToHaveCountAsync(0);
        await Expect(card.GetByTestId("card-more")).ToBeFocusedAsync();

        // A click outside the open menu closes it.
        await card.GetByTestId("card-more").ClickAsync();
        await Expect(card.GetByRole(AriaRole.Menu)).ToBeVisibleAsync();
        await page.GetByTestId("channel-info").ClickAsync();
        await Expect(card.GetByRole(AriaRole.Menu)).ToBeHiddenAsync();
        Assert.Empty(session.PageErrors);
    }

    [Fact]
    public async Task PlaygroundPage_RequestTextWithLinksAndMentions_IsShownAsTypedWithNoLink()
    {
        const string text = "[Reset your password](https://evil.example/login) <a href=\"https://evil.example\">click</a> @here <!channel> <@U123> printer";
        await using var session = await OpenAsync();
        var page = session.Page;

        await SendDirectMessageAsync(page, Requester, text);

        var dm = page.GetByTestId("dm-messages");
        await Expect(dm.GetByTestId("card")).ToHaveCountAsync(1);
        await Expect(dm.GetByTestId("card").GetByTestId("card-text")).ToHaveTextAsync(text);
        await Expect(page.Locator("main a, #dm-messages a, #channel-messages a")).ToHaveCountAsync(0);
        Assert.Empty(session.PageErrors);
    }

    [Fact]
    public async Task PlaygroundPage_CancelOnTheConfirmationWithTheSummaryEmptied_CancelsTheRequest()
    {
        await using var session = await OpenAsync();
        var page = session.Page;

        await SendDirectMessageAsync(page, Requester, VpnProblem);
        var confirmation = page.GetByTestId("dm-messages").GetByTestId("card").Last;
        await Expect(confirmation.GetByRole(AriaRole.Button, new() { Name = "Submit", Exact = true })).ToBeVisibleAsync();

        await confirmation.GetByRole(AriaRole.Textbox, new() { Name = "Summary" }).FillAsync("");
        await confirmation.GetByRole(AriaRole.Button, new() { Name = "Cancel", Exact = true }).ClickAsync();

        await Expect(confirmation.GetByTestId("card-title")).ToHaveTextAsync("Request not filed");
        Assert.Empty(session.PageErrors);
    }

    [Fact]
    public async Task PlaygroundPage_AnswerOfferedWithLongText_UsesTheCardsFullWidth()
    {
        await using var session = await OpenAsync();
        var page = session.Page;

        await SendDirectMessageAsync(page, Requester, "how do I reset my password, I'm locked out");
        var offer = page.GetByTestId("dm-messages").GetByTestId("card").Filter(new() { Has = page.GetByRole(AriaRole.Button, new() { Name = "This solved it", Exact = true }) });
        await Expect(offer).ToHaveCountAsync(1);
        var item = offer.GetByTestId("card-item").First;
        await Expect(item.GetByTestId("card-item-detail")).ToContainTextAsync("passwordreset.contoso.example");
        await ScreenshotAsync(page, "playground-answer-offer.png");

        var card = (await offer.BoundingBoxAsync())!;
        var detail = (await item.GetByTestId("card-item-detail").BoundingBoxAsync())!;
        var button = (await item.GetByTestId("card-item-action").BoundingBoxAsync())!;
        // The answer runs across the card (less its padding and border), and its button sits below it, not beside it.
        Assert.True(detail.Width >= card.Width - 40, $"The answer is {detail.Width}px wide in a {card.Width}px card.");
        Assert.True(button.Y >= detail.Y + detail.Height, "The button sits beside the answer, squeezing it.");
        Assert.Empty(session.PageErrors);
    }

    /// <summary>Maya describes her problem, confirms the IT Support suggestion and gets her ticket number.</summary>
    private static async Task<string> FileVpnRequestAsync(IPage page)
    {
        await SelectPersonaAsync(page, Requester);
        var input = page.GetByTestId("dm-input");
        await input.FillAsync(VpnProblem);
        await input.PressAsync("Enter");
        await Expect(input).ToHaveValueAsync(string.Empty);

        var dm = page.GetByTestId("dm-messages");
        await Expect(dm.GetByTestId("message").Filter(new() { HasText = VpnProblem }).First).ToBeVisibleAsync();
        var confirmation = dm.GetByTestId("card").Filter(new() { HasText = "IT Support" })
            .Filter(new() { Has = page.GetByRole(AriaRole.Button, new() { Name = "Submit", Exact = true }) });
        await Expect(confirmation).ToHaveCountAsync(1);
        await Expect(Fact(confirmation, "Team")).ToContainTextAsync("IT Support");
        await confirmation.GetByRole(AriaRole.Button, new() { Name = "Submit", Exact = true }).ClickAsync();

        var ticketCard = dm.GetByTestId("card").Filter(new() { HasTextRegex = TicketNumber() }).Last;
        await Expect(ticketCard).ToBeVisibleAsync();
        return TicketNumber().Match(await ticketCard.InnerTextAsync()).Value;
    }

    /// <summary>A ticket card in a team channel together with its thread replies and reply composer.</summary>
    private static ILocator TicketThread(ILocator channel, string ticketNumber) =>
        channel.GetByTestId("thread").Filter(new() { Has = channel.Page.GetByTestId("card").Filter(new() { HasText = ticketNumber }) });

    /// <summary>As the IT agent, opens the IT channel and the Resolve form on the ticket's card; returns the card.</summary>
    private static async Task<ILocator> OpenResolveFormAsync(IPage page, string ticketNumber)
    {
        await SelectPersonaAsync(page, ItAgent);
        await page.GetByTestId("channel-tab-it").ClickAsync();
        var channelCard = TicketCard(page.GetByTestId("channel-messages"), ticketNumber);
        await channelCard.GetByRole(AriaRole.Button, new() { Name = "Resolve", Exact = true }).ClickAsync();
        return channelCard;
    }

    private static ILocator TicketCard(ILocator conversation, string ticketNumber) =>
        conversation.GetByTestId("card").Filter(new() { HasText = ticketNumber }).First;

    private static ILocator Fact(ILocator card, string label) =>
        card.GetByTestId("card-fact").Filter(new() { Has = card.Page.GetByRole(AriaRole.Rowheader, new() { Name = label, Exact = true }) });

    private static async Task SelectPersonaAsync(IPage page, string personaId)
    {
        await page.GetByTestId("persona-select").SelectOptionAsync(personaId);
        await Expect(page.GetByTestId("persona-select")).ToHaveValueAsync(personaId);
    }

    /// <summary>As <paramref name="personaId"/>, types <paramref name="text"/> in the direct chat with the bot and sends it.</summary>
    private static async Task SendDirectMessageAsync(IPage page, string personaId, string text)
    {
        await SelectPersonaAsync(page, personaId);
        await page.GetByTestId("dm-input").FillAsync(text);
        await page.GetByTestId("dm-send").ClickAsync();
    }

    /// <summary>
    /// The playground page in a fresh browser context, served by the real host in Development with in-memory storage
    /// on a free loopback port a browser can reach; disposing the session closes both.
    /// </summary>
    private async Task<PageSession> OpenAsync()
    {
        var host = new SwitchboardFactory(settings: new Dictionary<string, string?> { ["Redis:Configuration"] = string.Empty });
        host.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        IBrowserContext? context = null;
        try
        {
            host.StartServer();
            var address = host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.Single()
                ?? throw new InvalidOperationException("Kestrel did not report the address it listens on.");
            var baseAddress = new Uri(address.TrimEnd('/') + "/");
            context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions
            {
                BaseURL = baseAddress.ToString(),
                ViewportSize = new ViewportSize { Width = 1400, Height = 900 },
            });
            context.SetDefaultTimeout(15_000);
            var page = await context.NewPageAsync();
            var session = new PageSession(host, context, page);
            page.PageError += (_, error) => session.PageErrors.Add(error);
            await page.GotoAsync("/");
            await Expect(page.GetByTestId("persona-select")).ToBeEnabledAsync();
            return session;
        }
        catch
        {
            if (context is not null) await context.DisposeAsync();
            await host.DisposeAsync();
            throw;
        }
    }

    private static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "playwright-shots");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    [GeneratedRegex(@"\bIT-\d{4,}\b")]
    private static partial Regex TicketNumber();

    private sealed class PageSession(SwitchboardFactory host, IBrowserContext context, IPage page) : IAsyncDisposable
    {
        public IPage Page { get; } = page;

        /// <summary>Uncaught script errors on the page; a clean run has none.</summary>
        public List<string> PageErrors { get; } = [];

        public async ValueTask DisposeAsync()
        {
            await context.DisposeAsync();
            await host.DisposeAsync();
        }
    }
}
