using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Switchboard.Host.Tests.Playground;

/// <summary>The playground's Home view: the same home page Slack's App Home shows, for the persona chosen.</summary>
public sealed partial class PlaygroundPageTests
{
    [Fact]
    public async Task PlaygroundHome_ShowsTheRequestersRequests_AndAnAgentsQueueWhoseAssignToMeTakesTheTicket()
    {
        await using var session = await OpenAsync();
        var page = session.Page;
        var ticketNumber = await FileVpnRequestAsync(page);

        await page.GetByTestId("view-home").ClickAsync();
        var home = page.GetByTestId("home");
        await Expect(page.GetByTestId("view-home")).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(page.GetByTestId("dm-messages")).ToBeHiddenAsync();
        var requests = home.GetByTestId("card").Filter(new() { HasText = "Your requests (1 open)" });
        await Expect(requests.GetByTestId("card-item-title")).ToHaveTextAsync($"{ticketNumber} · {VpnProblem}");
        await Expect(home).Not.ToContainTextAsync("Your queue");

        await SelectPersonaAsync(page, ItAgent);
        var queue = home.GetByTestId("card").Filter(new() { HasText = "Your queue (1 open)" });
        var row = queue.GetByTestId("card-item").Filter(new() { HasText = ticketNumber });
        await Expect(row.GetByTestId("card-item-detail")).ToContainTextAsync("from Maya Patel · unassigned");
        await ScreenshotAsync(page, "playground-home-queue.png");

        await row.GetByRole(AriaRole.Button, new() { Name = "Assign to me", Exact = true }).ClickAsync();

        await Expect(row.GetByTestId("card-item-detail")).ToContainTextAsync("with Alex Kim");
        await Expect(row.GetByRole(AriaRole.Button, new() { Name = "Assign to me", Exact = true })).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("notice").Filter(new() { HasText = $"You took {ticketNumber}." })).ToBeVisibleAsync();

        // "Open" shows the ticket's card in the agent's direct chat, where home page clicks are answered.
        await row.GetByRole(AriaRole.Button, new() { Name = "Open", Exact = true }).ClickAsync();
        await page.GetByTestId("view-chat").ClickAsync();
        await Expect(TicketCard(page.GetByTestId("dm-messages"), ticketNumber)).ToBeVisibleAsync();
        await Expect(Fact(TicketCard(page.GetByTestId("dm-messages"), ticketNumber), "Assigned to")).ToContainTextAsync("Alex Kim");
        Assert.Empty(session.PageErrors);
    }
}
