using Microsoft.Extensions.DependencyInjection;
using Switchboard.Core.Conversations;
using Switchboard.Core.Kudos;
using Switchboard.Core.Queues;
using Switchboard.Core.Tests.Queues;
using static Switchboard.Testing.EngineHarness;

namespace Switchboard.Core.Tests.Kudos;

/// <summary>The kudos section of the home page (Slack's App Home, the playground's Home), after the requests and the queue.</summary>
public sealed class KudosHomeTests
{
    private readonly QueuesHarness _q = new();

    private async Task GiveAsync(PersonRef from, PersonRef to, string deliveryId)
    {
        await _q.Engine.HandleAsync(new Turn(deliveryId, from, Dm(from), ConversationScope.Personal, $"kudos @{to.Name} for fixing my laptop in ten minutes", null,
            _q.Engine.Clock.GetUtcNow()) { Mentions = [new Mention(to, "@" + to.Name)] });
        await _q.Engine.DrainQueueAsync(KudosService.QueueName);
    }

    [Fact]
    public async Task HomePage_ShowsThePersonsKudosStats_AndTheTopOfThisWeeksBoard_AfterTheQueue()
    {
        foreach (var person in new[] { Maya, Alex, Priya }) await _q.KnowAsync(person);
        await GiveAsync(Maya, Alex, "k1");
        await GiveAsync(Maya, Priya, "k2");
        await GiveAsync(Tom, Priya, "k3");

        var sections = await _q.Get<HomePages>().BuildAsync(Alex, CancellationToken.None);

        Assert.Equal(["Your requests", "Your queue", "Your kudos"], sections.Select(s => s.Title.Split(' ', 3) is [var a, var b, ..] ? $"{a} {b}" : s.Title));
        var kudos = sections[^1];
        Assert.Equal([("Given", "0"), ("Received", "1"), ("Left", "10 of 10 this week"), ("Resets", "Monday 30 November at 00:00 (UTC)")],
            kudos.Facts.Select(f => (f.Label, f.Value)));
        Assert.Equal([("1. Priya Nair", "2 kudos"), ("2. Alex Kim", "1 kudos")], kudos.Items.Select(i => (i.Title, i.Detail)));
    }

    [Fact]
    public async Task HomePage_BeforeAnyKudos_InvitesTheFirst()
    {
        var kudos = (await _q.Get<HomePages>().BuildAsync(Maya, CancellationToken.None))[^1];

        Assert.Equal("Your kudos", kudos.Title);
        Assert.Equal("Nobody has been thanked this week yet. Be the first: kudos @name for what they did.", kudos.Text);
        Assert.Empty(kudos.Items);
        Assert.Single(_q.Engine.Services.GetServices<IHomeSection>());
    }
}
