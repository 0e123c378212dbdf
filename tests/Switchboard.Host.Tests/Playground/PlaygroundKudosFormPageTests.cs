using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Switchboard.Host.Tests.Playground;

public sealed partial class PlaygroundPageTests
{
    [Fact]
    public async Task PlaygroundPage_GiveKudosForm_RefusesAShortMessageOnItsField_ThenSendsAndTheReceiverIsTold()
    {
        await using var session = await OpenAsync();
        var page = session.Page;
        await SelectPersonaAsync(page, Requester);

        await page.GetByTestId("give-kudos").ClickAsync();
        var dialog = page.GetByTestId("kudos-dialog");
        await Expect(dialog).ToBeVisibleAsync();
        await dialog.GetByLabel("Alex Kim").CheckAsync();
        await dialog.GetByLabel("Priya Nair").CheckAsync();
        await dialog.GetByTestId("kudos-value").SelectOptionAsync("ownership");
        await dialog.GetByTestId("kudos-message").FillAsync("thanks!");
        await dialog.GetByTestId("kudos-send").ClickAsync();

        await Expect(dialog.GetByTestId("kudos-message-error")).ToContainTextAsync("at least 10 characters");
        await Expect(dialog.GetByTestId("kudos-message")).ToHaveAttributeAsync("aria-invalid", "true");
        await ScreenshotAsync(page, "playground-kudos-form-refused.png");

        await dialog.GetByTestId("kudos-message").FillAsync("fixed my VPN before the <b>board</b> call");
        await dialog.GetByTestId("kudos-send").ClickAsync();

        await Expect(dialog).Not.ToBeVisibleAsync();
        await Expect(page.GetByTestId("notice").Last).ToContainTextAsync("Kudos sent to Alex Kim and Priya Nair.");
        await page.GetByTestId("channel-tab-kudos").ClickAsync();
        var card = page.GetByTestId("channel-messages").GetByTestId("card").Filter(new() { HasText = "Kudos to Alex Kim and Priya Nair" });
        // Shown literally: the reason's markup is text, not a bold tag.
        await Expect(card).ToContainTextAsync("fixed my VPN before the <b>board</b> call");
        await ScreenshotAsync(page, "playground-kudos-form-sent.png");

        await SelectPersonaAsync(page, ItAgent);
        await Expect(page.GetByTestId("dm-messages")).ToContainTextAsync("Maya Patel gave you kudos for 🚀 #ownership");
        Assert.Empty(session.PageErrors);
    }

    [Fact]
    public async Task PlaygroundPage_GiveKudosForm_OpenedAndFilled_ShowsTheFormForAPerson()
    {
        await using var session = await OpenAsync();
        var page = session.Page;
        await SelectPersonaAsync(page, Requester);

        await page.GetByTestId("give-kudos").ClickAsync();
        var dialog = page.GetByTestId("kudos-dialog");
        await Expect(dialog.GetByRole(AriaRole.Heading, new() { Name = "Give kudos" })).ToBeVisibleAsync();
        await Expect(dialog.GetByLabel("Maya Patel")).ToHaveCountAsync(0);
        await dialog.GetByLabel("Alex Kim").CheckAsync();
        await dialog.GetByTestId("kudos-message").FillAsync("stayed late to restore the file server");
        // For a person to look at (bin/.../playwright-shots); not an assertion.
        await ScreenshotAsync(page, "playground-kudos-form.png");

        await dialog.GetByTestId("kudos-cancel").ClickAsync();
        await Expect(dialog).Not.ToBeVisibleAsync();
        Assert.Empty(session.PageErrors);
    }
}
