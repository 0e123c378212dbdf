using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Switchboard.Host.Tests.Playground;

public sealed partial class PlaygroundPageTests
{
    [Fact]
    public async Task PlaygroundPage_KudosByName_ShowsTheCardInTheKudosTab_AndAnotherPersonaAddsTheirThanks()
    {
        await using var session = await OpenAsync();
        var page = session.Page;

        await SendDirectMessageAsync(page, Requester, "kudos @Alex Kim for fixing my VPN #ownership");
        await Expect(page.GetByTestId("dm-messages")).ToContainTextAsync("Kudos sent to Alex Kim.");

        await SelectPersonaAsync(page, OtherItAgent);
        await page.GetByTestId("channel-tab-kudos").ClickAsync();
        await Expect(page.GetByTestId("channel-tab-kudos")).ToHaveAttributeAsync("aria-selected", "true");
        // The Kudos tab is no service team's queue, and says what it is instead.
        await Expect(page.GetByTestId("channel-info")).ToContainTextAsync("Add your thanks with +1");
        await Expect(page.GetByTestId("channel-info")).Not.ToContainTextAsync("agent");
        var card = page.GetByTestId("channel-messages").GetByTestId("card").Filter(new() { HasText = "Kudos to Alex Kim" });
        await Expect(card).ToBeVisibleAsync();
        await Expect(card).ToContainTextAsync("fixing my VPN");
        await Expect(Fact(card, "Value")).ToContainTextAsync("#ownership");
        await Expect(Fact(card, "From")).ToContainTextAsync("Maya Patel");

        await card.GetByRole(AriaRole.Button, new() { Name = "+1, add my thanks", Exact = true }).ClickAsync();
        await Expect(page.GetByTestId("notice")).ToContainTextAsync("Added your thanks for Alex Kim.");
        // For a person to look at (bin/.../playwright-shots); not an assertion.
        await ScreenshotAsync(page, "playground-kudos-channel.png");

        await SelectPersonaAsync(page, ItAgent);
        var dm = page.GetByTestId("dm-messages");
        await Expect(dm).ToContainTextAsync("Maya Patel gave you kudos for 🚀 #ownership: \"fixing my VPN\"");
        await Expect(dm).ToContainTextAsync("Priya Nair added their thanks to your kudos");
        await ScreenshotAsync(page, "playground-kudos-receiver.png");
        Assert.Empty(session.PageErrors);
    }
}
