using OmniFunctions.Core.Interactions;
using OmniFunctions.Core.Outbound;
using OmniFunctions.Core.Profiles;
using OmniFunctions.Core.Templates;

namespace OmniFunctions.Core.Journeys;

/// <summary>
/// The marketers' dry run: the real interpreter on <see cref="SimulatedJourneyContext"/>, with sends decided by the
/// real <see cref="SendPolicy"/> rules (quiet hours, channel order, reachability) on a profile snapshot, no I/O.
/// </summary>
internal static class JourneySimulator
{
    public static SimulationResult Run(
        JourneyDefinition definition, ProfileSnapshot profile, IEnumerable<JourneySignal> signals, DateTimeOffset start, OutboundOptions policy,
        IReadOnlyDictionary<string, CompiledTemplate>? templates = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(policy);
        var zone = SendPolicy.ZoneOf(new Profile { Id = profile.ProfileId, TimeZone = profile.TimeZone }, policy.DefaultTimeZone);
        profile = profile with
        {
            TimeZone = zone.Id,
            ZoneRules = ZoneRules.Serialize(zone, start),
            BusinessDays = profile.BusinessDays ?? policy.Calendar.For(profile.Country, DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(start, zone).DateTime)),
        };
        var sends = new List<SimulatedSend>();
        var context = new SimulatedJourneyContext(start, signals, (name, input, now) => name switch
        {
            JourneyActivityNames.LoadProfile => profile,
            JourneyActivityNames.Send => Record(sends, (SendRequest)input, now, Decide((SendRequest)input, profile, now, policy), profile, zone, templates),
            JourneyActivityNames.UpdateProfile or JourneyActivityNames.CancelCallback => true,
            _ => throw new InvalidOperationException($"Unknown activity {name}."),
        });
        var run = JourneyInterpreter.RunAsync(context, new JourneyRunInput("simulation", profile.ProfileId, definition)).GetAwaiter().GetResult();
        return new SimulationResult(run, sends, context.ActivityCalls.Count);
    }

    /// <summary>What the dispatcher would decide, minus storage: quiet hours, then the first reachable channel in order.</summary>
    public static SendOutcome Decide(SendRequest request, ProfileSnapshot profile, DateTimeOffset now, OutboundOptions policy)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(policy);
        var person = new Profile { Id = profile.ProfileId, PreferredChannel = profile.PreferredChannel, LastChannel = profile.LastChannel, TimeZone = profile.TimeZone };
        var order = SendPolicy.ChannelOrder(request, person);
        if (request.Purpose == ConsentPurposes.Marketing
            && SendPolicy.QuietUntil(now, SendPolicy.ZoneOf(person, policy.DefaultTimeZone), policy.QuietHoursStart, policy.QuietHoursEnd) is { } until)
        {
            return new SendOutcome(SendStatus.Deferred, order.FirstOrDefault(), null, "quiet-hours", until);
        }

        var channel = order.FirstOrDefault(profile.Reachable.Contains);
        return channel is null
            ? new SendOutcome(SendStatus.Skipped, order.FirstOrDefault(), null, "no-usable-channel", null) { Attempts = [.. order.Select(c => c + ":unreachable")] }
            : new SendOutcome(SendStatus.Sent, channel, request.SendId, null, null) { Attempts = [.. order.TakeWhile(c => c != channel).Select(c => c + ":unreachable")] };
    }

    private static SendOutcome Record(
        List<SimulatedSend> sends, SendRequest request, DateTimeOffset now, SendOutcome outcome, ProfileSnapshot profile, TimeZoneInfo zone,
        IReadOnlyDictionary<string, CompiledTemplate>? templates)
    {
        // The snapshot has no name or conversation: the render shows the template's defaults for those.
        var rendered = request.RendersTemplate && outcome.Channel is { } channel && request.Template is { } id && templates?.GetValueOrDefault(id) is { } compiled
            ? TemplateRenderer.Render(compiled, channel, profile.Locale, new TemplateData
            {
                Profile = new() { Id = profile.ProfileId, Locale = profile.Locale, TimeZone = profile.TimeZone, PreferredChannel = profile.PreferredChannel, LastChannel = profile.LastChannel },
                Journey = request.Journey is { } j ? new TemplateJourney(j.JourneyId, j.Version, j.StepId, j.RunId) : null,
            }, now, zone)
            : null;
        sends.Add(new SimulatedSend(request.SendId, now, outcome)
        {
            Template = request.Template,
            TemplateVersion = rendered?.TemplateVersion,
            Subject = rendered is null ? request.Subject : rendered.Subject,
            Text = rendered is null ? request.Text : rendered.Text,
        });
        return outcome;
    }
}
