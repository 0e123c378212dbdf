using Microsoft.Extensions.Logging;
using Switchboard.Core.Conversations;
using Switchboard.Core.People;
using Switchboard.Core.Routing;
using Switchboard.Core.Storage;
using Switchboard.Core.Work;

namespace Switchboard.Core.Requests;

/// <summary>
/// Delivers what ticket changes left in <see cref="Ticket.Outbox"/>: posts team cards, repaints every copy of
/// the card from the ticket as stored, and sends the requester their card, receipt and notices.
/// </summary>
/// <remarks>
/// <para>Updates in place are repeated freely. A send that creates a message is made at most once: what it
/// produced is stored on the ticket before anything else is sent, so an attempt after a failure updates in
/// place instead of posting again; a send that got no answer (<see cref="DeliveryUncertainException"/>, a
/// timeout) may have arrived and is never repeated. A process that dies in the middle of a send leaves no
/// record of it, and that send is made again.</para>
/// <para>A send the platform refused stays in the outbox; the others go ahead, and the item fails afterwards
/// so the queue tries again with back-off and finally keeps it as a dead letter. Nothing fails silently.</para>
/// <para>One ticket is delivered by one run at a time. The queue holds a ticket's later items back; a delivery
/// that finds another run of its ticket still sending in this process (a lease ran out and the queue handed
/// the item over) leaves it to a new item a moment later; and a run stops starting sends after
/// <see cref="TicketOutboxOptions.MaxRunTime"/> and queues the rest, so it ends within its lease.</para>
/// </remarks>
public sealed partial class TicketOutboxDispatcher(
    ITicketStore tickets,
    IStateStore state,
    TeamDirectory teams,
    TeamChannels channels,
    TicketDisclosure disclosure,
    PlatformGateways gateways,
    TicketCards cards,
    DirectMessenger messenger,
    TicketTimers timers,
    IScheduler scheduler,
    IEnumerable<ITicketChangeObserver> observers,
    TicketOutbox outbox,
    TicketOutboxOptions options,
    TimeProvider time,
    ILogger<TicketOutboxDispatcher> logger) : IWorkHandler
{
    private const int MaxRecordAttempts = 10;
    private static readonly TimeSpan BusyRetryDelay = TimeSpan.FromSeconds(1);

    // The delivery runs read these; a nested class cannot see primary-constructor parameters.
    private readonly ITicketStore _tickets = tickets;
    private readonly IStateStore _state = state;
    private readonly TeamDirectory _teams = teams;
    private readonly TeamChannels _channels = channels;
    private readonly TicketDisclosure _disclosure = disclosure;
    private readonly PlatformGateways _gateways = gateways;
    private readonly TicketCards _cards = cards;
    private readonly DirectMessenger _messenger = messenger;
    private readonly TicketTimers _timers = timers;
    private readonly IScheduler _scheduler = scheduler;
    private readonly TicketOutbox _outbox = outbox;
    private readonly TicketOutboxOptions _options = options;
    private readonly TimeProvider _time = time;
    private readonly Dictionary<TicketNumber, TicketGate> _gates = [];
    private readonly Lock _gatesLock = new();

    /// <inheritdoc />
    public string Queue => TicketOutbox.QueueName;

    /// <inheritdoc />
    public async Task HandleAsync(WorkLease delivery, CancellationToken cancellationToken)
    {
        if (!TicketOutbox.TryParse(delivery.Item.Payload, out var number, out _))
            throw new FormatException($"Outbox item {delivery.Item.Id} does not name a ticket and version.");
        var gate = EnterGate(number);
        try
        {
            // A run of this ticket is still sending here (its lease ran out, so the queue handed the item over):
            // try again shortly rather than hold a worker waiting, or run beside it and send twice.
            if (!await gate.Semaphore.WaitAsync(TimeSpan.Zero, cancellationToken))
            {
                await _outbox.EnqueueLaterAsync(number, _time.GetUtcNow() + BusyRetryDelay, cancellationToken);
                return;
            }
            try
            {
                var ticket = await _tickets.GetAsync(number, cancellationToken);
                if (ticket is null) return;
                if (ticket.Outbox.Count > 0) await new Run(this, ticket, cancellationToken).DeliverAsync();
                // Other modules follow up once the change is out (auto-assignment, home pages); a failure retries the item,
                // which finds the effects delivered and asks the observers again.
                foreach (var observer in observers) await observer.TicketChangedAsync(ticket, cancellationToken);
            }
            finally
            {
                gate.Semaphore.Release();
            }
        }
        finally
        {
            LeaveGate(number, gate);
        }
    }

    private TicketGate EnterGate(TicketNumber number)
    {
        lock (_gatesLock)
        {
            if (!_gates.TryGetValue(number, out var gate)) _gates[number] = gate = new TicketGate();
            gate.Users++;
            return gate;
        }
    }

    private void LeaveGate(TicketNumber number, TicketGate gate)
    {
        lock (_gatesLock)
        {
            if (--gate.Users > 0) return;
            _gates.Remove(number);
            gate.Semaphore.Dispose();
        }
    }

    // The line that goes with a team card (notification text, Slack fallback), kept on every update.
    private static string TeamCardText(Ticket ticket) => $"Request {ticket.Number} from {ticket.Requester.Name}";

    private async Task<OutboundMessage> ClosedCardAsync(MessageRef card, Ticket ticket, TicketEffect closing, CancellationToken cancellationToken)
    {
        var left = ticket with { TeamId = closing.TeamId!, Assignee = null };
        var content = await _disclosure.TeamCardAsync(left, card.Address, cancellationToken) with
        {
            Actions = [],
            Subtitle = $"Moved to {_teams.Get(closing.MovedTo!).Name}",
            Accent = CardAccent.Muted,
        };
        return new OutboundMessage(card.Address, TeamCardText(left), content);
    }

    private async Task<string> ThreadNoteTextAsync(MessageRef card, Ticket ticket, TicketEffect note, CancellationToken cancellationToken)
    {
        // Information the requester added is the request's text, so it stays out of places that may not show it.
        if (note.About != TicketEventKind.InfoAdded && note.Redacted is null) return note.Text!;
        var hide = !TicketDisclosure.ShowsDetails(ticket, await _disclosure.PlaceAsync(ticket, card.Address, ConversationScope.Channel, cancellationToken));
        if (!hide) return note.Text!;
        return note.Redacted ?? $"{ticket.Requester.Name} added information to {ticket.Number} (hidden here: confidential).";
    }

    private static string ReceiptText(Ticket ticket, ServiceTeam team, int channelCount) => channelCount == 0
        ? $"Filed {ticket.Number} for {team.Name}. {team.Name} has no channel connected yet, so an admin will route it to them."
        : $"Filed {ticket.Number} with {team.Name}. I'll tell you here when something changes.";

    [LoggerMessage(Level = LogLevel.Warning, Message = "A direct message about {Ticket} could not reach {Person}: {Outcome}")]
    private partial void LogUnreachable(string ticket, string person, DirectMessageOutcome outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending {Effect} of {Ticket} got no answer; it may have arrived, so it is not sent again ({ErrorType})")]
    private partial void LogUncertain(string ticket, TicketEffectKind effect, string errorType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivering {Effect} of {Ticket} failed ({ErrorType}); it will be tried again")]
    private partial void LogFailed(string ticket, TicketEffectKind effect, string errorType);

    /// <summary>One delivery of one ticket's outbox: what was done is recorded on the ticket as it goes.</summary>
    private sealed class Run(TicketOutboxDispatcher owner, Ticket ticket, CancellationToken cancellationToken)
    {
        private readonly IReadOnlyList<TicketEffect> _effects = ticket.Outbox;
        private readonly HashSet<string> _seen = ticket.Outbox.Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
        private readonly HashSet<string> _finished = new(StringComparer.Ordinal);
        private readonly Dictionary<string, List<string>> _targetsDone = new(StringComparer.Ordinal);
        private readonly List<(string TeamId, MessageRef Card)> _posted = [];
        private readonly HashSet<string> _painted = new(StringComparer.Ordinal);
        private readonly List<Exception> _failures = [];
        private readonly long _started = owner._time.GetTimestamp();
        private Dictionary<string, IReadOnlyList<TeamChannel>>? _channels;
        private MessageRef? _requesterCard;
        private MessageRef? _surveyCard;
        private DateTimeOffset? _surveySentAt;
        private IReadOnlyList<TicketTimer>? _timersNow;
        private bool _unrecorded;
        private Ticket _current = ticket;

        private string Number => _current.Number.ToString();

        public async Task DeliverAsync()
        {
            var outOfTime = false;
            try
            {
                foreach (var closing in Of(TicketEffectKind.CloseTeamCards)) await CloseAsync(closing);
                foreach (var posting in Of(TicketEffectKind.PostTeamCards)) await PostTeamCardsAsync(posting);
                if (Of(TicketEffectKind.Repaint).ToList() is { Count: > 0 } repaints) await RepaintAsync(repaints);
                foreach (var card in Of(TicketEffectKind.RequesterCard)) await SendRequesterCardAsync(card);
                foreach (var note in Of(TicketEffectKind.ThreadNote)) await PostThreadNoteAsync(note);
                foreach (var notice in _effects.Where(e => e.Kind is TicketEffectKind.Receipt or TicketEffectKind.Notice)) await SendNoticeAsync(notice);
                foreach (var survey in Of(TicketEffectKind.Survey)) await SendSurveyAsync(survey);
                foreach (var update in Of(TicketEffectKind.SurveyUpdate)) await UpdateSurveyAsync(update);
                foreach (var note in Of(TicketEffectKind.PersonNote)) await SendPersonNoteAsync(note);
                if (Of(TicketEffectKind.Timers).ToList() is { Count: > 0 } schedules) await ScheduleAsync(schedules);
            }
            catch (RunOutOfTimeException)
            {
                outOfTime = true;
            }
            finally
            {
                // What was sent is recorded even when shutdown interrupts the rest, so it is not sent again.
                await RecordAsync(CancellationToken.None);
            }
            if (_failures.Count > 0)
                throw new AggregateException($"{_failures.Count} of {Number}'s deliveries failed; they will be tried again.", _failures);
            // The rest goes to a new item (its id, the version just recorded, is new), which waits behind this one.
            if (outOfTime) await owner._outbox.EnqueueAsync(_current.Number, _current.Version, cancellationToken);
        }

        private void ThrowIfOutOfTime()
        {
            if (owner._time.GetElapsedTime(_started) > owner._options.MaxRunTime) throw new RunOutOfTimeException();
        }

        private IEnumerable<TicketEffect> Of(TicketEffectKind kind) => _effects.Where(e => e.Kind == kind);

        private async Task CloseAsync(TicketEffect closing)
        {
            var closed = true;
            foreach (var card in closing.Cards)
            {
                var message = await owner.ClosedCardAsync(card, _current, closing, cancellationToken);
                if (!await UpdateAsync(closing, card, message))
                {
                    closed = false;
                    continue;
                }
                // The team it left hears who moved it where, and why, in the card's thread (once).
                if (closing.Text is null || closing.Done.Contains(card.MessageId)) continue;
                var left = _current with { TeamId = closing.TeamId! };
                var place = await owner._disclosure.PlaceAsync(left, card.Address, ConversationScope.Channel, cancellationToken);
                var text = TicketDisclosure.ShowsDetails(left, place) ? closing.Text : closing.Redacted ?? closing.Text;
                var sent = await SendAsync(closing, new OutboundMessage(card.Address, text));
                if (sent.Outcome == SendOutcome.Failed) closed = false;
                else MarkDone(closing, card.MessageId);
            }
            if (closed) Finish(closing);
        }

        private async Task PostTeamCardsAsync(TicketEffect posting)
        {
            var teamId = posting.TeamId!;
            // Moved on since: the move posts cards for the new team and closes these.
            if (!string.Equals(_current.TeamId, teamId, StringComparison.Ordinal))
            {
                Finish(posting);
                return;
            }
            var complete = true;
            foreach (var channel in await ChannelsAsync(teamId))
            {
                var key = channel.Address.Key;
                if (posting.Done.Contains(key)) continue;
                var card = _current.TeamCards.Concat(_posted.Select(p => p.Card)).FirstOrDefault(c => c.Address.Key == key);
                if (card is null)
                {
                    var content = await owner._disclosure.TeamCardAsync(_current, channel.Address, cancellationToken);
                    var sent = await SendAsync(posting, new OutboundMessage(channel.Address, TeamCardText(_current), content));
                    if (sent.Message is { } posted) _posted.Add((teamId, card = posted));
                    if (sent.Outcome == SendOutcome.Uncertain) MarkDone(posting, key);
                }
                // Remember which ticket the card's thread belongs to, so agents can talk to the requester there.
                if (card is not null && (card.Address.ThreadId is null || await TryIndexThreadAsync(posting, card))) MarkDone(posting, key);
                complete &= _targetsDone.GetValueOrDefault(posting.Id)?.Contains(key) == true;
                await RecordAsync(cancellationToken);
            }
            if (complete) Finish(posting);
        }

        private async Task<bool> TryIndexThreadAsync(TicketEffect posting, MessageRef card)
        {
            try
            {
                await owner._state.TryWriteAsync(TicketService.ThreadKey(card.Address), _current.Number.ToString(), StateEntry.AnyETag, StateLifetimes.TicketThread, cancellationToken);
                return true;
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                Fail(posting, e);
                return false;
            }
        }

        // Cards show the ticket as stored. The clicked card the platform refreshed from the answer to the click
        // (the newest repaint's) is left alone; any other repaint finishing later clears that mark (see Apply).
        private async Task RepaintAsync(IReadOnlyList<TicketEffect> repaints)
        {
            var answered = repaints[^1].Answered?.MessageId;
            // Cards this run posted already show the ticket as stored (they are on it: posting records them).
            var posted = _posted.Select(p => p.Card.MessageId).ToHashSet(StringComparer.Ordinal);
            var painted = true;
            foreach (var card in _current.TeamCards)
            {
                if (card.MessageId == answered || posted.Contains(card.MessageId)) continue;
                var content = await owner._disclosure.TeamCardAsync(_current, card.Address, cancellationToken);
                painted &= await UpdateAsync(repaints[^1], card, new OutboundMessage(card.Address, TeamCardText(_current), content));
            }
            if (_current.RequesterCard is { } requesterCard && requesterCard.MessageId != answered)
                painted &= await UpdateAsync(repaints[^1], requesterCard, new OutboundMessage(requesterCard.Address, null, owner._disclosure.RequesterCard(_current)));
            if (!painted) return;
            foreach (var repaint in repaints) Finish(repaint);
        }

        private async Task SendRequesterCardAsync(TicketEffect effect)
        {
            if (_current.RequesterCard is not null || _requesterCard is not null)
            {
                Finish(effect);
                return;
            }
            var sent = await SendAsync(effect, new OutboundMessage(_current.RequesterAddress, null, owner._disclosure.RequesterCard(_current)));
            if (sent.Outcome == SendOutcome.Failed) return;
            _requesterCard = sent.Message;
            Finish(effect);
            await RecordAsync(cancellationToken);
        }

        private async Task PostThreadNoteAsync(TicketEffect note)
        {
            if (!string.Equals(_current.TeamId, note.TeamId, StringComparison.Ordinal))
            {
                Finish(note);
                return;
            }
            var complete = true;
            foreach (var card in _current.TeamCards.Concat(_posted.Where(p => p.TeamId == note.TeamId).Select(p => p.Card)).DistinctBy(c => c.MessageId))
            {
                if (note.Done.Contains(card.MessageId)) continue;
                var text = await owner.ThreadNoteTextAsync(card, _current, note, cancellationToken);
                var sent = await SendAsync(note, new OutboundMessage(card.Address, text));
                if (sent.Outcome == SendOutcome.Failed)
                {
                    complete = false;
                    continue;
                }
                MarkDone(note, card.MessageId);
                await RecordAsync(cancellationToken);
            }
            if (complete) Finish(note);
        }

        private async Task SendNoticeAsync(TicketEffect notice)
        {
            var text = notice.Kind == TicketEffectKind.Receipt
                ? ReceiptText(_current, owner._teams.Get(_current.TeamId), (await ChannelsAsync(_current.TeamId)).Count)
                : notice.Text!;
            // A question from the team carries a Reply button, where the requester's copy may show the question.
            var card = notice.ReplyButton && TicketDisclosure.ShowsDetails(_current, TicketDisclosure.RequesterPlace(_current))
                ? owner._cards.Question(_current, text)
                : null;
            var sent = await SendAsync(notice, new OutboundMessage(_current.RequesterAddress, card is null ? text : text.Split('\n')[0], card));
            if (sent.Outcome == SendOutcome.Failed) return;
            Finish(notice);
            await RecordAsync(cancellationToken);
        }

        // The survey is hers alone: in her direct chat with the bot, never in the channel she may have asked in.
        private async Task SendSurveyAsync(TicketEffect effect)
        {
            if (_current.Survey is not { State: SurveyState.Pending, Card: null } survey || _surveyCard is not null)
            {
                Finish(effect);
                return;
            }
            var card = owner._cards.Survey(_current);
            var text = $"{_current.Number} is resolved. Did this fix it?";
            if (_current.RequesterScope == ConversationScope.Personal)
            {
                var sent = await SendAsync(effect, new OutboundMessage(_current.RequesterAddress, text, card));
                if (sent.Outcome == SendOutcome.Failed) return;
                _surveyCard = sent.Message;
            }
            else
            {
                var direct = await TryAsync(effect, () => owner._messenger.SendAsync(_current.Requester, text, card, cancellationToken));
                if (direct is null) return;
                _surveyCard = direct.Message;
                // Out of reach in a direct chat: she still hears it is resolved where she asked, as far as may be said there.
                if (!direct.Sent)
                {
                    var notice = TicketDisclosure.RequesterNotice(_current, $"{_current.Number} is resolved: {_current.Resolution}\nNot fixed? Reply \"reopen {_current.Number}\".");
                    if ((await SendAsync(effect, new OutboundMessage(_current.RequesterAddress, notice))).Outcome == SendOutcome.Failed) return;
                }
            }
            _surveySentAt = survey.SentAt;
            Finish(effect);
            await RecordAsync(cancellationToken);
        }

        private async Task UpdateSurveyAsync(TicketEffect effect)
        {
            if (_current.Survey?.Card is { } card && !await UpdateAsync(effect, card, new OutboundMessage(card.Address, null, owner._cards.Survey(_current)))) return;
            Finish(effect);
        }

        private async Task SendPersonNoteAsync(TicketEffect note)
        {
            var card = note.FollowUp ? owner._cards.FollowUp(_current, note.Text!) : null;
            var sent = await TryAsync(note, () => owner._messenger.SendAsync(note.To!, card is null ? note.Text : $"Low rating on {_current.Number}", card, cancellationToken));
            if (sent is null) return;
            if (!sent.Sent) owner.LogUnreachable(Number, note.To!.Key, sent.Outcome);
            Finish(note);
            await RecordAsync(cancellationToken);
        }

        // The scheduler is told only what changed since the ticket's timers were last given to it.
        private async Task ScheduleAsync(IReadOnlyList<TicketEffect> schedules)
        {
            var desired = owner._timers.Desired(_current);
            var scheduled = _current.Timers;
            try
            {
                foreach (var timer in desired.Where(t => !scheduled.Contains(t)))
                    await owner._scheduler.ScheduleAsync(new ScheduledJob(timer.Id, timer.Kind, _current.Number.ToString(), timer.DueAt), cancellationToken);
                foreach (var timer in scheduled.Where(t => desired.All(d => d.Id != t.Id)))
                    await owner._scheduler.CancelAsync(timer.Id, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                Fail(schedules[^1], e);
                return;
            }
            _timersNow = desired;
            foreach (var schedule in schedules) Finish(schedule);
        }

        // A direct message is sent at most once, like any other send: one that got no answer may have arrived.
        private async Task<DirectMessageResult?> TryAsync(TicketEffect effect, Func<Task<DirectMessageResult>> send)
        {
            try
            {
                var result = await send();
                _unrecorded = true;
                return result;
            }
            catch (Exception e) when (IsUnanswered(e))
            {
                owner.LogUncertain(Number, effect.Kind, e.GetType().Name);
                _unrecorded = true;
                return new DirectMessageResult(DirectMessageOutcome.Sent);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                Fail(effect, e);
                return null;
            }
        }

        private async Task<IReadOnlyList<TeamChannel>> ChannelsAsync(string teamId)
        {
            _channels ??= new(StringComparer.Ordinal);
            if (!_channels.TryGetValue(teamId, out var found))
                _channels[teamId] = found = await owner._channels.ForTeamAsync(teamId, cancellationToken);
            return found;
        }

        /// <summary>Sends a message that creates something on the platform: never twice (see the class remarks).</summary>
        private async Task<Sent> SendAsync(TicketEffect effect, OutboundMessage message)
        {
            ThrowIfOutOfTime();
            try
            {
                var sent = await owner._gateways.SendAsync(message, cancellationToken);
                _unrecorded = true;
                return new Sent(SendOutcome.Delivered, sent);
            }
            catch (Exception e) when (IsUnanswered(e))
            {
                owner.LogUncertain(Number, effect.Kind, e.GetType().Name);
                _unrecorded = true;
                return new Sent(SendOutcome.Uncertain, null);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                Fail(effect, e);
                return new Sent(SendOutcome.Failed, null);
            }
        }

        private async Task<bool> UpdateAsync(TicketEffect effect, MessageRef card, OutboundMessage message)
        {
            ThrowIfOutOfTime();
            try
            {
                await owner._gateways.UpdateAsync(card, message, cancellationToken);
                _painted.Add(card.MessageId);
                return true;
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                Fail(effect, e);
                return false;
            }
        }

        // A send that timed out, or whose connection dropped after it went, may have reached the platform.
        private bool IsUnanswered(Exception e) =>
            e is DeliveryUncertainException or TimeoutException ||
            (e is OperationCanceledException && !cancellationToken.IsCancellationRequested);

        private void Fail(TicketEffect effect, Exception e)
        {
            owner.LogFailed(Number, effect.Kind, e.GetType().Name);
            _failures.Add(e);
        }

        private void Finish(TicketEffect effect)
        {
            _finished.Add(effect.Id);
            _unrecorded = true;
        }

        private void MarkDone(TicketEffect effect, string target)
        {
            if (!_targetsDone.TryGetValue(effect.Id, out var targets)) _targetsDone[effect.Id] = targets = [];
            targets.Add(target);
            _unrecorded = true;
        }

        /// <summary>Stores what this run did so far, merged into the ticket as it is now (changes may have come in).</summary>
        private async Task RecordAsync(CancellationToken token)
        {
            if (!_unrecorded) return;
            for (var attempt = 0; attempt < MaxRecordAttempts; attempt++)
            {
                var stored = await owner._tickets.TryUpdateAsync(Apply(_current), token);
                if (stored is not null)
                {
                    _current = stored;
                    _unrecorded = false;
                    return;
                }
                _current = await owner._tickets.GetAsync(_current.Number, token)
                           ?? throw new InvalidOperationException($"{Number} disappeared while its outbox was delivered.");
            }
            throw new StateConflictException(Number);
        }

        private Ticket Apply(Ticket latest)
        {
            var outbox = new List<TicketEffect>(latest.Outbox.Count);
            var teamCards = latest.TeamCards.ToList();
            foreach (var effect in latest.Outbox)
            {
                if (_finished.Contains(effect.Id)) continue;
                var kept = effect;
                if (_targetsDone.TryGetValue(effect.Id, out var targets))
                    kept = kept with { Done = [.. kept.Done.Union(targets, StringComparer.Ordinal)] };
                // A later change answered its click with a fresh card, but a repaint of that card by this run may
                // have landed after the answer: paint it once more.
                if (!_seen.Contains(effect.Id) && kept.Answered is { } answered && _painted.Contains(answered.MessageId))
                    kept = kept with { Answered = null };
                outbox.Add(kept);
            }
            foreach (var (teamId, card) in _posted)
            {
                if (teamCards.Any(c => c.MessageId == card.MessageId)) continue;
                if (string.Equals(latest.TeamId, teamId, StringComparison.Ordinal)) teamCards.Add(card);
                // Moved while the card was being posted: close it like the team's other cards.
                else if (!outbox.Any(e => e.Kind == TicketEffectKind.CloseTeamCards && e.Cards.Any(c => c.MessageId == card.MessageId)))
                    outbox.Add(new TicketEffect($"{latest.Version}.closing-{card.MessageId}", TicketEffectKind.CloseTeamCards)
                    {
                        TeamId = teamId,
                        MovedTo = latest.TeamId,
                        Cards = [card],
                    });
            }
            return latest with
            {
                Outbox = outbox,
                TeamCards = teamCards,
                RequesterCard = latest.RequesterCard ?? _requesterCard,
                Survey = latest.Survey is { Card: null } survey && survey.SentAt == _surveySentAt ? survey with { Card = _surveyCard } : latest.Survey,
                Timers = _timersNow ?? latest.Timers,
            };
        }
    }

    private sealed class TicketGate
    {
        public SemaphoreSlim Semaphore { get; } = new(1, 1);

        public int Users { get; set; }
    }

    /// <summary>A run used up <see cref="TicketOutboxOptions.MaxRunTime"/>: it stops starting sends.</summary>
    private sealed class RunOutOfTimeException : Exception;

    private enum SendOutcome
    {
        Delivered,
        Uncertain,
        Failed,
    }

    private sealed record Sent(SendOutcome Outcome, MessageRef? Message);
}
