using System.Security.Cryptography;
using System.Text;
using Switchboard.Core.Conversations;
using Switchboard.Core.Kudos;
using Switchboard.Core.People;
using Switchboard.Core.Requests;

namespace Switchboard.Host.Playground;

/// <summary>
/// The playground's "Give kudos" form: the same form Slack's modal and Teams' dialog show (its people picker offers the
/// personas), submitted into the same verb, so the same rules apply. The persona's direct chat is where it happens.
/// </summary>
public static class PlaygroundKudosApi
{
    public sealed record GiveKudos(string? Persona, string? FormId, IReadOnlyList<string>? People, string? Value, string? Message);

    public sealed record KudosAnswer(TurnOutcome Outcome, string? Notice, string? Field);

    public static void MapPlaygroundKudos(this RouteGroupBuilder api)
    {
        api.MapGet("/kudos/form", (string? persona, Personas personas, IntentForms forms) =>
        {
            var who = personas.Find(persona);
            if (who is null) return Results.BadRequest(new { error = "Pass ?persona= with a persona id from /api/playground/personas." });
            var form = forms.For(TurnIntent.Named(KudosForm.Intent))!.Form!;
            // The playground's people picker: every other persona, by name.
            var others = personas.All.Where(p => p.Id != who.Id).Select(p => new CardChoice(p.Id, p.Name)).ToList();
            return Results.Ok(form with { Inputs = form.Inputs.Select(i => i.Kind == InputKind.People ? i with { Choices = others } : i).ToList() });
        });
        api.MapPost("/kudos", async (GiveKudos body, Personas personas, IConversationEngine engine, PeopleDirectory people, TimeProvider time,
            CancellationToken cancellationToken) =>
        {
            var who = personas.Find(body.Persona);
            if (who is null) return Results.BadRequest(new { error = "persona: unknown persona." });
            if (string.IsNullOrWhiteSpace(body.FormId) || body.FormId.Length > 100)
                return Results.BadRequest(new { error = "formId: send the id of the form being submitted." });
            if ((body.Message?.Length ?? 0) > RequestText.MaxLength) return Results.BadRequest(new { error = $"message: keep it under {RequestText.MaxLength} characters." });
            var picked = new List<Persona>();
            foreach (var id in body.People ?? [])
            {
                if (personas.Find(id) is not { } persona) return Results.BadRequest(new { error = $"people: no persona '{id}'." });
                if (!picked.Contains(persona)) picked.Add(persona);
            }

            var values = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [KudosForm.PeopleInput] = string.Join(',', picked.Select(p => p.Id)),
                [KudosForm.ValueInput] = body.Value ?? "",
                [KudosForm.MessageInput] = body.Message ?? "",
            };
            // The form and what it says are the delivery: a double click or a resent request gives once, while the same
            // form corrected after a refusal is a new submission.
            var content = string.Join('\n', values.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => $"{v.Key}={v.Value}"));
            var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)))[..16];
            var turn = new Turn($"kudos-form:{who.Id}:{body.FormId}:{digest}", who.ToPerson(), PlaygroundDirectChatOpener.DirectChatOf(who), ConversationScope.Personal,
                null, new TurnAction(KudosForm.Verb, values), time.GetUtcNow())
            {
                Mentions = picked.Select(p => new Mention(p.ToPerson(), p.Id)).ToList(),
            };
            await people.ObserveAsync(PlaygroundDirectChatOpener.Sighting(who), cancellationToken);
            var result = await engine.HandleAsync(turn, cancellationToken);
            return Results.Ok(new KudosAnswer(result.Outcome, result.Notice ?? (result.Outcome == TurnOutcome.Duplicate ? "That kudos was sent already." : null),
                result.Outcome == TurnOutcome.Refused ? KudosForm.FieldOf(result.Notice ?? "") : null));
        });
    }
}
