using System.Collections.Concurrent;

namespace Switchboard.Slack.Processing;

/// <summary>
/// Modal submissions waiting in their HTTP request for the queued turn to finish, so that a refusal can be shown
/// on the form (Slack's <c>response_action: errors</c>) instead of in a message. Only a turn run on this instance
/// within the request's budget can be shown there; otherwise the handler delivers the notice as usual.
/// </summary>
internal sealed class SlackSubmissionWaiters
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<string?>> _waiting = new(StringComparer.Ordinal);

    /// <summary>
    /// Starts waiting for <paramref name="deliveryId"/>; call before enqueueing it. Dispose the result when the
    /// request no longer waits.
    /// </summary>
    public Waiter Register(string deliveryId)
    {
        var waiter = new Waiter(this, deliveryId);
        _waiting[deliveryId] = waiter.Source;
        return waiter;
    }

    /// <summary>Hands a refusal to the waiting request; false when none waits any more (the caller then delivers it).</summary>
    public bool TryShowOnForm(string deliveryId, string notice) =>
        _waiting.TryRemove(deliveryId, out var source) && source.TrySetResult(notice);

    /// <summary>Tells a waiting request, if any, that the turn finished with nothing to show on the form.</summary>
    public void Finished(string deliveryId)
    {
        if (_waiting.TryRemove(deliveryId, out var source)) source.TrySetResult(null);
    }

    /// <summary>A request waiting for its submission's turn.</summary>
    public sealed class Waiter(SlackSubmissionWaiters owner, string deliveryId) : IDisposable
    {
        internal TaskCompletionSource<string?> Source { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>
        /// The refusal to show on the form, null when the turn finished without one, or TimedOut when
        /// the budget ran out first (the turn then goes on in the background and reports on its own).
        /// </summary>
        public async Task<(bool TimedOut, string? Notice)> WaitAsync(TimeSpan budget, TimeProvider time, CancellationToken cancellationToken)
        {
            try
            {
                return (false, await Source.Task.WaitAsync(budget, time, cancellationToken));
            }
            catch (TimeoutException)
            {
                // Whoever settles the source first wins: a refusal handed over at the last moment is still shown.
                return Source.TrySetCanceled() ? (true, null) : (false, await Source.Task);
            }
        }

        public void Dispose()
        {
            owner._waiting.TryRemove(KeyValuePair.Create(deliveryId, Source));
            Source.TrySetCanceled();
        }
    }
}
