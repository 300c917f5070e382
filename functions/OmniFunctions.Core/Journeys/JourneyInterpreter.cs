using System.Globalization;
using OmniFunctions.Core.Outbound;

namespace OmniFunctions.Core.Journeys;

/// <summary>
/// Runs a journey definition over an <see cref="IJourneyContext"/>. Pure: time, activities, timers and signals all
/// come from the context, so the Durable replay and the simulator see the same decisions.
/// </summary>
public static class JourneyInterpreter
{
    /// <summary>A run that takes more steps than this is stopped as failed (a definition bug, not a customer).</summary>
    public const int MaxSteps = JourneyLimits.MaxSteps;

    /// <summary>How often one send may be held back (quiet hours, transient failures) before the step gives up.</summary>
    public const int MaxDeferrals = 20;

    public static async Task<JourneyRunResult> RunAsync(IJourneyContext context, JourneyRunInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var definition = input.Definition;
        var path = new List<JourneyPathEntry>();
        var profile = await context.RunActivityAsync<ProfileSnapshot>(JourneyActivityNames.LoadProfile, new ProfileSnapshotRequest(input.ProfileId, definition.Purpose));
        JourneySignal? lastSignal = null;
        var stepId = definition.Start;

        for (var count = 0; count < MaxSteps; count++)
        {
            var step = definition.Steps[stepId];
            switch (step.Kind)
            {
                case JourneyStepKinds.Exit:
                    path.Add(new(stepId, step.Kind, context.UtcNow));
                    return new(JourneyOutcomes.Exited, context.UtcNow, path);

                case JourneyStepKinds.Send:
                {
                    var (outcome, goal) = await SendAsync(context, input, stepId, step, step.Channels ?? [], step.Text, definition.Purpose);
                    path.Add(new(stepId, step.Kind, context.UtcNow, Describe(outcome)));
                    if (goal is not null)
                    {
                        return Converted(context, path, goal);
                    }

                    stepId = step.Next!;
                    break;
                }

                case JourneyStepKinds.Wait:
                {
                    var until = step.Duration is { } duration
                        ? context.UtcNow + Duration(duration)
                        : NextLocalTime(context.UtcNow, Zone(profile), TimeOnly.ParseExact(step.Until!, "HH:mm", CultureInfo.InvariantCulture));
                    var (_, goal) = await WaitAsync(context, definition, until, []);
                    path.Add(new(stepId, step.Kind, context.UtcNow));
                    if (goal is not null)
                    {
                        return Converted(context, path, goal);
                    }

                    stepId = step.Next!;
                    break;
                }

                case JourneyStepKinds.WaitFor:
                {
                    var (signal, goal) = await WaitAsync(context, definition, context.UtcNow + Duration(step.Timeout!), step.Signals!);
                    path.Add(new(stepId, step.Kind, context.UtcNow, signal?.Type ?? "timeout"));
                    if (goal is not null)
                    {
                        return Converted(context, path, goal);
                    }

                    lastSignal = signal ?? lastSignal;
                    stepId = signal is null ? step.OnTimeout! : step.OnSignal!;
                    break;
                }

                case JourneyStepKinds.Branch:
                {
                    profile = await context.RunActivityAsync<ProfileSnapshot>(JourneyActivityNames.LoadProfile, new ProfileSnapshotRequest(input.ProfileId, definition.Purpose));
                    var taken = step.Conditions!.FirstOrDefault(c => Holds(c, profile, lastSignal));
                    path.Add(new(stepId, step.Kind, context.UtcNow, taken is null ? "otherwise" : taken.Next));
                    stepId = taken?.Next ?? step.Otherwise!;
                    break;
                }

                case JourneyStepKinds.Callback:
                {
                    var (next, goal) = await CallbackAsync(context, input, stepId, step, profile, path);
                    if (goal is not null)
                    {
                        return Converted(context, path, goal);
                    }

                    stepId = next;
                    break;
                }

                case JourneyStepKinds.UpdateProfile:
                    if (step.PreferredChannel is { } channel)
                    {
                        await context.RunActivityAsync<bool>(JourneyActivityNames.UpdateProfile, new PreferredChannelUpdate(input.ProfileId, channel));
                    }

                    path.Add(new(stepId, step.Kind, context.UtcNow, step.PreferredChannel));
                    stepId = step.Next!;
                    break;

                default:
                    throw new InvalidOperationException($"Step kind {step.Kind} passed validation but has no interpreter.");
            }
        }

        path.Add(new(stepId, "stopped", context.UtcNow, $"more than {MaxSteps} steps"));
        return new(JourneyOutcomes.Failed, context.UtcNow, path);
    }

    /// <summary>Asks the call center to call (within business hours), then waits for its outcome.</summary>
    private static async Task<(string Next, JourneySignal? Goal)> CallbackAsync(
        IJourneyContext context, JourneyRunInput input, string stepId, JourneyStep step, ProfileSnapshot profile, List<JourneyPathEntry> path)
    {
        if (step.BusinessHoursStart is { } open && step.BusinessHoursEnd is { } close)
        {
            var closed = SendPolicy.QuietUntil(context.UtcNow, Zone(profile),
                TimeOnly.ParseExact(close, "HH:mm", CultureInfo.InvariantCulture), TimeOnly.ParseExact(open, "HH:mm", CultureInfo.InvariantCulture));
            if (closed is { } opens)
            {
                var (_, early) = await WaitAsync(context, input.Definition, opens, []);
                if (early is not null)
                {
                    path.Add(new(stepId, step.Kind, context.UtcNow, "goal before the callback"));
                    return ("", early);
                }
            }
        }

        var (outcome, goal) = await SendAsync(context, input, stepId, step, ["callcenter"], step.Text, input.Definition.Purpose);
        path.Add(new(stepId, step.Kind, context.UtcNow, "requested: " + Describe(outcome)));
        if (goal is not null)
        {
            return ("", goal);
        }

        if (outcome.Status != SendStatus.Sent)
        {
            return (step.OnTimeout ?? step.Next!, null);
        }

        var callbackId = outcome.ProviderMessageId;
        var deadline = context.UtcNow + Duration(step.Timeout!);
        while (true)
        {
            var (signal, reached) = await WaitAsync(context, input.Definition, deadline, [JourneySignalTypes.CallbackCompleted]);
            if (reached is not null)
            {
                path.Add(new(stepId, "callback.completed", context.UtcNow, reached.Outcome));
                return ("", reached);
            }

            if (signal is null)
            {
                path.Add(new(stepId, "callback.timeout", context.UtcNow));
                return (step.OnTimeout ?? step.Next!, null);
            }

            if (signal.CallbackId is null || signal.CallbackId == callbackId)
            {
                path.Add(new(stepId, "callback.completed", context.UtcNow, signal.Outcome));
                var outcomes = step.OnOutcome ?? new Dictionary<string, string>();
                return (signal.Outcome is { } o && outcomes.TryGetValue(o, out var next) ? next : outcomes.GetValueOrDefault("default") ?? step.Next!, null);
            }
        }
    }

    /// <summary>Sends through the Send activity; a deferred send waits (watching for the goal) and tries the same send id again.</summary>
    private static async Task<(SendOutcome Outcome, JourneySignal? Goal)> SendAsync(
        IJourneyContext context, JourneyRunInput input, string stepId, JourneyStep step, IReadOnlyList<string> channels, string? text, string purpose)
    {
        var request = new SendRequest
        {
            SendId = $"{input.RunId}:{stepId}",
            ProfileId = input.ProfileId,
            Purpose = purpose,
            Channels = channels,
            Template = step.Template ?? $"{input.Definition.Id}:{stepId}",
            Text = text,
            Subject = step.Subject,
            ProviderTemplate = step.ProviderTemplate is { } t ? new ProviderTemplate(t.Name, t.Language, t.Parameters) : null,
        };
        for (var deferral = 0; ; deferral++)
        {
            var outcome = await context.RunActivityAsync<SendOutcome>(JourneyActivityNames.Send, request);
            if (outcome.Status != SendStatus.Deferred || outcome.DeferUntil is not { } until || deferral >= MaxDeferrals)
            {
                return (outcome, null);
            }

            var (_, goal) = await WaitAsync(context, input.Definition, until, []);
            if (goal is not null)
            {
                return (outcome, goal);
            }
        }
    }

    /// <summary>
    /// Waits until the deadline for a signal of one of <paramref name="types"/>; a goal signal wins at any time.
    /// Other signals are heard and dropped (all signals share one event name).
    /// </summary>
    private static async Task<(JourneySignal? Signal, JourneySignal? Goal)> WaitAsync(
        IJourneyContext context, JourneyDefinition definition, DateTimeOffset deadline, IReadOnlyCollection<string> types)
    {
        while (true)
        {
            var signal = await context.WaitForSignalAsync(deadline);
            if (signal is null)
            {
                return (null, null);
            }

            if (definition.Goal.Contains(signal.Type))
            {
                return (signal, signal);
            }

            if (types.Contains(signal.Type))
            {
                return (signal, null);
            }
        }
    }

    private static bool Holds(JourneyCondition condition, ProfileSnapshot profile, JourneySignal? lastSignal) => condition switch
    {
        { Reachable: { } channel } => profile.Reachable.Contains(channel),
        { HasIdentifier: { } kind } => profile.IdentifierKinds.Contains(kind),
        { LastSignal: { } type } => lastSignal?.Type == type,
        { Trait: "preferredChannel" } => profile.PreferredChannel == condition.EqualTo,
        { Trait: "lastChannel" } => profile.LastChannel == condition.EqualTo,
        { Trait: "locale" } => profile.Locale == condition.EqualTo,
        _ => false,
    };

    private static JourneyRunResult Converted(IJourneyContext context, List<JourneyPathEntry> path, JourneySignal goal)
    {
        path.Add(new("goal", goal.Type, context.UtcNow, goal.Channel));
        return new(JourneyOutcomes.Converted, context.UtcNow, path);
    }

    private static string Describe(SendOutcome outcome) =>
        $"{outcome.Status.ToString().ToLowerInvariant()}{(outcome.Channel is null ? "" : " on " + outcome.Channel)}{(outcome.Reason is null ? "" : " (" + outcome.Reason + ")")}";

    private static TimeSpan Duration(string iso) =>
        JourneyValidator.TryDuration(iso, out var duration) ? duration : throw new InvalidOperationException("Invalid duration passed validation.");

    private static TimeZoneInfo Zone(ProfileSnapshot profile) =>
        profile.TimeZone is { } id && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;

    /// <summary>The next time the person's clock shows <paramref name="time"/> (today if still ahead).</summary>
    public static DateTimeOffset NextLocalTime(DateTimeOffset now, TimeZoneInfo zone, TimeOnly time)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var day = DateOnly.FromDateTime(local.DateTime);
        if (TimeOnly.FromDateTime(local.DateTime) >= time)
        {
            day = day.AddDays(1);
        }

        return SendPolicy.LocalToUtc(day.ToDateTime(time), zone);
    }
}
