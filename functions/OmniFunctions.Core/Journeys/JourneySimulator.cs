using OmniFunctions.Core.Interactions;
using OmniFunctions.Core.Outbound;
using OmniFunctions.Core.Profiles;

namespace OmniFunctions.Core.Journeys;

/// <summary>
/// The marketers' dry run: the real interpreter on <see cref="SimulatedJourneyContext"/>, with sends decided by the
/// real <see cref="SendPolicy"/> rules (quiet hours, channel order, reachability) on a profile snapshot, no I/O.
/// </summary>
internal static class JourneySimulator
{
    public static SimulationResult Run(
        JourneyDefinition definition, ProfileSnapshot profile, IEnumerable<JourneySignal> signals, DateTimeOffset start, OutboundOptions policy)
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
            JourneyActivityNames.Send => Record(sends, (SendRequest)input, now, Decide((SendRequest)input, profile, now, policy)),
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

    private static SendOutcome Record(List<SimulatedSend> sends, SendRequest request, DateTimeOffset now, SendOutcome outcome)
    {
        sends.Add(new SimulatedSend(request.SendId, now, outcome));
        return outcome;
    }
}
