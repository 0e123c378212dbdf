using Microsoft.Extensions.DependencyInjection.Extensions;
using Switchboard.Core.Conversations;
using Switchboard.Core.Requests;

namespace Switchboard.Core.Answers;

/// <summary>The intents of the Answers module.</summary>
public static class AnswerIntents
{
    /// <summary>"ask how do I connect to the VPN".</summary>
    public const string Ask = "answers.ask";
    /// <summary>"answers [team]" (a team's agents).</summary>
    public const string List = "answers.list";
    /// <summary>"answer edit it.7" (the team's agents).</summary>
    public const string Show = "answers.show";
    /// <summary>"answer retire it.7" (the team's agents).</summary>
    public const string Retire = "answers.retire-typed";
    /// <summary>The question after "ask".</summary>
    public const string QuestionArgument = "question";
    /// <summary>The answer id after "answer edit" / "answer retire".</summary>
    public const string IdArgument = "id";
}

/// <summary>
/// Answers: each service team's answers to what people ask again and again, configured and grown from work
/// ("Save as an answer" on a resolved ticket). Offered before a request is filed: "This solved it" files nothing and
/// credits the answer's author; "I still need help" files it with the answers tried noted.
/// </summary>
public sealed class AnswersModule : IModule
{
    /// <inheritdoc />
    public string Name => "answers";

    /// <inheritdoc />
    public void Register(ModuleBuilder module)
    {
        // The host binds the configured answers and picks the store; without them (tests, the bench) none are configured.
        // AnswerCreditDelivery, a work handler, is added with the core: a module's services are added only when their type is new.
        module.Services.TryAddSingleton(new AnswersOptions());
        module.Services.TryAddSingleton<IAnswerStore, MemoryAnswerStore>();
        module.Services.TryAddSingleton<AnswerService>();
        module.Services.TryAddSingleton<IIntakeAnswers, AnswerOffers>();
        module.Extend<ITeamCardActions, SaveAnswerAction>();

        module.Intent<AskHandler>(AnswerIntents.Ask)
            .Typed("ask {question:text}", "search the teams' answers: ask how do I connect to the VPN")
            .On(EntrySurface.Command, "ask", "Search the service teams' answers: /ask how do I connect to the VPN");
        module.Intent<AnswerListHandler>(AnswerIntents.List, Audience.Agents)
            .Typed("answers {team?}", "your team's answers and what they solved this month");
        module.Intent<AnswerListHandler>(AnswerIntents.Show, Audience.Agents)
            .Typed("answer edit {id:text}", "change one of your team's answers: answer edit it.7");
        module.Intent<AnswerListHandler>(AnswerIntents.Retire, Audience.Agents)
            .Typed("answer retire {id:text}", "stop offering one of your team's answers");

        module.Verb<AnswerOfferActions>(AnswerVerbs.Solved, Actors.Anyone);
        module.Verb<AnswerOfferActions>(AnswerVerbs.NeedHelp, Actors.Anyone);
        module.Verb<SaveAnswerAction>(AnswerVerbs.Save, Actors.Agent);
        module.Verb<AnswerAgentActions>(AnswerVerbs.Edit, Actors.Agent);
        module.Verb<AnswerAgentActions>(AnswerVerbs.Retire, Actors.Agent);
    }
}
