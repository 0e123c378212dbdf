using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Switchboard.Core;
using Switchboard.Core.Conversations;
using Switchboard.Core.People;
using Switchboard.Core.Requests;
using Switchboard.Core.Routing;
using Switchboard.Core.Storage;
using Switchboard.Core.Work;

namespace Switchboard.Testing;

/// <summary>
/// The engine wired with in-memory stores, a recording playground gateway and a keyword router, with
/// three teams: it (Alex, Priya), hr (confidential, Jordan) and facilities (Chris).
/// </summary>
public sealed class EngineHarness
{
    public static readonly PersonRef Maya = new(TestPlatforms.Playground, "maya", "Maya Patel", "maya@contoso.example");
    public static readonly PersonRef Tom = new(TestPlatforms.Playground, "tom", "Tom Becker", "tom@contoso.example");
    public static readonly PersonRef Alex = new(TestPlatforms.Playground, "alex", "Alex Kim", "alex@contoso.example");
    public static readonly PersonRef Priya = new(TestPlatforms.Playground, "priya", "Priya Nair", "priya@contoso.example");
    public static readonly PersonRef Jordan = new(TestPlatforms.Playground, "jordan", "Jordan Lee", "jordan@contoso.example");
    /// <summary>IT's team lead (not an agent).</summary>
    public static readonly PersonRef Lena = new(TestPlatforms.Playground, "lena", "Lena Fischer", "lena@contoso.example");

    private int _delivery;
    private MemoryScheduler? _scheduler;

    public EngineHarness(bool hrChannelPrivate = false, ITicketStore? tickets = null, int failSends = 0, Action<IServiceCollection>? addModules = null,
        Func<IWorkQueue, IWorkQueue>? outboxQueue = null, IStateStore? state = null, IIdempotencyStore? claims = null)
    {
        Gateway = new RecordingGateway { FailNextSends = failSends };
        Tickets = tickets ?? new MemoryTicketStore();
        StateStore = state ?? new MemoryStateStore();
        Teams = new TeamDirectory(new ServiceTeamsOptions
        {
            Teams =
            [
                Team("it", "IT Support", "IT", [Alex, Priya]) with { Leads = [new AgentOptions { Name = Lena.Name, Email = Lena.Email, Ids = [Lena.Key] }] },
                Team("hr", "People & HR", "HR", [Jordan]) with { Confidential = true },
                Team("facilities", "Workplace & Facilities", "FAC", [new PersonRef(TestPlatforms.Playground, "chris", "Chris Novak", "chris@contoso.example")]),
            ],
        });
        // Every team works in its playground channel, as the playground adapter configures them.
        var configured = new FixedTeamChannels(Teams.All.Select(t => new TeamChannel(t.Id, TeamChannel(t.Id),
            t.Id == "hr" && hrChannelPrivate ? ChannelPrivacy.Private : ChannelPrivacy.Open)));
        var router = new FakeRouter(("vpn", "it"), ("laptop", "it"), ("payroll", "hr"), ("bank", "hr"), ("air conditioning", "facilities"));
        // The outbox runs on a clock of its own, so draining it (retries after their back-off) never moves the test's clock.
        var queue = new MemoryWorkQueue(QueueClock, new WorkQueueOptions { FirstRetryDelay = TimeSpan.FromSeconds(1), MaxRetryDelay = TimeSpan.FromSeconds(1) });
        Outbox = outboxQueue?.Invoke(queue) ?? queue;

        // Wired as the host wires it (AddSwitchboardCore), over the fakes registered first.
        var services = new ServiceCollection()
            .AddSingleton<TimeProvider>(Clock)
            .AddSingleton(Tickets)
            .AddSingleton(StateStore)
            .AddSingleton(claims ?? new MemoryIdempotencyStore(Clock))
            .AddSingleton<IPlatformGateway>(Gateway)
            .AddSingleton<IRequestRouter>(router)
            .AddSingleton<IConfiguredTeamChannels>(configured)
            .AddSingleton(Teams)
            .AddSingleton(new AdminOptions { Users = ["alex@contoso.example"] })
            .AddSingleton<ILoggerFactory>(Logs)
            .AddSingleton(typeof(ILogger<>), typeof(Logger<>))
            .AddSingleton(Outbox)
            .AddSingleton(new TicketOutboxOptions { RecoveryDelay = TimeSpan.FromDays(1) })
            .AddSingleton(sp => new TicketOutbox(Outbox, sp.GetRequiredService<TicketOutboxOptions>(), QueueClock, sp.GetRequiredService<ILogger<TicketOutbox>>()))
            // The dispatcher's run-time budget is kept on the outbox's clock, as the outbox's retries are.
            .AddSingleton(sp => ActivatorUtilities.CreateInstance<TicketOutboxDispatcher>(sp, (TimeProvider)QueueClock))
            .AddSingleton<IScheduler>(Scheduler)
            .AddSingleton<IDirectChatOpener, HarnessDirectChats>()
            .AddSwitchboardCore();
        addModules?.Invoke(services);
        Services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        Engine = Services.GetRequiredService<IConversationEngine>();
        Channels = Services.GetRequiredService<TeamChannels>();
        Cards = Services.GetRequiredService<TicketCards>();
        Service = Services.GetRequiredService<TicketService>();
        var handlers = Services.GetServices<IWorkHandler>().ToList();
        Dispatcher = handlers.OfType<TicketOutboxDispatcher>().Single();
        Guard = handlers.OfType<TicketOutboxGuard>().Single();
    }

    public FakeTimeProvider Clock { get; } = new(TestTime.Start);
    public MemoryScheduler Scheduler => _scheduler ??= new MemoryScheduler(Clock);
    public FakeTimeProvider QueueClock { get; } = new(TestTime.Start);
    public IWorkQueue Outbox { get; }
    public TicketOutboxDispatcher Dispatcher { get; }
    public TicketOutboxGuard Guard { get; }
    public TicketService Service { get; }
    public ITicketStore Tickets { get; }
    public IStateStore StateStore { get; }
    public RecordingGateway Gateway { get; }
    public CapturingLoggerFactory Logs { get; } = new();
    public TeamDirectory Teams { get; }
    public TeamChannels Channels { get; }
    public TicketCards Cards { get; }
    public ServiceProvider Services { get; }
    public IConversationEngine Engine { get; }

    public static ConversationAddress Dm(PersonRef person) => new(TestPlatforms.Playground, $"dm:{person.Id}");

    public static ConversationAddress TeamChannel(string teamId) => new(TestPlatforms.Playground, $"team:{teamId}");

    public Task<TurnResult> SayAsync(PersonRef who, string text, ConversationAddress? where = null, string? deliveryId = null) =>
        HandleAsync(new Turn(deliveryId ?? NextDelivery(), who, where ?? Dm(who),
            where is null || where.ConversationId.StartsWith("dm:", StringComparison.Ordinal) ? ConversationScope.Personal : ConversationScope.Channel,
            text, null, Clock.GetUtcNow()));

    /// <summary>Whether each turn is followed by delivering what it left in the outbox (true unless a test interleaves).</summary>
    public bool DrainAfterEachTurn { get; set; } = true;

    /// <summary>Runs the turn, then lets the outbox deliver what it left (as the host's work processor would).</summary>
    public async Task<TurnResult> HandleAsync(Turn turn)
    {
        var result = await Engine.HandleAsync(turn, CancellationToken.None);
        if (DrainAfterEachTurn) await DrainOutboxAsync();
        return result;
    }

    /// <summary>
    /// Delivers every outbox item that is due, retrying failed ones after their back-off (on the outbox's own
    /// clock), until nothing is left to try. Items that keep failing end as dead letters, as in the host.
    /// </summary>
    public async Task DrainOutboxAsync()
    {
        var options = new WorkQueueOptions();
        for (var round = 0; round <= options.MaxAttempts; round++)
        {
            while (await Outbox.ReceiveAsync(TicketOutbox.QueueName, "harness", 16, TimeSpan.FromMinutes(1), CancellationToken.None) is { Count: > 0 } leases)
            {
                foreach (var lease in leases)
                {
                    try
                    {
                        await Dispatcher.HandleAsync(lease, CancellationToken.None);
                        await Outbox.AckAsync(TicketOutbox.QueueName, lease, CancellationToken.None);
                    }
                    catch (Exception e)
                    {
                        await Outbox.RetryAsync(TicketOutbox.QueueName, lease, e.Message, CancellationToken.None);
                    }
                }
            }
            // Retries wait out their back-off (one second here); the crash guards (a day away) never come due.
            QueueClock.Advance(TimeSpan.FromSeconds(1));
        }
    }

    /// <summary>Lets the crash guards come due (a day on the outbox's clock) and runs them, then drains the outbox.</summary>
    public async Task RunGuardsAsync()
    {
        QueueClock.Advance(TimeSpan.FromDays(1));
        while (await Outbox.ReceiveAsync(TicketOutbox.GuardQueueName, "harness", 16, TimeSpan.FromMinutes(1), CancellationToken.None) is { Count: > 0 } leases)
        {
            foreach (var lease in leases)
            {
                await Guard.HandleAsync(lease, CancellationToken.None);
                await Outbox.AckAsync(TicketOutbox.GuardQueueName, lease, CancellationToken.None);
            }
        }
        await DrainOutboxAsync();
    }

    /// <summary>Runs every item waiting on <paramref name="queue"/> through the work handler registered for it, as the host's processor would.</summary>
    public async Task DrainQueueAsync(string queue)
    {
        var handler = Services.GetServices<IWorkHandler>().Single(h => h.Queue == queue);
        while (await Outbox.ReceiveAsync(queue, "harness", 16, TimeSpan.FromMinutes(1), CancellationToken.None) is { Count: > 0 } leases)
        {
            foreach (var lease in leases)
            {
                await handler.HandleAsync(lease, CancellationToken.None);
                await Outbox.AckAsync(queue, lease, CancellationToken.None);
            }
        }
    }

    /// <summary>Runs every scheduled job that is due on the test clock, as the host's scheduler runner would, then drains the outbox.</summary>
    public async Task<int> RunDueJobsAsync()
    {
        var handlers = Services.GetServices<IJobHandler>().ToDictionary(h => h.Kind);
        var ran = 0;
        while (await Scheduler.ClaimDueAsync(16, TimeSpan.FromMinutes(1), CancellationToken.None) is { Count: > 0 } leases)
        {
            foreach (var lease in leases)
            {
                await handlers[lease.Job.Kind].RunAsync(lease, CancellationToken.None);
                await Scheduler.CompleteAsync(lease, CancellationToken.None);
                ran++;
            }
        }
        await DrainOutboxAsync();
        return ran;
    }

    public Task<TurnResult> ClickAsync(PersonRef who, MessageRef card, CardAction action, IReadOnlyDictionary<string, string>? inputs = null, string? deliveryId = null,
        ClickedCardRefresh refresh = ClickedCardRefresh.Update)
    {
        var values = new Dictionary<string, string>(action.Data);
        var content = Gateway.Current[card.MessageId].Card;
        foreach (var input in content?.Inputs ?? [])
            if (input.Value is not null) values[input.Id] = input.Value;
        foreach (var (key, value) in inputs ?? new Dictionary<string, string>()) values[key] = value;
        var scope = card.Address.ConversationId.StartsWith("dm:", StringComparison.Ordinal) ? ConversationScope.Personal : ConversationScope.Channel;
        return HandleAsync(new Turn(deliveryId ?? NextDelivery(), who, card.Address, scope, null,
            new TurnAction(action.Verb, values), Clock.GetUtcNow(), card) { ClickedCardRefresh = refresh });
    }

    /// <summary>Clicks the button titled <paramref name="title"/> on the current content of <paramref name="card"/>.</summary>
    public Task<TurnResult> ClickAsync(PersonRef who, MessageRef card, string title, IReadOnlyDictionary<string, string>? inputs = null,
        ClickedCardRefresh refresh = ClickedCardRefresh.Update)
    {
        var content = Gateway.Current[card.MessageId].Card ?? throw new InvalidOperationException("That message has no card.");
        var action = content.Actions.SingleOrDefault(a => a.Title == title)
                     ?? throw new InvalidOperationException($"No '{title}' button; buttons: {string.Join(", ", content.Actions.Select(a => a.Title))}");
        return ClickAsync(who, card, action, inputs, refresh: refresh);
    }

    /// <summary>The last message with a card sent to the conversation.</summary>
    public MessageRef LastCardIn(string conversationId) =>
        Gateway.Sent.Last(s => s.Message.To.ConversationId == conversationId && s.Message.Card is not null).Ref;

    public Card CardOf(MessageRef message) => Gateway.Current[message.MessageId].Card!;

    /// <summary>Maya asks for help with her VPN and submits the proposed request.</summary>
    public async Task<Ticket> FileAsync(PersonRef? requester = null, string text = "My VPN drops every call")
    {
        var who = requester ?? Maya;
        await SayAsync(who, text);
        var confirmation = LastCardIn(Dm(who).ConversationId);
        var result = await ClickAsync(who, confirmation, "Submit");
        Assert.Equal(TurnOutcome.Handled, result.Outcome);
        return (await Tickets.ListByRequesterAsync(who.Key, CancellationToken.None)).Single(t => t.RequesterCard?.MessageId == confirmation.MessageId);
    }

    public async Task<Ticket> ReloadAsync(Ticket ticket) => (await Tickets.GetAsync(ticket.Number, CancellationToken.None))!;

    private string NextDelivery() => $"d{Interlocked.Increment(ref _delivery)}";

    private static ServiceTeamOptions Team(string id, string name, string prefix, PersonRef[] agents) => new()
    {
        Id = id,
        Name = name,
        TicketPrefix = prefix,
        Description = $"{name} requests",
        Agents = agents.Select(a => new AgentOptions { Name = a.Name, Email = a.Email }).ToList(),
        Sla = new SlaOptions
        {
            FirstResponse = new() { [Priority.Normal] = TimeSpan.FromHours(4), [Priority.High] = TimeSpan.FromHours(1) },
            Resolution = new() { [Priority.Normal] = TimeSpan.FromDays(3), [Priority.High] = TimeSpan.FromDays(1) },
        },
    };
}
