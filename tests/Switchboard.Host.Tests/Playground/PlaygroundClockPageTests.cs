using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Switchboard.Host.Tests.Playground;

/// <summary>The Development clock control: moving time forward lets a person watch the survey expire.</summary>
public sealed partial class PlaygroundPageTests
{
    [Fact]
    public async Task PlaygroundClock_MovedPastTheSurveysExpiry_TheRequesterSeesItExpire()
    {
        await using var session = await OpenAsync();
        var page = session.Page;
        var ticketNumber = await FileVpnRequestAsync(page);

        var channelCard = await OpenResolveFormAsync(page, ticketNumber);
        var form = channelCard.GetByTestId("card-form");
        await form.GetByRole(AriaRole.Textbox).First.FillAsync(ResolutionNote);
        await form.GetByTestId("card-form-submit").ClickAsync();
        await Expect(Fact(channelCard, "Status")).ToContainTextAsync("Resolved");

        await SelectPersonaAsync(page, Requester);
        var dm = page.GetByTestId("dm-messages");
        var survey = dm.GetByTestId("card").Filter(new() { HasText = ticketNumber }).Filter(new() { Has = page.GetByRole(AriaRole.Button, new() { Name = "Yes, it's fixed", Exact = true }) });
        await Expect(survey).ToHaveCountAsync(1);

        await Expect(page.GetByTestId("clock")).ToBeVisibleAsync();
        await page.GetByTestId("clock-8d").ClickAsync();
        await Expect(page.GetByTestId("clock-now")).ToContainTextAsync("ahead by 8.00:00:00");

        await Expect(dm.GetByTestId("card").Filter(new() { HasText = "This question has expired." })).ToHaveCountAsync(1, new() { Timeout = 20_000 });
        await ScreenshotAsync(page, "playground-clock-survey-expired.png");
        Assert.Empty(session.PageErrors);
    }
}
