using OmniFunctions.Core.Interactions;
using OmniFunctions.Core.Profiles;

namespace OmniFunctions.Core.Outbound;

/// <summary>
/// The rules consulted before every send (pure: no clock, no I/O): consent, quiet hours, channel order, the
/// duplicate window. The frequency cap is counted in storage by <see cref="SendLedger"/>.
/// </summary>
internal static class SendPolicy
{
    public const string Preferred = "preferred";
    public const string Last = "last";

    /// <summary>
    /// Null when the contact point may receive this purpose; else why not. Marketing needs consent granted for that
    /// contact point; transactional needs none but respects an explicit block (transactional withdrawn, or the
    /// person blocked or unsubscribed from the channel itself).
    /// </summary>
    public static string? ConsentRefusal(IReadOnlyList<ConsentRecord> consents, string contactPoint, string purpose)
    {
        ArgumentNullException.ThrowIfNull(consents);
        var forPoint = consents.Where(c => c.ContactPoint == contactPoint).ToList();
        var blocked = forPoint.Any(c => !c.Granted && (c.Purpose == ConsentPurposes.Transactional || c.Evidence is "telegram.blocked" or "viber.unsubscribed"));
        if (blocked)
        {
            return "blocked";
        }

        if (purpose == ConsentPurposes.Transactional)
        {
            return null;
        }

        return forPoint.FirstOrDefault(c => c.Purpose == ConsentPurposes.Marketing) switch
        {
            null => "no-consent",
            { Granted: false } => "consent-withdrawn",
            _ => null,
        };
    }

    /// <summary>Null outside quiet hours; else the first minute, in UTC, when sending is allowed again.</summary>
    public static DateTimeOffset? QuietUntil(DateTimeOffset now, TimeZoneInfo zone, TimeOnly start, TimeOnly end)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var time = TimeOnly.FromDateTime(local.DateTime);
        var quiet = start <= end ? time >= start && time < end : time >= start || time < end;
        if (!quiet || start == end)
        {
            return null;
        }

        var day = DateOnly.FromDateTime(local.DateTime);
        if (start > end && time >= start)
        {
            day = day.AddDays(1);
        }

        return LocalToUtc(day.ToDateTime(end), zone);
    }

    /// <summary>
    /// The instant a wall-clock time happens in <paramref name="zone"/>: a time in a DST gap moves to the first valid
    /// minute after it; in the repeated hour when clocks go back, the first occurrence counts.
    /// </summary>
    public static DateTimeOffset LocalToUtc(DateTime local, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(1);
        }

        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    /// <summary>The channels to try, in order: the request's, with <c>preferred</c>/<c>last</c> resolved; by default both.</summary>
    public static IReadOnlyList<string> ChannelOrder(SendRequest request, Profile profile)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(profile);
        var wanted = request.Channels.Count == 0 ? [Preferred, Last] : request.Channels;
        return [.. wanted
            .Select(c => c switch
            {
                // The call center is reached by callback steps, never as someone's "preferred" or "last" messenger.
                Preferred => Messaging(profile.EffectivePreferredChannel),
                Last => Messaging(profile.LastChannel),
                _ => c,
            })
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)];
    }

    private static string? Messaging(string? channel) => channel == "callcenter" ? null : channel;

    /// <summary>True inside WhatsApp's customer-service window (free-form messages allowed).</summary>
    public static bool InWhatsAppWindow(DateTimeOffset now, DateTimeOffset? lastInbound, TimeSpan window) =>
        lastInbound is { } last && now - last < window;

    public static TimeZoneInfo ZoneOf(Profile profile, string defaultZone)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return profile.TimeZone is { } id && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone)
            ? zone
            : TimeZoneInfo.FindSystemTimeZoneById(defaultZone);
    }
}
