using OmniFunctions.Core.Channels;
using OmniFunctions.Core.Outbound;
using OmniFunctions.Core.Profiles;

namespace OmniFunctions.Core.Journeys;

public sealed record JourneyRunFinished(string RunId, JourneyRunResult Result);

/// <summary>The side effects of a journey run; the app's activity functions are one line into each.</summary>
public sealed class JourneyActivities(
    ProfileStore profiles, IEnumerable<IChannelSender> senders, OutboundDispatcher dispatcher, JourneyRunService runs)
{
    public const string RunFinished = "JourneyRunFinished";

    /// <summary>What branches and local-time waits need, and which channels can reach the person for this purpose.</summary>
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
        return new ProfileSnapshot(profile.Id)
        {
            TimeZone = profile.TimeZone,
            PreferredChannel = profile.EffectivePreferredChannel,
            LastChannel = profile.LastChannel,
            Locale = profile.Locale,
            IdentifierKinds = [.. profile.Identifiers.Select(i => i.Kind).Distinct(StringComparer.Ordinal)],
            Reachable = [.. reachable],
        };
    }

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

    public async Task<bool> FinishRunAsync(JourneyRunFinished finished, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(finished);
        await runs.FinishAsync(finished.RunId, finished.Result, cancellationToken).ConfigureAwait(false);
        return true;
    }
}

/// <summary>The orchestrator's body: interpret, then record the outcome in the run index.</summary>
public static class JourneyOrchestration
{
    public static async Task<JourneyRunResult> RunAsync(IJourneyContext context, JourneyRunInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var result = await JourneyInterpreter.RunAsync(context, input);
        await context.RunActivityAsync<bool>(JourneyActivities.RunFinished, new JourneyRunFinished(input.RunId, result));
        return result;
    }
}
