using Microsoft.Extensions.Options;
using OmniFunctions.Core.Channels;
using OmniFunctions.Core.Channels.CallCenter;
using OmniFunctions.Core.Outbound;
using OmniFunctions.Core.Profiles;

namespace OmniFunctions.Core.Journeys;

/// <summary>The side effects of a journey run; the hosts' activity functions are one line into each.</summary>
public sealed class JourneyActivities(
    ProfileStore profiles, IEnumerable<IChannelSender> senders, OutboundDispatcher dispatcher, CallbackSender callbacks,
    JourneyRunService runs, IOptions<OutboundOptions> outbound, TimeProvider time)
{
    /// <summary>
    /// What branches and local-time waits need, and which channels can reach the person for this purpose. The time
    /// zone (the person's, else <c>Outbound:DefaultTimeZone</c>, as quiet hours use) is resolved here, not in the
    /// orchestration, so replays on hosts with other time-zone data decide the same.
    /// </summary>
    public async Task<ProfileSnapshot> LoadProfileAsync(ProfileSnapshotRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var profile = await profiles.GetCurrentAsync(request.ProfileId, cancellationToken).ConfigureAwait(false);
        if (profile is null)
        {
            return new ProfileSnapshot(request.ProfileId);  // erased meanwhile: nothing is reachable
        }

        var consents = await profiles.GetConsentsAsync(profile.Id, cancellationToken).ConfigureAwait(false);
        var reachable = senders
            .Where(s => s.IsEnabled && s.AddressOf(profile) is { } address && SendPolicy.ConsentRefusal(consents, address.Key, request.Purpose) is null)
            .Select(s => s.Channel)
            .Distinct(StringComparer.Ordinal);
        var zone = SendPolicy.ZoneOf(profile, outbound.Value.DefaultTimeZone);
        var now = time.GetUtcNow();
        var country = CountryOf(profile);
        return new ProfileSnapshot(profile.Id)
        {
            Country = country,
            BusinessDays = outbound.Value.Calendar.For(country, DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime)),
            TimeZone = zone.Id,
            ZoneRules = Journeys.ZoneRules.Serialize(zone, now),
            PreferredChannel = profile.EffectivePreferredChannel,
            LastChannel = profile.LastChannel,
            Locale = profile.Locale,
            IdentifierKinds = [.. profile.Identifiers.Select(i => i.Kind).Distinct(StringComparer.Ordinal)],
            Reachable = [.. reachable],
        };
    }

    /// <summary>The country whose holidays the person keeps: their phone number's, else their locale's region.</summary>
    internal static string? CountryOf(Profile profile)
    {
        if (profile.Identifiers.FirstOrDefault(i => i.Kind == IdentifierKinds.Phone) is { } phone && PhoneNormalizer.CountryOf(phone.Value) is { } country)
        {
            return country;
        }

        var dash = profile.Locale?.LastIndexOf('-') ?? -1;
        return dash > 0 && profile.Locale!.Length - dash == 3 ? profile.Locale[(dash + 1)..].ToUpperInvariant() : null;
    }

    /// <summary>Runs an activity by name: for hosts whose engine dispatches by name (the local engine), not Durable's functions.</summary>
    public async Task<object> RunAsync(string name, object input, CancellationToken cancellationToken = default) => name switch
    {
        JourneyActivityNames.LoadProfile => await LoadProfileAsync((ProfileSnapshotRequest)input, cancellationToken).ConfigureAwait(false),
        JourneyActivityNames.Send => await SendAsync((SendRequest)input, cancellationToken).ConfigureAwait(false),
        JourneyActivityNames.UpdateProfile => await UpdateProfileAsync((PreferredChannelUpdate)input, cancellationToken).ConfigureAwait(false),
        JourneyActivityNames.CancelCallback => await CancelCallbackAsync((CallbackCancellation)input, cancellationToken).ConfigureAwait(false),
        JourneyActivityNames.RunFinished => await FinishRunAsync((JourneyRunFinished)input, cancellationToken).ConfigureAwait(false),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "No such journey activity."),
    };

    public Task<SendOutcome> SendAsync(SendRequest request, CancellationToken cancellationToken = default) =>
        dispatcher.SendAsync(request, cancellationToken);

    public async Task<bool> UpdateProfileAsync(PreferredChannelUpdate update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        if (await profiles.GetCurrentAsync(update.ProfileId, cancellationToken).ConfigureAwait(false) is not { } profile)
        {
            return false;
        }

        await profiles.UpdateAsync(profile, p => p.PreferredChannel == update.PreferredChannel ? null : p with { PreferredChannel = update.PreferredChannel }, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Tells the call center a requested callback is no longer wanted; a failure throws, so it is retried.</summary>
    public async Task<bool> CancelCallbackAsync(CallbackCancellation cancellation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cancellation);
        var result = await callbacks.CancelAsync(cancellation, cancellationToken).ConfigureAwait(false);
        return result.Kind switch
        {
            SendResultKind.Sent => true,
            SendResultKind.TransientFailure => throw new HttpRequestException($"The call center did not take the cancellation: {result.Code}."),
            _ => false,
        };
    }

    public async Task<bool> FinishRunAsync(JourneyRunFinished finished, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(finished);
        await runs.FinishAsync(finished.RunId, finished.Result, cancellationToken).ConfigureAwait(false);
        return true;
    }
}
