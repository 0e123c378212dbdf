using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Switchboard.Host.Playground;

/// <summary>
/// The host's clock in Development with the playground on: the real time plus an offset a person can move
/// forward from the page, so SLA reminders, escalations and survey expiry can be tried by hand. Timers and
/// stopwatches still run in real time; only "now" moves, which is what due times are compared with.
/// </summary>
public sealed class PlaygroundClock(TimeProvider real) : TimeProvider
{
    /// <summary>The longest single step: far enough for a survey's expiry, short enough to be a typo's limit.</summary>
    public static readonly TimeSpan MaxStep = TimeSpan.FromDays(31);

    private long _offsetTicks;

    /// <summary>How far ahead of the real time the clock is.</summary>
    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => real.GetUtcNow() + Offset;

    /// <inheritdoc />
    public override TimeZoneInfo LocalTimeZone => real.LocalTimeZone;

    /// <inheritdoc />
    public override long GetTimestamp() => real.GetTimestamp();

    /// <inheritdoc />
    public override long TimestampFrequency => real.TimestampFrequency;

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        real.CreateTimer(callback, state, dueTime, period);

    /// <summary>Moves the clock forward by <paramref name="step"/> (the clock never goes back, except by <see cref="Reset"/>).</summary>
    public void Advance(TimeSpan step)
    {
        if (step <= TimeSpan.Zero || step > MaxStep)
            throw new ArgumentOutOfRangeException(nameof(step), step, $"Move the clock forward by more than zero and at most {MaxStep.TotalDays:0} days.");
        Interlocked.Add(ref _offsetTicks, step.Ticks);
    }

    /// <summary>Back to the real time. Jobs already run stay run.</summary>
    public void Reset() => Interlocked.Exchange(ref _offsetTicks, 0);
}

/// <summary>The Development-only clock control of the playground: <c>GET/POST /api/playground/clock</c>.</summary>
public static class PlaygroundClockApi
{
    public sealed record ClockChange(string? Advance, bool? Reset);

    /// <summary>In Development, makes the playground's clock the host's clock.</summary>
    public static void AddPlaygroundClock(this IHostApplicationBuilder builder)
    {
        if (!builder.Environment.IsDevelopment()) return;
        builder.Services.AddSingleton(new PlaygroundClock(TimeProvider.System));
        builder.Services.Replace(ServiceDescriptor.Singleton<TimeProvider>(sp => sp.GetRequiredService<PlaygroundClock>()));
    }

    public static void MapPlaygroundClock(this RouteGroupBuilder api)
    {
        api.MapGet("/clock", (IServiceProvider services) =>
            services.GetService<PlaygroundClock>() is { } clock ? Results.Ok(Describe(clock)) : Unavailable());
        api.MapPost("/clock", (ClockChange body, IServiceProvider services) =>
        {
            if (services.GetService<PlaygroundClock>() is not { } clock) return Unavailable();
            if (body.Reset == true)
            {
                clock.Reset();
                return Results.Ok(Describe(clock));
            }
            // "PT1H", "P7D" (ISO 8601) or "1.00:00:00" (.NET), whichever the caller finds natural.
            if (body.Advance is not { } text || !TryParseStep(text, out var step) || step <= TimeSpan.Zero || step > PlaygroundClock.MaxStep)
                return Results.BadRequest(new { error = $"advance: a step forward such as \"PT1H\", \"P1D\" or \"00:30:00\", at most {PlaygroundClock.MaxStep.TotalDays:0} days." });
            clock.Advance(step);
            return Results.Ok(Describe(clock));
        });
    }

    private static bool TryParseStep(string text, out TimeSpan step)
    {
        step = default;
        if (text.StartsWith('P'))
        {
            try
            {
                step = System.Xml.XmlConvert.ToTimeSpan(text);
                return true;
            }
            catch (FormatException)
            {
                return false;
            }
        }
        return TimeSpan.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out step);
    }

    private static object Describe(PlaygroundClock clock) => new { now = clock.GetUtcNow(), offset = clock.Offset.ToString("c", System.Globalization.CultureInfo.InvariantCulture) };

    private static IResult Unavailable() =>
        Results.Problem("The clock control exists only in Development.", statusCode: StatusCodes.Status404NotFound);
}
