using System.Globalization;
using System.Runtime.CompilerServices;
using System.Xml;
using OmniFunctions.Core.Channels;
using OmniFunctions.Core.Channels.CallCenter;
using OmniFunctions.Core.Channels.Email;
using OmniFunctions.Core.Outbound;
using OmniFunctions.Core.Profiles;

namespace OmniFunctions.Core.Journeys;

/// <summary>
/// Checks a definition completely and lists every error, so a marketer fixes them all at once. The work is linear in
/// steps + transitions: each step and each transition is looked at a bounded number of times.
/// </summary>
internal static class JourneyValidator
{
    public static IReadOnlyList<JourneyError> Validate(JourneyDefinition definition) => Validate(definition, out _);

    /// <param name="work">Steps and transitions visited, for tests that hold the validator to linear work.</param>
    internal static IReadOnlyList<JourneyError> Validate(JourneyDefinition definition, out long work)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var visits = new StrongBox<long>();
        var errors = new List<JourneyError>();
        if (string.IsNullOrWhiteSpace(definition.Id) || definition.Id.Length > 64 || !definition.Id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            errors.Add(new("$.id", "must be 1-64 letters, digits, '-' or '_'."));
        }

        if (definition.Purpose is not ("marketing" or "transactional"))
        {
            errors.Add(new("$.purpose", "must be marketing or transactional."));
        }

        if (definition.Reentry is not (JourneyReentry.Never or JourneyReentry.AfterExit or JourneyReentry.Always))
        {
            errors.Add(new("$.reentry", "must be never, afterExit or always."));
        }

        if (definition.AttributionWindow is { } window
            && (!TryDuration(window, out var span) || span <= TimeSpan.Zero || span > Attribution.AttributionOptions.MaxWindow))
        {
            errors.Add(new("$.attributionWindow", "must be a positive ISO 8601 duration such as P3D, at most P30D."));
        }

        if (definition.Steps.Count == 0)
        {
            errors.Add(new("$.steps", "needs at least one step."));
        }
        else if (definition.Steps.Count > JourneyLimits.MaxSteps)
        {
            errors.Add(new("$.steps", $"has {definition.Steps.Count} steps; at most {JourneyLimits.MaxSteps} are allowed."));
        }

        if (!definition.Steps.ContainsKey(definition.Start))
        {
            errors.Add(new("$.start", $"names no step ('{definition.Start}')."));
        }

        if (definition.Trigger is { } trigger)
        {
            if (!JourneySignalTypes.IsKnown(trigger.On))
            {
                errors.Add(new("$.trigger.on", UnknownSignal(trigger.On)));
            }
            else if (trigger.On == JourneySignalTypes.OptedOut)
            {
                errors.Add(new("$.trigger.on", "a journey cannot start because someone opted out."));
            }

            if (trigger.Channel is { } channel && !ChannelNames.All.Contains(channel))
            {
                errors.Add(new("$.trigger.channel", NotAChannel(channel, ChannelNames.All)));
            }
        }

        for (var i = 0; i < definition.Goal.Count; i++)
        {
            if (definition.Goal[i] is null)
            {
                errors.Add(new($"$.goal[{i}]", NotNull));
            }
            else if (!JourneySignalTypes.CanBeGoal(definition.Goal[i]))
            {
                errors.Add(new($"$.goal[{i}]", JourneySignalTypes.IsKnown(definition.Goal[i])
                    ? $"'{definition.Goal[i]}' ends a run as opted out or in, never converted."
                    : UnknownSignal(definition.Goal[i])));
            }
        }

        foreach (var (id, step) in definition.Steps)
        {
            visits.Value++;
            ValidateStep(definition, $"$.steps.{id}", step, errors, visits);
        }

        if (errors.Count == 0)
        {
            errors.AddRange(Dead(definition, visits));
        }

        if (errors.Count == 0)
        {
            errors.AddRange(BusyLoops(definition, visits));
        }

        work = visits.Value;
        return errors;
    }

    private static void ValidateStep(JourneyDefinition definition, string path, JourneyStep step, List<JourneyError> errors, StrongBox<long> visits)
    {
        void Target(string member, string target)
        {
            visits.Value++;
            if (!definition.Steps.ContainsKey(target))
            {
                errors.Add(new($"{path}.{member}", $"names no step ('{target}')."));
            }
        }

        void Duration(string member, string? value)
        {
            if (value is not null && (!TryDuration(value, out var duration) || duration <= TimeSpan.Zero || duration > JourneyLimits.MaxDuration))
            {
                errors.Add(new($"{path}.{member}", $"must be a positive ISO 8601 duration such as PT24H, at most P{JourneyLimits.MaxDuration.TotalDays:0}D."));
            }
        }

        void TimeOfDay(string member, string? value)
        {
            if (value is not null && !TimeOnly.TryParseExact(value, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            {
                errors.Add(new($"{path}.{member}", "must be a local time HH:mm."));
            }
        }

        void Channel(string member, string? channel, IReadOnlySet<string> allowed)
        {
            if (channel is not null && !allowed.Contains(channel))
            {
                errors.Add(new($"{path}.{member}", channel == CallCenterChannel.ChannelName
                    ? "the call center is asked through a callback step."
                    : NotAChannel(channel, allowed)));
            }
        }

        void Signal(string member, string? type)
        {
            if (type is not null && !JourneySignalTypes.IsKnown(type))
            {
                errors.Add(new($"{path}.{member}", UnknownSignal(type)));
            }
        }

        switch (step)
        {
            case SendStep send:
                Target("next", send.Next);
                if (send.OnNotSent is { } onNotSent)
                {
                    Target("onNotSent", onNotSent);
                }

                if (send.Text is null && send.Template is null && send.ProviderTemplate is null)
                {
                    errors.Add(new($"{path}.text", "a send needs text, a template or a providerTemplate."));
                }

                for (var i = 0; i < (send.Channels?.Count ?? 0); i++)
                {
                    Channel($"channels[{i}]", send.Channels![i] ?? NullElement, SendChannels);
                }

                // A stored template brings its own subject (its validation requires one on every email variant).
                if (send.StoredTemplate is null && send.Channels?.Contains(EmailChannelSender.ChannelName) == true && string.IsNullOrWhiteSpace(send.Subject))
                {
                    errors.Add(new($"{path}.subject", "an email needs a subject."));
                }

                break;
            case WaitStep wait:
                Target("next", wait.Next);
                if ((wait.Duration is null) == (wait.Until is null))
                {
                    errors.Add(new(path, "a wait needs exactly one of duration or until."));
                }

                Duration("duration", wait.Duration);
                TimeOfDay("until", wait.Until);
                break;
            case WaitForStep waitFor:
                if (waitFor.Signals.Count == 0)
                {
                    errors.Add(new($"{path}.signals", "needs at least one signal type."));
                }

                for (var i = 0; i < waitFor.Signals.Count; i++)
                {
                    Signal($"signals[{i}]", waitFor.Signals[i] ?? NullElement);
                }

                Duration("timeout", waitFor.Timeout);
                Target("onSignal", waitFor.OnSignal);
                Target("onTimeout", waitFor.OnTimeout);
                break;
            case CallbackStep callback:
                Duration("timeout", callback.Timeout);
                TimeOfDay("businessHoursStart", callback.BusinessHoursStart);
                TimeOfDay("businessHoursEnd", callback.BusinessHoursEnd);
                Target("onTimeout", callback.OnTimeout);
                Target("next", callback.Next);
                foreach (var (outcome, target) in callback.OnOutcome ?? new Dictionary<string, string>())
                {
                    if (target is null)
                    {
                        errors.Add(new($"{path}.onOutcome.{outcome}", NotNull));
                        continue;
                    }

                    Target($"onOutcome.{outcome}", target);
                }

                break;
            case BranchStep branch:
                if (branch.Conditions.Count == 0)
                {
                    errors.Add(new($"{path}.conditions", "needs at least one condition."));
                }

                for (var i = 0; i < branch.Conditions.Count; i++)
                {
                    if (branch.Conditions[i] is not { } condition)
                    {
                        errors.Add(new($"{path}.conditions[{i}]", NotNull));
                        continue;
                    }

                    var tests = new[] { condition.Reachable, condition.HasIdentifier, condition.LastSignal, condition.Trait }.Count(t => t is not null);
                    if (tests != 1)
                    {
                        errors.Add(new($"{path}.conditions[{i}]", "needs exactly one of reachable, hasIdentifier, lastSignal, trait."));
                    }

                    var at = $"conditions[{i}]";
                    Channel($"{at}.reachable", condition.Reachable, ChannelNames.All);
                    Signal($"{at}.lastSignal", condition.LastSignal);
                    if (condition.HasIdentifier is { } kind && !IdentifierKinds.All.Contains(kind))
                    {
                        errors.Add(new($"{path}.{at}.hasIdentifier", $"'{kind}' is not an identifier kind ({string.Join(", ", IdentifierKinds.All.Order(StringComparer.Ordinal))})."));
                    }

                    switch (condition.Trait)
                    {
                        case null:
                            break;
                        case "preferredChannel" or "lastChannel":
                            Channel($"{at}.equalTo", condition.EqualTo ?? "", ChannelNames.All);
                            break;
                        case "locale" when !IsLocale(condition.EqualTo):
                            errors.Add(new($"{path}.{at}.equalTo", "must be a language tag such as de or de-AT."));
                            break;
                        case "locale":
                            break;
                        default:
                            errors.Add(new($"{path}.{at}.trait", "must be preferredChannel, lastChannel or locale."));
                            break;
                    }

                    Target($"conditions[{i}].next", condition.Next);
                }

                Target("otherwise", branch.Otherwise);
                break;
            case SplitStep split:
                if (split.Variants.Count < 2)
                {
                    errors.Add(new($"{path}.variants", "needs at least two variants."));
                }

                var names = new HashSet<string>(StringComparer.Ordinal);
                for (var i = 0; i < split.Variants.Count; i++)
                {
                    if (split.Variants[i] is not { } variant)
                    {
                        errors.Add(new($"{path}.variants[{i}]", NotNull));
                        continue;
                    }

                    if (string.IsNullOrWhiteSpace(variant.Name) || variant.Name.Length > 64 || !names.Add(variant.Name))
                    {
                        errors.Add(new($"{path}.variants[{i}].name", "must be 1-64 characters and unique in the step."));
                    }

                    if (variant.Weight is < 1 or > 10_000)
                    {
                        errors.Add(new($"{path}.variants[{i}].weight", "must be a whole number from 1 to 10000."));
                    }

                    Target($"variants[{i}].next", variant.Next);
                }

                break;
            case UpdateProfileStep update:
                Target("next", update.Next);
                break;
            case ExitStep:
                break;
            case UnparsedStep { DeclaredKind: { } kind } unparsed when JourneyStepKinds.All.Contains(kind):
                errors.AddRange(unparsed.Missing.Select(member => new JourneyError($"{path}.{member}", "is required.")));
                break;
            default:
                errors.Add(new($"{path}.kind", step.Kind.Length == 0
                    ? $"is required ({string.Join(", ", JourneyStepKinds.All.Order(StringComparer.Ordinal))})."
                    : $"'{step.Kind}' is not a step kind ({string.Join(", ", JourneyStepKinds.All.Order(StringComparer.Ordinal))})."));
                break;
        }
    }

    private static readonly IReadOnlySet<string> SendChannels = new HashSet<string>(
        [.. ChannelNames.Messaging, SendPolicy.Preferred, SendPolicy.Last], StringComparer.Ordinal);

    private const string NotNull = "must not be null.";

    /// <summary>Stands for a null list element in messages: no channel or signal is named so.</summary>
    private const string NullElement = "null";

    private static string NotAChannel(string channel, IReadOnlySet<string> allowed) =>
        $"'{channel}' is not a channel ({string.Join(", ", allowed.Order(StringComparer.Ordinal))}).";

    private static string UnknownSignal(string type) =>
        $"'{type}' is not a signal ({string.Join(", ", JourneySignalTypes.All)}, or {JourneySignalTypes.CustomPrefix}… for your own).";

    private static bool IsLocale(string? tag)
    {
        try
        {
            return tag is { Length: > 0 } && CultureInfo.GetCultureInfo(tag, predefinedOnly: true) is not null;
        }
        catch (CultureNotFoundException)
        {
            return false;
        }
    }

    /// <summary>
    /// Steps no run can reach from the start, and places a run enters but can never leave for an exit (it would run
    /// until a goal or a cancel, or forever). Each trap is reported once, at the step where runs fall into it. Two
    /// breadth-first walks, linear in steps + transitions.
    /// </summary>
    private static List<JourneyError> Dead(JourneyDefinition definition, StrongBox<long> visits)
    {
        var reached = Walk([definition.Start], id => definition.Steps[id].Successors, visits);
        var predecessors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (id, step) in definition.Steps)
        {
            foreach (var next in step.Successors)
            {
                visits.Value++;
                (predecessors.TryGetValue(next, out var list) ? list : predecessors[next] = []).Add(id);
            }
        }

        var exits = definition.Steps.Where(s => s.Value is ExitStep).Select(s => s.Key);
        var leaves = Walk(exits, id => predecessors.GetValueOrDefault(id) ?? [], visits);
        var errors = new List<JourneyError>();
        foreach (var id in definition.Steps.Keys)
        {
            if (!reached.Contains(id))
            {
                errors.Add(new($"$.steps.{id}", "no path from the start reaches this step."));
            }
            else if (!leaves.Contains(id) && (id == definition.Start || (predecessors.GetValueOrDefault(id) ?? []).Any(leaves.Contains)))
            {
                errors.Add(new($"$.steps.{id}", "no path from here reaches an exit."));
            }
        }

        return errors;
    }

    private static HashSet<string> Walk(IEnumerable<string> from, Func<string, IEnumerable<string>> next, StrongBox<long> visits)
    {
        var seen = new HashSet<string>(from, StringComparer.Ordinal);
        var queue = new Queue<string>(seen);
        while (queue.TryDequeue(out var id))
        {
            foreach (var target in next(id))
            {
                visits.Value++;
                if (seen.Add(target))
                {
                    queue.Enqueue(target);
                }
            }
        }

        return seen;
    }

    /// <summary>
    /// A cycle through steps none of which waits would spin forever without letting time pass. Such cycles are the
    /// strongly connected parts of the graph of non-waiting steps (Tarjan's algorithm, iterative, linear); each is
    /// reported once, with one cycle through its first step.
    /// </summary>
    private static List<JourneyError> BusyLoops(JourneyDefinition definition, StrongBox<long> visits)
    {
        var ids = definition.Steps.Keys.Where(k => !definition.Steps[k].LetsTimePass).ToList();
        var order = ids.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i, StringComparer.Ordinal);
        var next = ids.Select(id => Successors(definition.Steps[id]).Where(order.ContainsKey).Select(n => order[n]).ToArray()).ToArray();
        visits.Value += ids.Count + next.Sum(n => n.Length);

        var errors = new List<JourneyError>();
        foreach (var component in StronglyConnected(next, visits))
        {
            var first = component.Min();
            if (component.Count > 1 || next[first].Contains(first))
            {
                var cycle = CycleThrough(first, next, component.ToHashSet(), visits);
                errors.Add(new JourneyError($"$.steps.{ids[first]}", $"cycle without a wait: {string.Join(" → ", cycle.Select(i => ids[i]))}."));
            }
        }

        return [.. errors.OrderBy(e => order[e.Path["$.steps.".Length..]])];
    }

    /// <summary>Tarjan's strongly connected components without recursion (a 500-step chain must not overflow the stack).</summary>
    private static List<List<int>> StronglyConnected(int[][] next, StrongBox<long> visits)
    {
        var index = new int[next.Length];
        var low = new int[next.Length];
        var onStack = new bool[next.Length];
        Array.Fill(index, -1);
        var stack = new Stack<int>();
        var components = new List<List<int>>();
        var counter = 0;
        for (var root = 0; root < next.Length; root++)
        {
            if (index[root] >= 0)
            {
                continue;
            }

            var frames = new Stack<(int Node, int Edge)>([(root, 0)]);
            index[root] = low[root] = counter++;
            stack.Push(root);
            onStack[root] = true;
            while (frames.TryPop(out var frame))
            {
                var (node, edge) = frame;
                visits.Value++;
                if (edge < next[node].Length)
                {
                    frames.Push((node, edge + 1));
                    var target = next[node][edge];
                    if (index[target] < 0)
                    {
                        index[target] = low[target] = counter++;
                        stack.Push(target);
                        onStack[target] = true;
                        frames.Push((target, 0));
                    }
                    else if (onStack[target])
                    {
                        low[node] = Math.Min(low[node], index[target]);
                    }

                    continue;
                }

                if (frames.TryPeek(out var parent))
                {
                    low[parent.Node] = Math.Min(low[parent.Node], low[node]);
                }

                if (low[node] == index[node])
                {
                    var component = new List<int>();
                    int member;
                    do
                    {
                        member = stack.Pop();
                        onStack[member] = false;
                        component.Add(member);
                    }
                    while (member != node);
                    components.Add(component);
                }
            }
        }

        return components;
    }

    /// <summary>A shortest cycle from <paramref name="start"/> back to itself inside its component (breadth-first).</summary>
    private static List<int> CycleThrough(int start, int[][] next, HashSet<int> component, StrongBox<long> visits)
    {
        var parent = new Dictionary<int, int>();
        var queue = new Queue<int>([start]);
        while (queue.TryDequeue(out var node))
        {
            foreach (var target in next[node])
            {
                visits.Value++;
                if (target == start)
                {
                    var cycle = new List<int> { start };
                    for (var at = node; at != start; at = parent[at])
                    {
                        cycle.Add(at);
                    }

                    cycle.Add(start);
                    cycle.Reverse();
                    return cycle;
                }

                if (component.Contains(target) && parent.TryAdd(target, node))
                {
                    queue.Enqueue(target);
                }
            }
        }

        throw new InvalidOperationException("A strongly connected component has no cycle through its first step.");
    }

    internal static IEnumerable<string> Successors(JourneyStep step) => step.Successors.Distinct(StringComparer.Ordinal);

    public static bool TryDuration(string value, out TimeSpan duration)
    {
        try
        {
            duration = XmlConvert.ToTimeSpan(value);
            return true;
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            duration = default;
            return false;
        }
    }
}
