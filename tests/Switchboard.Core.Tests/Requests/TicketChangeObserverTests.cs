using Microsoft.Extensions.DependencyInjection;
using Switchboard.Core.Requests;

namespace Switchboard.Core.Tests.Requests;

/// <summary>The outbox tells <see cref="ITicketChangeObserver"/>s about each change once its effects are out, and again after they fail.</summary>
public sealed class TicketChangeObserverTests
{
    [Fact]
    public async Task Observer_IsToldAfterTheChangesEffectsAreDelivered()
    {
        var observer = new CountingObserver();
        var h = new EngineHarness(addModules: s => s.AddSingleton<ITicketChangeObserver>(observer));

        var ticket = await h.FileAsync();

        var seen = Assert.Single(observer.Seen);
        Assert.Equal(ticket.Number, seen.Number);
        // Told with the effects it was delivering, while the team card was already posted.
        Assert.Contains(seen.Outbox, e => e.Kind == TicketEffectKind.PostTeamCards);
        Assert.Contains(h.Gateway.SentTo("team:it"), m => m.Card is not null);
    }

    [Fact]
    public async Task Observer_ThatFails_IsAskedAgainWhenTheDeliveryIsRetried()
    {
        var observer = new CountingObserver { FailuresLeft = 1 };
        var h = new EngineHarness(addModules: s => s.AddSingleton<ITicketChangeObserver>(observer));

        await h.FileAsync();

        Assert.Equal(2, observer.Seen.Count);
        Assert.Empty(observer.Seen[1].Outbox);
        // The card was posted once: the retry only asked the observer again.
        Assert.Single(h.Gateway.SentTo("team:it"), m => m.Card is not null);
    }

    private sealed class CountingObserver : ITicketChangeObserver
    {
        public List<Ticket> Seen { get; } = [];

        public int FailuresLeft { get; set; }

        public Task TicketChangedAsync(Ticket ticket, CancellationToken cancellationToken)
        {
            Seen.Add(ticket);
            if (FailuresLeft-- > 0) throw new InvalidOperationException("The observer's store is down.");
            return Task.CompletedTask;
        }
    }
}
