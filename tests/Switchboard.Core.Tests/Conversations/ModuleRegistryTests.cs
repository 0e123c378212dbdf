using Microsoft.Extensions.DependencyInjection;
using Switchboard.Core.Conversations;
using Switchboard.Core.Requests;
using Switchboard.Core.Work;
using static Switchboard.Testing.EngineHarness;

namespace Switchboard.Core.Tests.Conversations;

/// <summary>A module as a new feature would add one: a folder of its own and one registration line.</summary>
public sealed class EchoModule : IModule
{
    public string Name => "echo";

    public void Register(ModuleBuilder module) =>
        module.Intent<EchoHandler>("echo.say", Audience.Agents).Typed("echo {words:text}", "repeat what you say");
}

public sealed class EchoHandler(PlatformGateways gateways) : IIntentHandler
{
    public Task<TurnResult> HandleAsync(Turn turn, TurnIntent intent, CancellationToken cancellationToken) =>
        gateways.ReplyAsync(turn, $"You said: {intent.Get("words")}", cancellationToken);
}

public sealed class ModuleRegistryTests
{
    /// <summary>A module whose declarations the test writes.</summary>
    private sealed class TestModule(string name, Action<ModuleBuilder> register) : IModule
    {
        public string Name => name;

        public void Register(ModuleBuilder module) => register(module);
    }

    private sealed class Answer : IIntentHandler, ICardVerbHandler
    {
        public Task<TurnResult> HandleAsync(Turn turn, TurnIntent intent, CancellationToken cancellationToken) => Task.FromResult(TurnResult.Handled());

        public Task<TurnResult> HandleAsync(Turn turn, TurnAction action, CancellationToken cancellationToken) => Task.FromResult(TurnResult.Handled());
    }

    private sealed class Reminder : IModuleJob
    {
        public List<string> Ran { get; } = [];

        public Task RunAsync(JobLease job, CancellationToken cancellationToken)
        {
            Ran.Add(job.Job.Id);
            return Task.CompletedTask;
        }
    }

    private readonly ServiceCollection _services = new();

    private ModuleRegistry Registry => ModuleRegistry.In(_services);

    private void Add(string name, Action<ModuleBuilder> register) => Registry.Add(new TestModule(name, register), _services);

    [Theory]
    [InlineData("verb", "the card verb 'demo.go'")]
    [InlineData("intent", "the intent 'demo.show'")]
    [InlineData("command", "the chat command \"show {ticket}\"")]
    [InlineData("entry point", "the Command entry point 'demo'")]
    [InlineData("job kind", "the job kind 'demo.remind'")]
    public void Add_TwoModulesRegisteringTheSameName_FailsAtStartUpNamingBoth(string what, string named)
    {
        Add("alpha", m => Declare(m, "alpha", what));

        var error = Assert.Throws<InvalidOperationException>(() => Add("beta", m => Declare(m, "beta", what)));

        Assert.Contains("'alpha'", error.Message);
        Assert.Contains("'beta'", error.Message);
        Assert.Contains(named, error.Message);
    }

    private static void Declare(ModuleBuilder module, string owner, string what)
    {
        switch (what)
        {
            case "verb":
                module.Verb<Answer>("demo.go", Actors.Anyone);
                break;
            case "intent":
                module.Intent<Answer>("demo.show");
                break;
            case "command":
                module.Intent<Answer>($"{owner}.show").Typed("show {ticket}");
                break;
            case "entry point":
                module.Intent<Answer>($"{owner}.show").On(EntrySurface.Command, "demo", "Shows the demo");
                break;
            case "job kind":
                module.JobKind<Reminder>("demo.remind");
                break;
        }
    }

    [Fact]
    public void Add_AModuleThatClashes_AddsNothingOfIt()
    {
        Add("alpha", m => m.Verb<Answer>("demo.go", Actors.Anyone));

        Assert.Throws<InvalidOperationException>(() => Add("beta", m =>
        {
            m.Intent<Answer>("beta.show").Typed("beta show");
            m.Verb<Answer>("demo.go", Actors.Anyone);
        }));

        Assert.Null(Registry.FindIntent("beta.show"));
        Assert.DoesNotContain(Registry.Commands, c => c.Module == "beta");
        Assert.Equal(["alpha"], Registry.Modules);
    }

    private interface IExtensionPoint;

    private sealed class HostExtension : IExtensionPoint;

    private sealed class AlphaExtension : IExtensionPoint;

    private sealed class BetaExtension : IExtensionPoint;

    [Fact]
    public void Extend_AnExtensionPointTheHostAndOtherModulesAlsoExtend_KeepsEveryImplementationOnce()
    {
        _services.AddSingleton<IExtensionPoint, HostExtension>();

        Add("alpha", m => m.Extend<IExtensionPoint, AlphaExtension>().Extend<IExtensionPoint, AlphaExtension>());
        Add("beta", m => m.Extend<IExtensionPoint, BetaExtension>());

        using var provider = _services.BuildServiceProvider();
        Assert.Equal([typeof(HostExtension), typeof(AlphaExtension), typeof(BetaExtension)],
            provider.GetServices<IExtensionPoint>().Select(e => e.GetType()));
    }

    [Fact]
    public void Add_TheRequestsModuleNextToOneThatTakesItsVerb_FailsWithAClearMessage()
    {
        var services = new ServiceCollection().AddConversationEngine();
        ModuleRegistry.In(services).Add(new TestModule("kudos", m => m.Verb<Answer>(Verbs.Assign, Actors.Agent)), services);

        var error = Assert.Throws<InvalidOperationException>(() => services.AddModule<RequestsModule>());

        Assert.Equal("Modules 'kudos' and 'requests' both register the card verb 'ticket.assign'; each name belongs to one module.", error.Message);
    }

    [Fact]
    public void Add_TheSameModuleTwice_Fails()
    {
        var services = new ServiceCollection().AddModule<RequestsModule>();

        var error = Assert.Throws<InvalidOperationException>(() => services.AddModule<RequestsModule>());

        Assert.Equal("The module 'requests' is added twice.", error.Message);
    }

    [Theory]
    [InlineData("show {ticket", "'{ticket' is not an argument")]
    [InlineData("show {ticket:date}", "'date' is not an argument kind")]
    [InlineData("say {words:text} now", "must come last")]
    [InlineData("move {ticket} {ticket}", "appears twice")]
    public void Add_AMalformedCommandTemplate_FailsNamingTheModuleAndIntent(string template, string why)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Add("alpha", m => m.Intent<Answer>("alpha.show").Typed(template)));

        Assert.StartsWith("Module 'alpha', intent 'alpha.show':", error.Message);
        Assert.Contains(why, error.Message);
    }

    [Theory]
    [InlineData("go")]
    [InlineData("Demo.Go")]
    [InlineData(".go")]
    public void Add_AVerbWithoutItsAreaPrefix_Fails(string verb)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Add("alpha", m => m.Verb<Answer>(verb, Actors.Anyone)));

        Assert.Contains("prefixed with its area", error.Message);
    }

    [Fact]
    public void Add_AnEntryPointForAnIntentNoModuleRegisters_Fails()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            Add("alpha", m => m.Intent<Answer>("alpha.show").On(EntrySurface.Command, "show", "Shows", bareIntent: "alpha.form")));

        Assert.Contains("'alpha.form', which no module registers", error.Message);
    }

    [Fact]
    public void Add_RegistersEveryHandlerAndJobKindForDependencyInjection()
    {
        Add("alpha", m => m.Intent<Answer>("alpha.show").Typed("alpha"));
        Add("beta", m => m.JobKind<Reminder>("beta.remind"));

        using var provider = _services.BuildServiceProvider();
        Assert.NotNull(provider.GetService<Answer>());
        Assert.Equal(typeof(Reminder), Assert.Single(Registry.JobKinds).Handler);
        Assert.NotNull(provider.GetService<Reminder>());
    }

    [Fact]
    public async Task Add_JobKind_IsRunByTheSchedulerRunnerUnderItsName()
    {
        Add("beta", m => m.JobKind<Reminder>("beta.remind"));

        using var provider = _services.BuildServiceProvider();
        var handler = Assert.Single(provider.GetServices<IJobHandler>());
        Assert.Equal("beta.remind", handler.Kind);
        await handler.RunAsync(new JobLease(new ScheduledJob("beta.remind:1", "beta.remind", "", DateTimeOffset.UnixEpoch), 1, "t"), CancellationToken.None);
        Assert.Equal(["beta.remind:1"], provider.GetRequiredService<Reminder>().Ran);
    }

    [Fact]
    public async Task Help_ListsOnlyTheCommandsThePersonMayUse()
    {
        var h = new EngineHarness();

        await h.SayAsync(Maya, "help");
        await h.SayAsync(Alex, "help");

        var employee = h.Gateway.TextsTo("dm:maya").Single();
        var admin = h.Gateway.TextsTo("dm:alex").Single();
        Assert.Contains("• status IT-1001: one request in detail", employee);
        Assert.Contains("• add info IT-1001 [note]: tell the team more", employee);
        Assert.DoesNotContain("link", employee);
        Assert.Contains("• link <team> [private]: in a channel, post that team's requests there (admins)", admin);
        Assert.Contains("You're an agent of IT Support", admin);
    }

    [Fact]
    public async Task NewModule_AddedWithOneLine_IsDispatchedAndListedInHelpForItsAudience()
    {
        var h = new EngineHarness(addModules: services => services.AddModule<EchoModule>());

        await h.SayAsync(Alex, "echo  hello there");
        await h.SayAsync(Alex, "help");
        await h.SayAsync(Maya, "echo hello");

        Assert.Equal("You said: hello there", h.Gateway.TextsTo("dm:alex").First());
        Assert.Contains("• echo <words>: repeat what you say (agents)", h.Gateway.TextsTo("dm:alex").Last());
        Assert.Equal([AudiencePolicy.Refusal(Audience.Agents)], h.Gateway.TextsTo("dm:maya"));
    }

    [Fact]
    public async Task Intent_FromAnEntryPoint_IsDispatchedAsItIs_NotParsedAsText()
    {
        var h = new EngineHarness();

        // "my requests" typed after /request is the request's text, not the "my requests" command.
        var result = await h.Engine.HandleAsync(new Turn("e1", Maya, Dm(Maya), ConversationScope.Personal, null, null, h.Clock.GetUtcNow(),
            Intent: new TurnIntent(RequestIntents.New, new Dictionary<string, string> { [EntryPoint.TextArgument] = "my requests" })), CancellationToken.None);

        Assert.Equal(TurnOutcome.Handled, result.Outcome);
        Assert.Equal("Which team should handle this?", h.CardOf(h.LastCardIn("dm:maya")).Title);
        Assert.DoesNotContain(h.Gateway.TextsTo("dm:maya"), t => t.StartsWith("You have no requests"));
    }

    [Fact]
    public async Task FormIntent_ArrivingAsATurn_IsOfferedAsACardWhoseButtonOpensTheForm()
    {
        var h = new EngineHarness();

        await h.Engine.HandleAsync(new Turn("e2", Maya, Dm(Maya), ConversationScope.Personal, null, null, h.Clock.GetUtcNow(),
            Intent: TurnIntent.Named(RequestIntents.Form)), CancellationToken.None);

        var button = Assert.Single(h.CardOf(h.LastCardIn("dm:maya")).Actions);
        Assert.Equal(Verbs.RequestFile, button.Verb);
        Assert.Equal(["team", "summary", "details", "priority"], button.Form!.Inputs.Select(i => i.Id));
    }

    [Fact]
    public async Task Intent_ForAnAudienceThePersonIsNotIn_IsRefused()
    {
        var h = new EngineHarness();

        await h.Engine.HandleAsync(new Turn("e3", Maya, TeamChannel("it"), ConversationScope.Channel, null, null, h.Clock.GetUtcNow(),
            Intent: new TurnIntent(RequestIntents.LinkChannel, new Dictionary<string, string> { [Verbs.Keys.Team] = "it" })), CancellationToken.None);

        Assert.Equal(["Only Switchboard admins can do that. Ask one to add you under Admin:Users."], h.Gateway.TextsTo("team:it"));
    }

    [Fact]
    public void TurnIntent_RoundTripsThroughJson_SoATurnCanWaitInADurableQueue()
    {
        var intent = new TurnIntent(RequestIntents.New, new Dictionary<string, string> { [EntryPoint.TextArgument] = "printer jammed" });

        var read = System.Text.Json.JsonSerializer.Deserialize<TurnIntent>(System.Text.Json.JsonSerializer.Serialize(intent))!;

        Assert.Equal((intent.Name, "printer jammed"), (read.Name, read.Get(EntryPoint.TextArgument)));
    }

    [Fact]
    public async Task CardAction_WithAVerbNoModuleRegisters_IsRefused()
    {
        var h = new EngineHarness();

        var result = await h.Engine.HandleAsync(new Turn("e4", Maya, Dm(Maya), ConversationScope.Personal, null,
            new TurnAction("kudos.send", new Dictionary<string, string>()), h.Clock.GetUtcNow()), CancellationToken.None);

        Assert.Equal(TurnOutcome.Refused, result.Outcome);
        Assert.Equal(ConversationEngine.UnknownVerb, result.Notice);
    }
}
