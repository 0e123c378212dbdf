using Microsoft.Extensions.DependencyInjection;
using Switchboard.Core.Conversations;
using Switchboard.Core.People;
using Switchboard.Core.Queues;
using Switchboard.Core.Requests;
using Switchboard.Core.Routing;

namespace Switchboard.Core.Tests.Queues;

/// <summary>
/// The <see cref="EngineHarness"/> with the Queues module, the people directory, and the harness's teams given
/// leads and an auto-assignment mode: it (Alex, Priya; lead Dana), hr (Jordan; lead Elena), facilities (Chris).
/// </summary>
public sealed class QueuesHarness
{
    public static readonly PersonRef Dana = new(TestPlatforms.Playground, "dana", "Dana Whitfield", "dana@contoso.example");

    public QueuesHarness(AutoAssignMode itAutoAssign = AutoAssignMode.None, bool hrChannelPrivate = false)
    {
        Teams = new TeamDirectory(new ServiceTeamsOptions
        {
            Teams =
            [
                Team("it", "IT Support", "IT", [EngineHarness.Alex, EngineHarness.Priya], Dana) with { AutoAssign = itAutoAssign },
                Team("hr", "People & HR", "HR", [EngineHarness.Jordan], new PersonRef(TestPlatforms.Playground, "elena", "Elena Petrova", "elena@contoso.example")) with { Confidential = true },
                Team("facilities", "Workplace & Facilities", "FAC", [new PersonRef(TestPlatforms.Playground, "chris", "Chris Novak", "chris@contoso.example")], null),
            ],
        });
        Engine = new EngineHarness(hrChannelPrivate, addModules: services => services
            .AddSingleton(Teams)
            .AddSingleton<IPeopleStore>(new MemoryPeopleStore())
            .AddSingleton(new PeopleOptions())
            .AddSingleton<PeopleDirectory>()
            .AddSingleton<DirectMessenger>()
            .AddQueues());
        People = Engine.Services.GetRequiredService<PeopleDirectory>();
    }

    public EngineHarness Engine { get; }

    public TeamDirectory Teams { get; }

    public PeopleDirectory People { get; }

    public T Get<T>() where T : notnull => Engine.Services.GetRequiredService<T>();

    /// <summary>Files a ticket for <paramref name="requester"/> through the intake, as the harness does.</summary>
    public Task<Ticket> FileAsync(string text = "My VPN drops every call", PersonRef? requester = null) => Engine.FileAsync(requester, text);

    /// <summary>The last card sent to <paramref name="person"/>'s direct chat.</summary>
    public Card LastCardTo(PersonRef person) => Engine.CardOf(Engine.LastCardIn(EngineHarness.Dm(person).ConversationId));

    /// <summary>The last text sent to <paramref name="person"/>'s direct chat.</summary>
    public string LastTextTo(PersonRef person) => Engine.Gateway.TextsTo(EngineHarness.Dm(person).ConversationId).Last();

    /// <summary>Makes <paramref name="person"/> known to the directory with their direct chat, so direct messages reach them.</summary>
    public Task KnowAsync(PersonRef person) =>
        People.ObserveAsync(new PersonSighting(person) { DirectChat = EngineHarness.Dm(person) }, CancellationToken.None);

    private static ServiceTeamOptions Team(string id, string name, string prefix, PersonRef[] agents, PersonRef? lead) => new()
    {
        Id = id,
        Name = name,
        TicketPrefix = prefix,
        Description = $"{name} requests",
        Agents = agents.Select(a => new AgentOptions { Name = a.Name, Email = a.Email }).ToList(),
        Leads = lead is null ? [] : [new AgentOptions { Name = lead.Name, Email = lead.Email }],
        Sla = new SlaOptions
        {
            FirstResponse = new() { [Priority.Normal] = TimeSpan.FromHours(4), [Priority.High] = TimeSpan.FromHours(1) },
            Resolution = new() { [Priority.Normal] = TimeSpan.FromDays(3), [Priority.High] = TimeSpan.FromDays(1) },
        },
    };
}
