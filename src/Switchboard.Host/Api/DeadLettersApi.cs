using Microsoft.AspNetCore.Mvc;
using Switchboard.Core.Work;

namespace Switchboard.Host.Api;

public static class DeadLettersApi
{
    private const int DefaultMax = 100;
    private const int MostMax = 1000;

    /// <summary>One dead letter: the item as enqueued (its payload may quote what people wrote: admins only), and why it died.</summary>
    public sealed record DeadLetterView(string Id, string ItemId, string OrderingKey, int Attempts, string Error, DateTimeOffset DeadAt, string Payload);

    /// <summary>A queue's dead letters, oldest first: how many there are and the first <c>max</c> of them.</summary>
    public sealed record QueueDeadLetters(string Queue, long Count, IReadOnlyList<DeadLetterView> DeadLetters);

    /// <summary>
    /// <c>GET /api/admin/dead-letters[?queue=..&amp;max=..]</c>: the dead letters of every queue this host consumes;
    /// <c>POST /api/admin/dead-letters/{queue}/{id}/requeue</c> puts one back on its queue (attempts start again);
    /// <c>DELETE /api/admin/dead-letters/{queue}/{id}</c> drops one for good. Admin key required.
    /// </summary>
    public static IEndpointRouteBuilder MapDeadLetters(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/admin/dead-letters").AddEndpointFilter<AdminKeyFilter>();

        group.MapGet("", async (string? queue, int? max, IWorkQueue work, [FromServices] IEnumerable<IWorkHandler> handlers, CancellationToken cancellationToken) =>
        {
            var queues = Queues(handlers);
            if (queue is not null && !queues.Contains(queue)) return UnknownQueue(queue, queues);
            if (max is < 1 or > MostMax) return Results.BadRequest(new { error = $"max must be between 1 and {MostMax}." });

            var listed = new List<QueueDeadLetters>();
            foreach (var name in queue is null ? queues : [queue])
            {
                var stats = await work.GetStatsAsync(name, cancellationToken);
                var dead = await work.ListDeadLettersAsync(name, max ?? DefaultMax, cancellationToken);
                listed.Add(new QueueDeadLetters(name, stats.DeadLetters,
                    dead.Select(d => new DeadLetterView(d.Id, d.Item.Id, d.Item.OrderingKey, d.Attempts, d.Error, d.DeadAt, d.Item.Payload)).ToList()));
            }
            return Results.Ok(listed);
        });

        group.MapPost("/{queue}/{id}/requeue", async (string queue, string id, IWorkQueue work, [FromServices] IEnumerable<IWorkHandler> handlers, CancellationToken cancellationToken) =>
        {
            var queues = Queues(handlers);
            if (!queues.Contains(queue)) return UnknownQueue(queue, queues);
            return await work.RequeueDeadLetterAsync(queue, id, cancellationToken) ? Results.NoContent() : NoSuchDeadLetter(queue, id);
        });

        group.MapDelete("/{queue}/{id}", async (string queue, string id, IWorkQueue work, [FromServices] IEnumerable<IWorkHandler> handlers, CancellationToken cancellationToken) =>
        {
            var queues = Queues(handlers);
            if (!queues.Contains(queue)) return UnknownQueue(queue, queues);
            return await work.DeleteDeadLetterAsync(queue, id, cancellationToken) ? Results.NoContent() : NoSuchDeadLetter(queue, id);
        });

        return app;
    }

    // Only queues someone consumes: a name from the URL never becomes a storage key for a queue that doesn't exist.
    private static SortedSet<string> Queues([FromServices] IEnumerable<IWorkHandler> handlers) => new(handlers.Select(h => h.Queue), StringComparer.Ordinal);

    private static IResult UnknownQueue(string queue, IEnumerable<string> queues) =>
        Results.NotFound(new { error = $"No queue '{queue}' is consumed here. Queues: {string.Join(", ", queues)}." });

    private static IResult NoSuchDeadLetter(string queue, string id) =>
        Results.NotFound(new { error = $"Queue '{queue}' has no dead letter '{id}'." });
}
