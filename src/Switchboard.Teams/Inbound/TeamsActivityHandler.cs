using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Switchboard.Core.Conversations;
using Switchboard.Core.Routing;
using Switchboard.Teams.Rendering;
using Switchboard.Teams.Schema;

namespace Switchboard.Teams.Inbound;

/// <summary>
/// What <c>/api/messages</c> answers: a status and, for invokes, the invoke response body (or, for message
/// extensions, whose HTTP body is the response itself, that <see cref="Body"/>).
/// </summary>
internal sealed record ActivityReply(int StatusCode, InvokeResponseBody? InvokeBody = null, JsonObject? Body = null)
{
    public static readonly ActivityReply Ok = new((int)HttpStatusCode.OK);

    /// <summary>Invoke responses are HTTP 200; the outcome is in the body's statusCode.</summary>
    public static ActivityReply Invoke(InvokeResponseBody body) => new((int)HttpStatusCode.OK, body);

    /// <summary>A message extension's answer: a dialog to show, or a message.</summary>
    public static ActivityReply TaskResponse(JsonObject task) => new((int)HttpStatusCode.OK, Body: new JsonObject { ["task"] = task });
}

/// <summary>
/// Translates authenticated activities into <see cref="Turn"/>s for the engine (messages, card actions, and
/// message-extension commands, which are entry points in the module registry named by their command id)
/// and handles the bot's own lifecycle (installed in a team, chat or personal scope).
/// </summary>
internal sealed partial class TeamsActivityHandler(
    TeamsMemberDirectory members,
    TeamsPeople people,
    TeamsInstallations installations,
    TeamsGateway gateway,
    IOptions<ServiceTeamsOptions> serviceTeams,
    ModuleRegistry modules,
    IntentForms forms,
    TeamsMessageExtensions extensions,
    TimeProvider time,
    ILogger<TeamsActivityHandler> logger)
{
    public const string AdaptiveCardActionInvoke = "adaptiveCard/action";
    public const string FetchTaskInvoke = "composeExtension/fetchTask";
    public const string SubmitActionInvoke = "composeExtension/submitAction";

    public async Task<ActivityReply> HandleAsync(Activity activity, IConversationEngine engine, CancellationToken cancellationToken)
    {
        await people.ObserveAsync(activity, cancellationToken);
        switch (activity.Type)
        {
            case ActivityTypes.Message:
                await OnMessageAsync(activity, engine, cancellationToken);
                return ActivityReply.Ok;
            case ActivityTypes.Invoke:
                return await OnInvokeAsync(activity, engine, cancellationToken);
            case ActivityTypes.ConversationUpdate:
                await OnConversationUpdateAsync(activity, cancellationToken);
                return ActivityReply.Ok;
            case ActivityTypes.InstallationUpdate:
                await OnInstallationUpdateAsync(activity, cancellationToken);
                return ActivityReply.Ok;
            default:
                logger.LogDebug("Ignoring a Teams activity of type {Type}", activity.Type);
                return ActivityReply.Ok;
        }
    }

    private async Task OnMessageAsync(Activity activity, IConversationEngine engine, CancellationToken cancellationToken)
    {
        if (activity.From?.Id is null || activity.Conversation?.Id is null) return;

        // Action.Submit (the fallback of our Action.Execute buttons) arrives as a message whose value is the data.
        if (activity.Value is JsonObject submitted)
        {
            if (submitted[AdaptiveCardRenderer.VerbField] is not JsonValue verbNode || !verbNode.TryGetValue<string>(out var verb) || string.IsNullOrWhiteSpace(verb))
            {
                logger.LogDebug("Ignoring a card submit without a Switchboard verb");
                return;
            }
            var submitTurn = await BuildTurnAsync(activity, text: null, new TurnAction(verb, Values(submitted)), cancellationToken);
            await engine.HandleAsync(submitTurn, cancellationToken);
            return;
        }

        var text = StripBotMention(activity);
        if (string.IsNullOrEmpty(text)) return;
        var turn = await BuildTurnAsync(activity, text, action: null, cancellationToken);
        await engine.HandleAsync(turn, cancellationToken);
    }

    private Task<ActivityReply> OnInvokeAsync(Activity activity, IConversationEngine engine, CancellationToken cancellationToken) => activity.Name switch
    {
        AdaptiveCardActionInvoke => OnCardActionAsync(activity, engine, cancellationToken),
        FetchTaskInvoke => OnExtensionCommandAsync(activity, engine, cancellationToken),
        SubmitActionInvoke => OnExtensionSubmitAsync(activity, engine, cancellationToken),
        // What the Bot Framework SDK answers an invoke nobody handles: a plain HTTP 501, no invoke body.
        _ => Task.FromResult(new ActivityReply((int)HttpStatusCode.NotImplemented)),
    };

    /// <summary>
    /// A message-extension command (from a message's "..." menu, or the compose box): the entry point's intent,
    /// with the message acted on as arguments. A form opens as a dialog; anything else runs as a turn here.
    /// </summary>
    private async Task<ActivityReply> OnExtensionCommandAsync(Activity activity, IConversationEngine engine, CancellationToken cancellationToken)
    {
        if (activity.From?.Id is null || activity.Conversation?.Id is null || activity.Value is not JsonObject value ||
            value["commandId"] is not JsonValue commandNode || !commandNode.TryGetValue<string>(out var commandId))
            return new ActivityReply((int)HttpStatusCode.BadRequest);

        var surface = value["commandContext"] is JsonValue context && context.TryGetValue<string>(out var where) && where == "message"
            ? EntrySurface.MessageAction
            : EntrySurface.Shortcut;
        if (modules.FindEntryPoint(surface, commandId) is not { } entry)
            return TaskMessage("That command is from an older version of this app; please update it.");
        var message = value["messagePayload"] as JsonObject;
        var intent = entry.Invoke(PlainText(message?["body"] as JsonObject), message?["linkToMessage"] is JsonValue link && link.TryGetValue<string>(out var url) ? url : null,
            TeamsMessageExtensions.Author(activity, message));
        if (forms.For(intent) is { Form: { } form } action) return ActivityReply.TaskResponse(TeamsMessageExtensions.Dialog(form, action, intent));
        var turn = await BuildTurnAsync(activity, text: null, action: null, cancellationToken) with { Intent = intent };
        var result = await engine.HandleAsync(turn, cancellationToken);
        return TaskMessage(Notice(result));
    }

    /// <summary>
    /// A dialog's form submitted: its verb and inputs, as a card action would send them, with the people its pickers
    /// named as the turn's mentions. Refused, the form comes back with the reason; done in the compose box, a result
    /// card is inserted there; otherwise the dialog closes with the notice.
    /// </summary>
    private async Task<ActivityReply> OnExtensionSubmitAsync(Activity activity, IConversationEngine engine, CancellationToken cancellationToken)
    {
        if (activity.From?.Id is null || activity.Conversation?.Id is null || activity.Value is not JsonObject value)
            return new ActivityReply((int)HttpStatusCode.BadRequest);
        if (value["data"] is not JsonObject data || data[AdaptiveCardRenderer.VerbField] is not JsonValue verbNode ||
            !verbNode.TryGetValue<string>(out var verb) || string.IsNullOrWhiteSpace(verb))
            return TaskMessage("That form is from an older version of this app; please open it again.");

        var values = TeamsMessageExtensions.WithoutOwnFields(Values(data));
        var turn = await BuildTurnAsync(activity, text: null, new TurnAction(verb, values), cancellationToken)
            with { Mentions = await extensions.PickedAsync(activity, data, cancellationToken) };
        var result = await engine.HandleAsync(turn, cancellationToken);
        if (result is { Outcome: TurnOutcome.Refused, Notice: { } refusal } && TeamsMessageExtensions.IntentOf(data) is { } intent &&
            forms.For(intent) is { Form: { } form } action)
            return ActivityReply.TaskResponse(TeamsMessageExtensions.Again(form, action, intent, values, refusal));
        if (result.ReplacementCard is { } card && value["commandContext"] is JsonValue where && where.TryGetValue<string>(out var context) && context == "compose")
            return new ActivityReply((int)HttpStatusCode.OK, Body: TeamsMessageExtensions.ComposeResult(card));
        return TaskMessage(Notice(result));
    }

    private static string Notice(TurnResult result) =>
        result.Notice ?? (result.Outcome == TurnOutcome.Duplicate ? "That was already done." : "Done.");

    private static ActivityReply TaskMessage(string text) => ActivityReply.TaskResponse(new JsonObject { ["type"] = "message", ["value"] = text });

    /// <summary>The text of a message a command acts on; Teams gives it as HTML.</summary>
    private static string? PlainText(JsonObject? body)
    {
        if (body?["content"] is not JsonValue node || !node.TryGetValue<string>(out var content)) return null;
        if (body["contentType"] is JsonValue type && type.TryGetValue<string>(out var kind) && kind == "text") return content.Trim();
        var text = HtmlBreak().Replace(content, "\n");
        text = HtmlTag().Replace(text, "");
        return WebUtility.HtmlDecode(text).Replace('\u00a0', ' ').Trim();
    }

    private async Task<ActivityReply> OnCardActionAsync(Activity activity, IConversationEngine engine, CancellationToken cancellationToken)
    {
        if (activity.From?.Id is null || activity.Conversation?.Id is null ||
            activity.Value is not JsonObject value || value["action"] is not JsonObject action ||
            action["verb"] is not JsonValue verbNode || !verbNode.TryGetValue<string>(out var verb) || string.IsNullOrWhiteSpace(verb))
        {
            return ActivityReply.Invoke(Error(HttpStatusCode.BadRequest, "BadRequest", "The adaptiveCard/action invoke has no action verb."));
        }
        if (action["data"] is { } data && data is not JsonObject)
            return ActivityReply.Invoke(Error(HttpStatusCode.BadRequest, "BadRequest", "The action data must be an object."));

        // The invoke's answer replaces the clicked card, so the bot does not also update it in place.
        var turn = await BuildTurnAsync(activity, text: null, new TurnAction(verb, Values(action["data"] as JsonObject)), cancellationToken)
            with { ClickedCardRefresh = ClickedCardRefresh.Answer };
        var result = await engine.HandleAsync(turn, cancellationToken);

        if (result.ReplacementCard is { } card)
            return ActivityReply.Invoke(new InvokeResponseBody((int)HttpStatusCode.OK, InvokeResponseTypes.AdaptiveCard, AdaptiveCardRenderer.Render(card)));
        var notice = result.Notice ?? (result.Outcome == TurnOutcome.Duplicate ? "That was already done." : "Done.");
        return ActivityReply.Invoke(new InvokeResponseBody((int)HttpStatusCode.OK, InvokeResponseTypes.Message, JsonValue.Create(notice)));
    }

    private async Task OnConversationUpdateAsync(Activity activity, CancellationToken cancellationToken)
    {
        var botId = activity.Recipient?.Id;
        if (botId is null || activity.Conversation?.Id is null) return;
        if (activity.MembersAdded?.Any(m => m.Id == botId) == true)
            await OnBotAddedAsync(activity, cancellationToken);
        else if (activity.MembersRemoved?.Any(m => m.Id == botId) == true)
            await installations.MarkRemovedAsync(activity.Conversation.Id, cancellationToken);
    }

    private async Task OnInstallationUpdateAsync(Activity activity, CancellationToken cancellationToken)
    {
        if (activity.Conversation?.Id is null) return;
        if (activity.Action is "add" or "add-upgrade")
            await OnBotAddedAsync(activity, cancellationToken);
        else if (activity.Action is "remove" or "remove-upgrade")
            await installations.MarkRemovedAsync(activity.Conversation.Id, cancellationToken);
    }

    /// <summary>
    /// Remembers where the bot was installed and greets once: Teams sends both a conversationUpdate and an
    /// installationUpdate for one install, and may redeliver either, so the greeting follows the stored
    /// installation becoming active rather than the event.
    /// </summary>
    private async Task OnBotAddedAsync(Activity activity, CancellationToken cancellationToken)
    {
        if (activity.ServiceUrl is null) return;
        var (conversationId, _) = TeamsConversationIds.Split(activity.Conversation!.Id!);
        var scope = ScopeOf(activity);
        var team = activity.ChannelData?.Team;
        var installation = new TeamsInstallation
        {
            ConversationId = conversationId,
            Scope = scope.ToString(),
            TeamId = team?.Id,
            TeamName = team?.Name,
            ChannelId = activity.ChannelData?.Channel?.Id ?? (team is null ? null : conversationId),
            ChannelName = activity.ChannelData?.Channel?.Name,
            TenantId = TenantOf(activity),
            ServiceUrl = activity.ServiceUrl,
            InstalledBy = activity.From?.Id,
            InstalledAt = activity.Timestamp ?? time.GetUtcNow(),
        };
        if (!await installations.RecordAsync(installation, cancellationToken)) return;

        var address = new ConversationAddress(TeamsPlatform.Id, conversationId, null, activity.ServiceUrl, installation.TenantId);
        await gateway.SendAsync(new OutboundMessage(address, Welcome(scope, activity.Recipient?.Name)), cancellationToken);
    }

    private string Welcome(ConversationScope scope, string? botName)
    {
        var name = string.IsNullOrWhiteSpace(botName) ? "Switchboard" : botName;
        var teamIds = string.Join(", ", serviceTeams.Value.Teams.Select(t => t.Id));
        return scope switch
        {
            ConversationScope.Channel =>
                $"Hi, I'm {name}. I file employees' requests as tickets and post each one as a thread in the channel of the team that owns it.\n" +
                $"To make this channel work an service team's requests, an admin mentions me here with: @{name} link <team>\n" +
                $"Teams: {teamIds}. For example: @{name} link {serviceTeams.Value.Teams.FirstOrDefault()?.Id ?? "it"}",
            ConversationScope.Group =>
                $"Hi, I'm {name}. Mention me with what you need (for example: @{name} my laptop won't start) and I'll file it with the right team. Mention me with \"help\" to see what I can do.",
            _ =>
                $"Hi, I'm {name}. Tell me what you need help with and I'll file it with the right team ({teamIds}) and keep you posted. Type \"help\" to see what I can do.",
        };
    }

    private async Task<Turn> BuildTurnAsync(Activity activity, string? text, TurnAction? action, CancellationToken cancellationToken)
    {
        var scope = ScopeOf(activity);
        var (conversationId, threadId) = TeamsConversationIds.Split(activity.Conversation!.Id!);
        if (scope == ConversationScope.Channel && threadId is null)
        {
            // A new post mentioning the bot starts a thread rooted at that post; a click on a card in a
            // channel belongs to the card's thread, and a message-extension command to its message's.
            threadId = text is not null ? activity.Id : activity.ReplyToId;
        }
        var address = new ConversationAddress(TeamsPlatform.Id, conversationId, threadId, activity.ServiceUrl, TenantOf(activity));

        var from = activity.From!;
        string? email = null;
        if (activity.ServiceUrl is not null)
            email = await members.GetEmailAsync(activity.ServiceUrl, conversationId, from.Id!, cancellationToken);
        var person = new PersonRef(TeamsPlatform.Id, from.Id!, from.Name ?? "", email);

        var source = activity.ReplyToId is { Length: > 0 } replyTo ? new MessageRef(address, replyTo) : null;
        return new Turn(activity.Id, person, address, scope, text, action, activity.Timestamp ?? time.GetUtcNow(), source)
        {
            Mentions = text is null ? [] : await MentionsAsync(activity, conversationId, cancellationToken),
        };
    }

    /// <summary>The people the message mentions (the bot itself left out), from its mention entities, with their e-mails when the roster gives them.</summary>
    private async Task<IReadOnlyList<Mention>> MentionsAsync(Activity activity, string conversationId, CancellationToken cancellationToken)
    {
        var mentions = new List<Mention>();
        foreach (var entity in activity.Entities ?? [])
        {
            if (!string.Equals(entity.Type, "mention", StringComparison.OrdinalIgnoreCase)) continue;
            if (entity.Mentioned?.Id is not { Length: > 0 } id || id == activity.Recipient?.Id || string.IsNullOrEmpty(entity.Text)) continue;
            if (mentions.Any(m => m.Person.Id == id)) continue;
            // "28:" ids are bots and apps; only people have a roster e-mail.
            var kind = id.StartsWith("28:", StringComparison.Ordinal) ? MentionKind.Bot : MentionKind.Person;
            var email = kind == MentionKind.Person && activity.ServiceUrl is not null
                ? await members.GetEmailAsync(activity.ServiceUrl, conversationId, id, cancellationToken)
                : null;
            var person = new PersonRef(TeamsPlatform.Id, id, entity.Mentioned.Name ?? "", email);
            if (kind == MentionKind.Person) await people.ObserveMentionedAsync(person, activity, cancellationToken);
            mentions.Add(new Mention(person, WebUtility.HtmlDecode(entity.Text).Replace('\u00a0', ' '), kind));
        }
        return mentions;
    }

    internal static ConversationScope ScopeOf(Activity activity) => activity.Conversation?.ConversationType switch
    {
        "channel" => ConversationScope.Channel,
        "groupChat" => ConversationScope.Group,
        "personal" => ConversationScope.Personal,
        _ => activity.ChannelData?.Team is not null ? ConversationScope.Channel
            : activity.Conversation?.IsGroup == true ? ConversationScope.Group
            : ConversationScope.Personal,
    };

    private static string? TenantOf(Activity activity) => activity.Conversation?.TenantId ?? activity.ChannelData?.Tenant?.Id;

    /// <summary>The message text without the bot's @mention (the mention entity's text, or any &lt;at&gt; of the bot's name).</summary>
    internal static string StripBotMention(Activity activity)
    {
        var text = activity.Text ?? "";
        var botId = activity.Recipient?.Id;
        foreach (var mention in activity.Entities ?? [])
        {
            if (!string.Equals(mention.Type, "mention", StringComparison.OrdinalIgnoreCase)) continue;
            if (mention.Mentioned?.Id is null || mention.Mentioned.Id != botId || string.IsNullOrEmpty(mention.Text)) continue;
            text = text.Replace(mention.Text, " ", StringComparison.OrdinalIgnoreCase);
        }
        if (!string.IsNullOrEmpty(activity.Recipient?.Name))
            text = text.Replace($"<at>{activity.Recipient.Name}</at>", " ", StringComparison.OrdinalIgnoreCase);
        text = WebUtility.HtmlDecode(text).Replace('\u00a0', ' ');
        return Whitespace().Replace(text, " ").Trim();
    }

    private static Dictionary<string, string> Values(JsonObject? data)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (data is null) return values;
        foreach (var (key, node) in data)
        {
            if (key is "msteams" or AdaptiveCardRenderer.VerbField || node is null) continue;
            values[key] = node is JsonValue value && value.TryGetValue<string>(out var s) ? s : node.ToJsonString();
        }
        return AdaptiveCardRenderer.RestoreFormInputIds(values);
    }

    private static InvokeResponseBody Error(HttpStatusCode status, string code, string message) =>
        new((int)status, InvokeResponseTypes.Error, new JsonObject { ["code"] = code, ["message"] = message });

    [GeneratedRegex(@"[ \t]+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"<br\s*/?>|</p>|</div>", RegexOptions.IgnoreCase)]
    private static partial Regex HtmlBreak();

    [GeneratedRegex(@"<[^>]*>")]
    private static partial Regex HtmlTag();
}
