using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Switchboard.Core.Answers;
using Switchboard.Core.Conversations;

namespace Switchboard.Bench.Scenarios;

/// <summary>
/// Files a request through the playground API as the page does: an employee writes in their direct chat,
/// reads the conversation to find the confirmation card, and clicks its Submit button. When the team has
/// saved answers that may fit, the answers card comes first, as it does for a person: the bench clicks
/// "I still need help" on it and reads the conversation again, where the same message now shows the
/// confirmation card. One operation is the whole filing (three HTTP calls, five when answers were offered).
/// Each persona belongs to one worker, so no two filings share a draft; the load is spread over every
/// persona the host offers.
/// </summary>
public sealed class FileRequestScenario(HttpClient http, Workload workload) : IScenario
{
    private IReadOnlyList<string> _personas = [];
    private string[][] _owned = [];
    private long[] _next = [];

    public string Name => "file-request";
    public string Baseline => "baseline";
    public string Operation => "POST message + GET conversation (+ POST \"I still need help\" + GET) + POST Submit (one filing)";

    /// <summary>At most one worker per persona; worker w owns personas w, w + workers, ...</summary>
    public int Workers(int requested)
    {
        var workers = Math.Min(requested, _personas.Count);
        _owned = Enumerable.Range(0, workers)
            .Select(w => _personas.Where((_, i) => i % workers == w).ToArray())
            .ToArray();
        _next = new long[workers];
        return workers;
    }

    public async Task SetupAsync(CancellationToken cancellationToken)
    {
        var personas = await http.GetFromJsonAsync<JsonArray>("/api/playground/personas", cancellationToken)
                       ?? throw new BenchFailure("GET /api/playground/personas returned nothing.");
        _personas = personas.Select(p => (string?)p?["id"]).OfType<string>().ToList();
        if (_personas.Count == 0) throw new BenchFailure("The playground has no personas; is the host running in Development?");
    }

    public async Task RunOnceAsync(int worker, CancellationToken cancellationToken)
    {
        var owned = _owned[worker];
        var turn = _next[worker]++;
        var persona = owned[turn % owned.Length];
        var text = workload.FilingTexts[(int)((turn + worker) % workload.FilingTexts.Count)];
        var conversationId = "dm:" + persona;

        using (var said = await http.PostAsJsonAsync("/api/playground/messages",
                   new { persona, conversationId, threadId = (string?)null, text }, cancellationToken))
            await ExpectHandledAsync(said, cancellationToken);

        // At most one answers card comes before the confirmation card.
        for (var step = 0; step < 2; step++)
        {
            var conversation = await http.GetFromJsonAsync<JsonObject>(
                $"/api/playground/conversations/{Uri.EscapeDataString(conversationId)}/messages?persona={Uri.EscapeDataString(persona)}", cancellationToken)
                ?? throw new BenchFailure("The conversation came back empty.");
            var (message, action) = NewestCardAction(conversation)
                                    ?? throw new BenchFailure($"No card with a Submit or \"I still need help\" button in {conversationId} after writing a request.");
            await ClickAsync(persona, message, action, cancellationToken);
            if ((string?)action["verb"] == Verbs.IntakeSubmit) return;
        }
        throw new BenchFailure($"No Submit button in {conversationId} after \"I still need help\".");
    }

    private async Task ClickAsync(string persona, JsonObject message, JsonObject action, CancellationToken cancellationToken)
    {
        var values = new Dictionary<string, string>();
        foreach (var (key, value) in action["data"]?.AsObject() ?? []) values[key] = (string?)value ?? "";
        foreach (var input in message["card"]?["inputs"]?.AsArray().OfType<JsonObject>() ?? [])
            if (input["value"] is { } v && (string?)input["id"] is { } id) values[id] = (string?)v ?? "";
        using var clicked = await http.PostAsJsonAsync("/api/playground/actions",
            new { persona, messageId = (string?)message["id"], verb = (string?)action["verb"], values }, cancellationToken);
        await ExpectHandledAsync(clicked, cancellationToken);
    }

    /// <summary>The newest card's Submit, or its "I still need help" when it offers answers first.</summary>
    private static (JsonObject Message, JsonObject Action)? NewestCardAction(JsonObject conversation)
    {
        var messages = conversation["messages"]?.AsArray() ?? [];
        for (var i = messages.Count - 1; i >= 0; i--)
        {
            if (messages[i] is not JsonObject message || message["card"] is not JsonObject card) continue;
            var actions = card["actions"]?.AsArray().OfType<JsonObject>().ToList() ?? [];
            var action = actions.FirstOrDefault(a => (string?)a["verb"] == Verbs.IntakeSubmit)
                         ?? actions.FirstOrDefault(a => (string?)a["verb"] == AnswerVerbs.NeedHelp);
            if (action is not null) return (message, action);
        }
        return null;
    }

    private static async Task ExpectHandledAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode) await HttpChecks.EnsureOkAsync(response, cancellationToken);
        var answer = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken);
        var outcome = (string?)answer?["outcome"];
        if (outcome != "Handled")
            throw new BenchFailure($"{response.RequestMessage?.RequestUri?.AbsolutePath} answered {outcome ?? "nothing"}: {(string?)answer?["notice"]}");
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
