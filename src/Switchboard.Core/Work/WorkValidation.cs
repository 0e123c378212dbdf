using System.Buffers;

namespace Switchboard.Core.Work;

/// <summary>The argument checks every queue and scheduler implementation applies alike.</summary>
public static class WorkValidation
{
    private static readonly SearchValues<char> QueueNameCharacters =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.");

    /// <summary>Throws unless <paramref name="queue"/> is 1–100 letters, digits, '-', '_' or '.' (it becomes part of storage keys).</summary>
    public static void Queue(string queue)
    {
        ArgumentException.ThrowIfNullOrEmpty(queue);
        if (queue.Length > 100 || queue.AsSpan().ContainsAnyExcept(QueueNameCharacters))
            throw new ArgumentException($"Queue name '{queue}' must be 1-100 letters, digits, '-', '_' or '.'.", nameof(queue));
    }

    /// <summary>Throws unless the item has an id and an ordering key.</summary>
    public static void Item(WorkItem item)
    {
        ArgumentException.ThrowIfNullOrEmpty(item.Id, nameof(item));
        ArgumentException.ThrowIfNullOrEmpty(item.OrderingKey, nameof(item));
        ArgumentNullException.ThrowIfNull(item.Payload, nameof(item));
    }

    /// <summary>Throws unless the job has an id and a kind.</summary>
    public static void Job(ScheduledJob job)
    {
        ArgumentException.ThrowIfNullOrEmpty(job.Id, nameof(job));
        ArgumentException.ThrowIfNullOrEmpty(job.Kind, nameof(job));
        ArgumentNullException.ThrowIfNull(job.Payload, nameof(job));
    }
}
