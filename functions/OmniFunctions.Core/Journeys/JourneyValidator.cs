using System.Globalization;
using System.Xml;

namespace OmniFunctions.Core.Journeys;

/// <summary>A problem in a definition, with the JSON path that has it.</summary>
public sealed record JourneyError(string Path, string Message);

/// <summary>Checks a definition completely and lists every error, so a marketer fixes them all at once.</summary>
public static class JourneyValidator
{
    public static IReadOnlyList<JourneyError> Validate(JourneyDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
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

        if (definition.Steps.Count == 0)
        {
            errors.Add(new("$.steps", "needs at least one step."));
        }

        if (!definition.Steps.ContainsKey(definition.Start))
        {
            errors.Add(new("$.start", $"names no step ('{definition.Start}')."));
        }

        foreach (var (id, step) in definition.Steps)
        {
            ValidateStep(definition, $"$.steps.{id}", step, errors);
        }

        if (errors.Count == 0)
        {
            errors.AddRange(BusyLoops(definition));
        }

        return errors;
    }

    private static void ValidateStep(JourneyDefinition definition, string path, JourneyStep step, List<JourneyError> errors)
    {
        void Target(string member, string? target, bool required = true)
        {
            if (target is null)
            {
                if (required)
                {
                    errors.Add(new($"{path}.{member}", "is required."));
                }
            }
            else if (!definition.Steps.ContainsKey(target))
            {
                errors.Add(new($"{path}.{member}", $"names no step ('{target}')."));
            }
        }

        void Duration(string member, string? value, bool required)
        {
            if (value is null)
            {
                if (required)
                {
                    errors.Add(new($"{path}.{member}", "is required."));
                }
            }
            else if (!TryDuration(value, out var duration) || duration <= TimeSpan.Zero)
            {
                errors.Add(new($"{path}.{member}", "must be a positive ISO 8601 duration such as PT24H."));
            }
        }

        void TimeOfDay(string member, string? value)
        {
            if (value is not null && !TimeOnly.TryParseExact(value, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            {
                errors.Add(new($"{path}.{member}", "must be a local time HH:mm."));
            }
        }

        switch (step.Kind)
        {
            case JourneyStepKinds.Send:
                Target("next", step.Next);
                if (step.Text is null && step.ProviderTemplate is null)
                {
                    errors.Add(new($"{path}.text", "a send needs text or a providerTemplate."));
                }

                break;
            case JourneyStepKinds.Wait:
                Target("next", step.Next);
                if ((step.Duration is null) == (step.Until is null))
                {
                    errors.Add(new(path, "a wait needs exactly one of duration or until."));
                }

                Duration("duration", step.Duration, required: false);
                TimeOfDay("until", step.Until);
                break;
            case JourneyStepKinds.WaitFor:
                if (step.Signals is not { Count: > 0 })
                {
                    errors.Add(new($"{path}.signals", "needs at least one signal type."));
                }

                Duration("timeout", step.Timeout, required: true);
                Target("onSignal", step.OnSignal);
                Target("onTimeout", step.OnTimeout);
                break;
            case JourneyStepKinds.Callback:
                Duration("timeout", step.Timeout, required: true);
                TimeOfDay("businessHoursStart", step.BusinessHoursStart);
                TimeOfDay("businessHoursEnd", step.BusinessHoursEnd);
                Target("onTimeout", step.OnTimeout);
                Target("next", step.Next);
                foreach (var (outcome, target) in step.OnOutcome ?? new Dictionary<string, string>())
                {
                    Target($"onOutcome.{outcome}", target);
                }

                break;
            case JourneyStepKinds.Branch:
                if (step.Conditions is not { Count: > 0 })
                {
                    errors.Add(new($"{path}.conditions", "needs at least one condition."));
                }

                for (var i = 0; i < (step.Conditions?.Count ?? 0); i++)
                {
                    var condition = step.Conditions![i];
                    var tests = new[] { condition.Reachable, condition.HasIdentifier, condition.LastSignal, condition.Trait }.Count(t => t is not null);
                    if (tests != 1)
                    {
                        errors.Add(new($"{path}.conditions[{i}]", "needs exactly one of reachable, hasIdentifier, lastSignal, trait."));
                    }

                    if (condition.Trait is not null and not ("preferredChannel" or "lastChannel" or "locale"))
                    {
                        errors.Add(new($"{path}.conditions[{i}].trait", "must be preferredChannel, lastChannel or locale."));
                    }

                    Target($"conditions[{i}].next", condition.Next);
                }

                Target("otherwise", step.Otherwise);
                break;
            case JourneyStepKinds.UpdateProfile:
                Target("next", step.Next);
                break;
            case JourneyStepKinds.Exit:
                break;
            default:
                errors.Add(new($"{path}.kind", $"'{step.Kind}' is not a step kind ({string.Join(", ", JourneyStepKinds.All.Order(StringComparer.Ordinal))})."));
                break;
        }
    }

    /// <summary>A cycle through steps none of which waits would spin forever without letting time pass.</summary>
    private static IEnumerable<JourneyError> BusyLoops(JourneyDefinition definition)
    {
        var reported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var start in definition.Steps.Keys.Where(k => !JourneyStepKinds.Waits(definition.Steps[k].Kind)))
        {
            var stack = new Stack<(string Step, List<string> Path)>([(start, [start])]);
            while (stack.TryPop(out var current))
            {
                foreach (var next in Successors(definition.Steps[current.Step]).Where(n => !JourneyStepKinds.Waits(definition.Steps[n].Kind)))
                {
                    if (next == start)
                    {
                        var cycle = string.Join(" → ", current.Path.Append(next));
                        if (reported.Add(string.Join(",", current.Path.Order(StringComparer.Ordinal))))
                        {
                            yield return new JourneyError($"$.steps.{start}", $"cycle without a wait: {cycle}.");
                        }
                    }
                    else if (!current.Path.Contains(next))
                    {
                        stack.Push((next, [.. current.Path, next]));
                    }
                }
            }
        }
    }

    internal static IEnumerable<string> Successors(JourneyStep step) =>
        new[] { step.Next, step.OnSignal, step.OnTimeout, step.Otherwise }
            .Concat(step.Conditions?.Select(c => c.Next) ?? [])
            .Concat(step.OnOutcome?.Values ?? [])
            .OfType<string>()
            .Distinct(StringComparer.Ordinal);

    public static bool TryDuration(string value, out TimeSpan duration)
    {
        try
        {
            duration = XmlConvert.ToTimeSpan(value);
            return true;
        }
        catch (FormatException)
        {
            duration = default;
            return false;
        }
    }
}
