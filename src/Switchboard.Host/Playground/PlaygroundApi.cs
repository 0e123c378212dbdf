using System.Reflection;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.Options;
using Switchboard.Core.Conversations;
using Switchboard.Core.People;
using Switchboard.Core.Queues;
using Switchboard.Core.Requests;
using Switchboard.Core.Routing;
using Switchboard.Host.Api;

namespace Switchboard.Host.Playground;

/// <summary>
/// The local playground: a page and a small JSON API to chat as any persona and work team channels.
/// On in Development, or anywhere with <c>Playground:Enabled</c>.
/// </summary>
public static class PlaygroundApi
{
    public sealed record PostMessage(string? Persona, string? ConversationId, string? ThreadId, string? Text);

    public sealed record PostAction(string? Persona, string? MessageId, string? ConversationId, string? Verb, Dictionary<string, string>? Values);

    public sealed record TurnAnswer(TurnOutcome Outcome, string? Notice);

    public sealed record PostHomeAction(string? Persona, string? Verb, Dictionary<string, string>? Values);

    public const string DirectPrefix = "dm:";

    public static bool IsChannel(string conversationId) => conversationId.StartsWith("team:", StringComparison.Ordinal);

    public static bool IsEnabled(IHostApplicationBuilder builder) =>
        builder.Environment.IsDevelopment() || builder.Configuration.GetValue<bool>($"{PlaygroundOptions.Section}:Enabled");

    public static IHostApplicationBuilder AddPlayground(this IHostApplicationBuilder builder)
    {
        if (!IsEnabled(builder)) return builder;
        builder.Services.AddOptions<PlaygroundOptions>().BindConfiguration(PlaygroundOptions.Section)
            .Validate(o => o.Personas.All(p => p.Id.Length > 0 && p.Name.Length > 0), "Playground:Personas entries need an Id and a Name.")
            .Validate(o => o.Personas.Select(p => p.Id).Distinct(StringComparer.OrdinalIgnoreCase).Count() == o.Personas.Count, "Playground:Personas ids must be unique.")
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<PlaygroundOptions>, PlaygroundChannelsValidator>();
        builder.Services.AddSingleton<PlaygroundTeamChannels>();
        builder.Services.AddSingleton<IConfiguredTeamChannels>(sp => sp.GetRequiredService<PlaygroundTeamChannels>());
        builder.Services.AddSingleton(sp => new Personas(sp.GetRequiredService<IOptions<PlaygroundOptions>>().Value, sp.GetRequiredService<TeamDirectory>()));
        builder.Services.AddSingleton<PlaygroundTranscript>();
        builder.Services.AddSingleton<IPlatformGateway, PlaygroundGateway>();
        builder.Services.AddSingleton<IDirectChatOpener, PlaygroundDirectChatOpener>();
        builder.AddPlaygroundClock();
        return builder;
    }

    public static IEndpointRouteBuilder MapPlayground(this IEndpointRouteBuilder app)
    {
        if (app.ServiceProvider.GetService<PlaygroundTranscript>() is null) return app;

        app.MapGet("/", () => Asset("index.html"));
        app.MapGet("/playground/{file}", (string file) => Asset(file));

        var api = app.MapGroup("/api/playground");
        // Outside Development anyone reaching the page could act as any agent: the admin key guards it.
        if (!app.ServiceProvider.GetRequiredService<IHostEnvironment>().IsDevelopment())
            api.AddEndpointFilter<AdminKeyFilter>();
        api.MapPlaygroundClock();
        api.MapPlaygroundKudos();
        api.MapGet("/personas", (Personas personas) => personas.All);
        api.MapGet("/channels", (TeamDirectory teams, PlaygroundTeamChannels channels) => teams.All.Select(t => new
        {
            conversationId = PlaygroundTeamChannels.ConversationId(t.Id),
            teamId = t.Id,
            name = t.Name,
            @private = channels.IsPrivate(t.Id),
            confidential = t.Options.Confidential,
            recognition = false,
        }).Append(new
        {
            conversationId = PlaygroundMentions.KudosChannel,
            teamId = "kudos",
            name = "Kudos",
            @private = false,
            confidential = false,
            // Not a service team's channel: the page explains it as the place kudos are shown.
            recognition = true,
        }));
        api.MapGet("/conversations/{conversationId}/messages", async (string conversationId, string? persona, Personas personas,
            TeamDirectory teams, PlaygroundTeamChannels channels, PlaygroundTranscript transcript, CancellationToken cancellationToken) =>
        {
            var who = personas.Find(persona);
            if (who is null) return Results.BadRequest(new { error = "Pass ?persona= with a persona id from /api/playground/personas." });
            var problem = CheckConversation(conversationId, who, teams, channels);
            if (problem is not null) return problem;
            var conversation = await transcript.ReadAsync(conversationId, cancellationToken);
            return Results.Ok(new
            {
                version = conversation.Version,
                messages = conversation.Messages.Where(m => m.VisibleTo is null || string.Equals(m.VisibleTo, who.Id, StringComparison.OrdinalIgnoreCase)),
            });
        });
        api.MapPost("/messages", async (PostMessage body, Personas personas, TeamDirectory teams, PlaygroundTeamChannels channels,
            PlaygroundTranscript transcript, IConversationEngine engine, PeopleDirectory people, TimeProvider time, CancellationToken cancellationToken) =>
        {
            var who = personas.Find(body.Persona);
            if (who is null) return Results.BadRequest(new { error = "persona: unknown persona." });
            if (body.ConversationId is not { } conversationId) return Results.BadRequest(new { error = "conversationId is required." });
            var problem = CheckConversation(conversationId, who, teams, channels);
            if (problem is not null) return problem;
            var text = body.Text?.Trim();
            if (string.IsNullOrEmpty(text)) return Results.BadRequest(new { error = "text: write something first." });
            if (body.ThreadId is { } threadId && !await IsThreadRootAsync(transcript, conversationId, threadId, cancellationToken))
                return Results.BadRequest(new { error = "threadId: replies go under a top-level message of the same team channel." });
            if (text.Length > RequestText.MaxLength) return Results.BadRequest(new { error = $"text: keep it under {RequestText.MaxLength} characters." });

            await transcript.AppendAsync(conversationId, body.ThreadId, new PlaygroundSender(who.Name, false), text, null, null, cancellationToken);
            var address = new ConversationAddress(PlaygroundPlatform.Id, conversationId, body.ThreadId);
            var turn = new Turn(null, who.ToPerson(), address, ScopeOf(conversationId), text, null, time.GetUtcNow())
            {
                Mentions = PlaygroundMentions.Find(text, personas),
            };
            await people.ObserveAsync(PlaygroundDirectChatOpener.Sighting(who), cancellationToken);
            var result = await engine.HandleAsync(turn, cancellationToken);
            return Results.Ok(new TurnAnswer(result.Outcome, result.Notice));
        });
        api.MapPost("/actions", async (PostAction body, Personas personas, TeamDirectory teams, PlaygroundTeamChannels channels,
            PlaygroundTranscript transcript, IConversationEngine engine, PeopleDirectory people, TimeProvider time, CancellationToken cancellationToken) =>
        {
            var who = personas.Find(body.Persona);
            if (who is null) return Results.BadRequest(new { error = "persona: unknown persona." });
            if (string.IsNullOrWhiteSpace(body.Verb)) return Results.BadRequest(new { error = "verb is required." });
            if (string.IsNullOrWhiteSpace(body.MessageId)) return Results.BadRequest(new { error = "messageId is required." });
            var values = body.Values ?? [];
            if (values.Values.Any(v => v is not null && v.Length > RequestText.MaxLength))
                return Results.BadRequest(new { error = $"values: keep each value under {RequestText.MaxLength} characters." });

            var source = await FindMessageAsync(body, who, teams, channels, transcript, cancellationToken);
            if (source is null) return Results.NotFound(new { error = "That card no longer exists." });
            var address = new ConversationAddress(PlaygroundPlatform.Id, source.ConversationId, source.ThreadId);
            var sourceRef = new MessageRef(IsChannel(source.ConversationId) && source.ThreadId is null ? address.InThread(source.Id) : address, source.Id);
            var turn = new Turn(null, who.ToPerson(), address, ScopeOf(source.ConversationId), null,
                new TurnAction(body.Verb.Trim(), values), time.GetUtcNow(), sourceRef);
            await people.ObserveAsync(PlaygroundDirectChatOpener.Sighting(who), cancellationToken);
            var result = await engine.HandleAsync(turn, cancellationToken);
            return Results.Ok(new TurnAnswer(result.Outcome, result.Notice));
        });
        // The persona's home page, as Slack's App Home shows it: their requests and, for agents, their queue.
        api.MapGet("/home", async (string? persona, Personas personas, HomePages homes, CancellationToken cancellationToken) =>
            personas.Find(persona) is { } who
                ? Results.Ok(new { sections = await homes.BuildAsync(who.ToPerson(), cancellationToken) })
                : Results.BadRequest(new { error = "Pass ?persona= with a persona id from /api/playground/personas." }));
        // A button on the home page belongs to no conversation: like Slack, it is answered in the persona's direct chat.
        api.MapPost("/home/actions", async (PostHomeAction body, Personas personas, IConversationEngine engine, PeopleDirectory people,
            TimeProvider time, CancellationToken cancellationToken) =>
        {
            var who = personas.Find(body.Persona);
            if (who is null) return Results.BadRequest(new { error = "persona: unknown persona." });
            if (string.IsNullOrWhiteSpace(body.Verb)) return Results.BadRequest(new { error = "verb is required." });
            var values = body.Values ?? [];
            if (values.Values.Any(v => v is not null && v.Length > RequestText.MaxLength))
                return Results.BadRequest(new { error = $"values: keep each value under {RequestText.MaxLength} characters." });
            var turn = new Turn(null, who.ToPerson(), new ConversationAddress(PlaygroundPlatform.Id, DirectPrefix + who.Id), ConversationScope.Personal,
                null, new TurnAction(body.Verb.Trim(), values), time.GetUtcNow());
            await people.ObserveAsync(PlaygroundDirectChatOpener.Sighting(who), cancellationToken);
            var result = await engine.HandleAsync(turn, cancellationToken);
            return Results.Ok(new TurnAnswer(result.Outcome, result.Notice));
        });
        return app;
    }

    private static async Task<bool> IsThreadRootAsync(PlaygroundTranscript transcript, string conversationId, string threadId, CancellationToken cancellationToken) =>
        IsChannel(conversationId) &&
        (await transcript.ReadAsync(conversationId, cancellationToken)).Messages.Any(m => m.Id == threadId && m.ThreadId is null);

    private static ConversationScope ScopeOf(string conversationId) =>
        IsChannel(conversationId) ? ConversationScope.Channel : ConversationScope.Personal;

    private static IResult? CheckConversation(string conversationId, Persona who, TeamDirectory teams, PlaygroundTeamChannels channels)
    {
        if (conversationId.StartsWith(DirectPrefix, StringComparison.Ordinal))
            return string.Equals(conversationId[DirectPrefix.Length..], who.Id, StringComparison.OrdinalIgnoreCase)
                ? null
                : Results.Json(new { error = "A persona can only use its own direct chat." }, statusCode: StatusCodes.Status403Forbidden);
        if (conversationId == PlaygroundMentions.KudosChannel) return null;
        if (IsChannel(conversationId) && teams.Find(conversationId["team:".Length..]) is { } team)
        {
            // A channel marked private is the team's own: others neither read nor write there.
            return channels.IsPrivate(team.Id) && !who.Teams.Contains(team.Id)
                ? Results.Json(new { error = $"The {team.Name} channel is private to its agents." }, statusCode: StatusCodes.Status403Forbidden)
                : null;
        }
        return Results.NotFound(new { error = $"No playground conversation '{conversationId}'." });
    }

    private static async Task<PlaygroundMessage?> FindMessageAsync(PostAction body, Persona who, TeamDirectory teams,
        PlaygroundTeamChannels channels, PlaygroundTranscript transcript, CancellationToken cancellationToken)
    {
        var candidates = body.ConversationId is { } given
            ? [given]
            : teams.All.Select(t => PlaygroundTeamChannels.ConversationId(t.Id)).Prepend(DirectPrefix + who.Id).Append(PlaygroundMentions.KudosChannel);
        foreach (var conversationId in candidates)
        {
            if (CheckConversation(conversationId, who, teams, channels) is not null) continue;
            var conversation = await transcript.ReadAsync(conversationId, cancellationToken);
            var message = conversation.Messages.FirstOrDefault(m => m.Id == body.MessageId);
            if (message is not null) return message;
        }
        return null;
    }

    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    private static IResult Asset(string file)
    {
        var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"playground/{file}");
        if (stream is null) return Results.NotFound();
        return Results.Stream(stream, ContentTypes.TryGetContentType(file, out var type) ? type : "application/octet-stream");
    }
}
