using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using OmniFunctions.Core.Outbound;

namespace OmniFunctions.Core.Journeys;

/// <summary>
/// Runs a journey definition over an <see cref="IJourneyContext"/>. Pure: time, activities, timers and signals all
/// come from the context, so the Durable replay and the simulator see the same decisions.
/// </summary>
internal static class JourneyInterpreter
{
    /// <summary>A run that takes more steps than this is stopped as failed (a definition bug, not a customer).</summary>
    public const int MaxSteps = JourneyLimits.MaxSteps;

    /// <summary>How often one send may be held back by quiet hours before the step gives up.</summary>
    public const int MaxDeferrals = 20;

    /// <summary>How often a send is tried again after a transient provider failure before the run fails.</summary>
    public const int MaxTransientRetries = 5;

    public static async Task<JourneyRunResult> RunAsync(IJourneyContext context, JourneyRunInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var run = new RunState(input);
        try
        {
            return await StepAsync(context, run);
        }
        catch (RunStoppedException stopped)
        {
            return await EndAsync(context, run, stopped.Signal);
        }
        catch (Exception failure)
        {
            // An activity that still failed after its retries: the run ends failed, so the person can enter again.
            run.Path.Add(new(run.StepId, "failed", context.UtcNow, failure.Message));
            return new(JourneyOutcome.Failed, context.UtcNow, run.Path) { Reason = failure.Message };
        }
    }

    private static async Task<JourneyRunResult> StepAsync(IJourneyContext context, RunState run)
    {
        var input = run.Input;
        var definition = input.Definition;
        var path = run.Path;
        var profile = await context.RunActivityAsync<ProfileSnapshot>(JourneyActivityNames.LoadProfile, new ProfileSnapshotRequest(input.ProfileId, definition.Purpose));
        JourneySignal? lastSignal = null;
        var stepId = definition.Start;

        for (var count = 0; count < MaxSteps; count++)
        {
            run.StepId = stepId;
            var step = definition.Steps[stepId];
            switch (step)
            {
                case ExitStep:
                    path.Add(new(stepId, step.Kind, context.UtcNow));
                    return new(JourneyOutcome.Exited, context.UtcNow, path);

                case SendStep send:
                {
                    var message = new Message(send.Channels ?? [], send.Template, send.Text, send.Subject, send.ProviderTemplate) { Stored = send.StoredTemplate is not null };
                    var (outcome, goal) = await SendAsync(context, run, stepId, message);
                    path.Add(new(stepId, step.Kind, context.UtcNow, Describe(outcome)));
                    if (goal is not null)
                    {
                        return Converted(context, path, goal);
                    }

                    stepId = outcome.Status == SendStatus.Sent ? send.Next : send.OnNotSent ?? send.Next;
                    break;
                }

                case WaitStep wait:
                {
                    var until = wait switch
                    {
                        { Duration: { } duration } => context.UtcNow + Duration(duration),
                        { Until: { } time } => (wait.OnBusinessDays == true ? Days(profile) : BusinessDays.Always)
                            .NextLocalTime(context.UtcNow, Zone(profile), TimeOnly.ParseExact(time, "HH:mm", CultureInfo.InvariantCulture)),
                        _ => throw new InvalidOperationException($"Wait step {stepId} has neither duration nor until, yet passed validation."),
                    };
                    var (_, goal) = await WaitAsync(context, run, until, []);
                    path.Add(new(stepId, step.Kind, context.UtcNow));
                    if (goal is not null)
                    {
                        return Converted(context, path, goal);
                    }

                    stepId = wait.Next;
                    break;
                }

                case WaitForStep waitFor:
                {
                    var (signal, goal) = await WaitAsync(context, run, context.UtcNow + Duration(waitFor.Timeout), waitFor.Signals);
                    path.Add(new(stepId, step.Kind, context.UtcNow, signal?.Type ?? "timeout"));
                    if (goal is not null)
                    {
                        return Converted(context, path, goal);
                    }

                    lastSignal = signal ?? lastSignal;
                    stepId = signal is null ? waitFor.OnTimeout : waitFor.OnSignal;
                    break;
                }

                case BranchStep branch:
                {
                    profile = await context.RunActivityAsync<ProfileSnapshot>(JourneyActivityNames.LoadProfile, new ProfileSnapshotRequest(input.ProfileId, definition.Purpose));
                    var taken = branch.Conditions.FirstOrDefault(c => Holds(c, profile, lastSignal));
                    path.Add(new(stepId, step.Kind, context.UtcNow, taken is null ? "otherwise" : taken.Next));
                    stepId = taken?.Next ?? branch.Otherwise;
                    break;
                }

                case SplitStep split:
                {
                    var variant = Assign(split, definition.Id, input.ProfileId);
                    run.Variant = variant.Name;
                    path.Add(new(stepId, step.Kind, context.UtcNow, variant.Name));
                    stepId = variant.Next;
                    break;
                }

                case CallbackStep callback:
                {
                    var (next, goal) = await CallbackAsync(context, run, stepId, callback, profile);
                    if (goal is not null)
                    {
                        return Converted(context, path, goal);
                    }

                    stepId = next;
                    break;
                }

                case UpdateProfileStep update:
                    if (update.PreferredChannel is { } channel)
                    {
                        await context.RunActivityAsync<bool>(JourneyActivityNames.UpdateProfile, new PreferredChannelUpdate(input.ProfileId, channel));
                    }

                    path.Add(new(stepId, step.Kind, context.UtcNow, update.PreferredChannel));
                    stepId = update.Next;
                    break;

                default:
                    throw new InvalidOperationException($"Step {stepId} ({step.Kind}) passed validation but has no interpreter.");
            }
        }

        path.Add(new(stepId, "stopped", context.UtcNow, $"more than {MaxSteps} steps"));
        return new(JourneyOutcome.Failed, context.UtcNow, path);
    }

    /// <summary>Asks the call center to call (within business hours), then waits for its outcome.</summary>
    private static async Task<(string Next, JourneySignal? Goal)> CallbackAsync(
        IJourneyContext context, RunState run, string stepId, CallbackStep step, ProfileSnapshot profile)
    {
        var input = run.Input;
        var path = run.Path;
        if (step.BusinessHoursStart is { } open && step.BusinessHoursEnd is { } close)
        {
            var opens = Days(profile).NextOpening(context.UtcNow, Zone(profile),
                TimeOnly.ParseExact(open, "HH:mm", CultureInfo.InvariantCulture), TimeOnly.ParseExact(close, "HH:mm", CultureInfo.InvariantCulture));
            if (opens > context.UtcNow)
            {
                var (_, early) = await WaitAsync(context, run, opens, []);
                if (early is not null)
                {
                    path.Add(new(stepId, step.Kind, context.UtcNow, "goal before the callback"));
                    return ("", early);
                }
            }
        }

        var (outcome, goal) = await SendAsync(context, run, stepId, new Message(["callcenter"], null, step.Text, null, null));
        path.Add(new(stepId, step.Kind, context.UtcNow, "requested: " + Describe(outcome)));
        if (goal is not null)
        {
            return ("", goal);
        }

        if (outcome.Status != SendStatus.Sent)
        {
            return (step.OnTimeout, null);
        }

        var callbackId = outcome.ProviderMessageId;
        var deadline = context.UtcNow + Duration(step.Timeout);
        run.OpenCallback = callbackId;
        while (true)
        {
            var (signal, reached) = await WaitAsync(context, run, deadline, [JourneySignalTypes.CallbackCompleted]);
            if (reached is not null)
            {
                run.OpenCallback = null;
                path.Add(new(stepId, "callback.completed", context.UtcNow, reached.Outcome));
                return ("", reached);
            }

            if (signal is null)
            {
                path.Add(new(stepId, "callback.timeout", context.UtcNow));
                return (step.OnTimeout, null);
            }

            if (signal.CallbackId is null || signal.CallbackId == callbackId)
            {
                run.OpenCallback = null;
                path.Add(new(stepId, "callback.completed", context.UtcNow, signal.Outcome));
                var outcomes = step.OnOutcome ?? new Dictionary<string, string>();
                return (signal.Outcome is { } o && outcomes.TryGetValue(o, out var next) ? next : outcomes.GetValueOrDefault("default") ?? step.Next, null);
            }
        }
    }

    /// <summary>Sends through the Send activity; a deferred send waits (watching for the goal) and tries the same send id again.</summary>
    private static async Task<(SendOutcome Outcome, JourneySignal? Goal)> SendAsync(
        IJourneyContext context, RunState run, string stepId, Message message)
    {
        var input = run.Input;
        var request = new SendRequest
        {
            Journey = new(input.RunId, input.Definition.Id, input.Definition.Version, stepId) { Variant = run.Variant },
            SendId = $"{input.RunId}:{stepId}",
            ProfileId = input.ProfileId,
            Purpose = input.Definition.Purpose,
            Channels = message.Channels,
            Template = message.Template ?? $"{input.Definition.Id}:{stepId}",
            // A stored template renders at the version pinned at the run's start, so a replay or retry says the same.
            TemplateVersion = message.Stored && message.Template is { } id && input.Templates.TryGetValue(id, out var pinned) ? pinned : null,
            RendersTemplate = message.Stored,
            Text = message.Text,
            Subject = message.Subject,
            ProviderTemplate = message.ProviderTemplate is { } t ? new ProviderTemplate(t.Name, t.Language, t.Parameters) : null,
        };
        for (int deferrals = 0, transient = 0; ;)
        {
            var outcome = await context.RunActivityAsync<SendOutcome>(JourneyActivityNames.Send, request);
            if (outcome is { Status: SendStatus.Sent, Channel: { } channel })
            {
                run.SentOn.Add(channel);
            }

            if (outcome.Status != SendStatus.Deferred || outcome.DeferUntil is not { } until)
            {
                return (outcome, null);
            }

            if (outcome.Reason == QuietHours ? ++deferrals > MaxDeferrals : ++transient > MaxTransientRetries)
            {
                if (outcome.Reason == QuietHours)
                {
                    return (outcome, null);
                }

                throw new InvalidOperationException($"Step {stepId} could not send: {Describe(outcome)}, {MaxTransientRetries} retries.");
            }

            var (_, goal) = await WaitAsync(context, run, until, []);
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
        IJourneyContext context, RunState run, DateTimeOffset deadline, IReadOnlyCollection<string> types)
    {
        var definition = run.Input.Definition;
        while (true)
        {
            var signal = await context.WaitForSignalAsync(deadline);
            if (signal is null)
            {
                return (null, null);
            }

            if (signal.Type == JourneySignalTypes.Cancelled)
            {
                throw new RunStoppedException(signal);
            }

            // A redelivered interaction signals again with the same id: it counts once.
            if (signal.InteractionId is { } interactionId && !run.Seen.Add(interactionId))
            {
                continue;
            }

            // An opt-out on a channel this run has written on ends it, whatever the goal says.
            if (signal.Type == JourneySignalTypes.OptedOut && signal.Channel is { } channel && run.SentOn.Contains(channel)
                && (signal.Purpose is null || signal.Purpose == definition.Purpose))
            {
                throw new RunStoppedException(signal);
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

    /// <summary>
    /// The person's variant: a SHA-256 of journey and person read as a number in [0, total weight), so the choice is
    /// the same in every replay, on every host and on every entry, and spreads by weight over many people.
    /// </summary>
    internal static JourneyVariant Assign(SplitStep split, string journeyId, string profileId)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes($"{journeyId}\n{profileId}"), hash);
        var point = BinaryPrimitives.ReadUInt64BigEndian(hash) % (ulong)split.Variants.Sum(v => (long)v.Weight);
        foreach (var variant in split.Variants)
        {
            if (point < (ulong)variant.Weight)
            {
                return variant;
            }

            point -= (ulong)variant.Weight;
        }

        throw new InvalidOperationException("Split weights must be positive; the validator checks them.");
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

    /// <summary>Cancelled or opted out: the path so far is the result, and a callback still open is withdrawn from the call center.</summary>
    private static async Task<JourneyRunResult> EndAsync(IJourneyContext context, RunState run, JourneySignal cancel)
    {
        var optedOut = cancel.Type == JourneySignalTypes.OptedOut;
        if (run.OpenCallback is { } callbackId)
        {
            try
            {
                await context.RunActivityAsync<bool>(JourneyActivityNames.CancelCallback,
                    new CallbackCancellation(run.Input.RunId, run.Input.ProfileId, callbackId, optedOut ? "opted-out" : cancel.Outcome ?? "cancelled"));
                run.Path.Add(new(run.StepId, "callback.cancelled", context.UtcNow, callbackId));
            }
            catch (Exception failure)
            {
                // The run is cancelled either way; the path says the call center may still call.
                run.Path.Add(new(run.StepId, "callback.cancel-failed", context.UtcNow, failure.Message));
            }
        }

        if (optedOut)
        {
            run.Path.Add(new(run.StepId, JourneySignalTypes.OptedOut, context.UtcNow, cancel.Channel));
            return new(JourneyOutcome.OptedOut, context.UtcNow, run.Path) { Reason = $"opted out on {cancel.Channel}" };
        }

        run.Path.Add(new(run.StepId, "cancelled", context.UtcNow, cancel.Outcome));
        return new(JourneyOutcome.Cancelled, context.UtcNow, run.Path) { Reason = cancel.Outcome };
    }

    private static JourneyRunResult Converted(IJourneyContext context, List<JourneyPathEntry> path, JourneySignal goal)
    {
        path.Add(new("goal", goal.Type, context.UtcNow, goal.Channel));
        return new(JourneyOutcome.Converted, context.UtcNow, path);
    }

    private static string Describe(SendOutcome outcome) =>
        $"{outcome.Status.ToString().ToLowerInvariant()}{(outcome.Channel is null ? "" : " on " + outcome.Channel)}{(outcome.Reason is null ? "" : " (" + outcome.Reason + ")")}";

    private static TimeSpan Duration(string iso) =>
        JourneyValidator.TryDuration(iso, out var duration) ? duration : throw new InvalidOperationException("Invalid duration passed validation.");

    /// <summary>The zone the activity resolved, rebuilt from its rules: no time-zone database lookup during a replay.</summary>
    private static TimeZoneInfo Zone(ProfileSnapshot profile) => Journeys.ZoneRules.Deserialize(profile.ZoneRules);

    private static BusinessDays Days(ProfileSnapshot profile) => profile.BusinessDays ?? BusinessDays.Always;

    private const string QuietHours = "quiet-hours";

    /// <summary>What a send step (or a callback request) hands to the Send activity.</summary>
    private sealed record Message(
        IReadOnlyList<string> Channels, string? Template, string? Text, string? Subject, JourneyProviderTemplate? ProviderTemplate)
    {
        /// <summary><see cref="Template"/> names a stored template to render (<see cref="SendStep.StoredTemplate"/>).</summary>
        public bool Stored { get; init; }
    }

    /// <summary>What one run carries between steps.</summary>
    private sealed class RunState(JourneyRunInput input)
    {
        public JourneyRunInput Input { get; } = input;
        public List<JourneyPathEntry> Path { get; } = [];
        public HashSet<string> Seen { get; } = new(StringComparer.Ordinal);

        /// <summary>The variant the last split step assigned.</summary>
        public string? Variant { get; set; }

        /// <summary>Channels a message of this run went out on: an opt-out there ends the run.</summary>
        public HashSet<string> SentOn { get; } = new(StringComparer.Ordinal);
        public string StepId { get; set; } = input.Definition.Start;

        /// <summary>A callback requested and not yet answered: withdrawn if the run is cancelled.</summary>
        public string? OpenCallback { get; set; }
    }

    /// <summary>The run was cancelled, or the person opted out, while it waited; unwinds to <see cref="EndAsync"/>.</summary>
    private sealed class RunStoppedException(JourneySignal signal) : Exception("The run was stopped.")
    {
        public JourneySignal Signal { get; } = signal;
    }
}
