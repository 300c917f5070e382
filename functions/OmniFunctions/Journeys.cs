using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using OmniFunctions.Adapters;
using OmniFunctions.Core.Api;
using OmniFunctions.Core.Journeys;
using OmniFunctions.Core.Outbound;

namespace OmniFunctions;

/// <summary>Journey runs as Durable orchestrations, their activities, and the marketer API.</summary>
public sealed class Journeys(JourneysEndpoint api, JourneyActivities activities)
{
    [Function(IJourneyOrchestrations.OrchestratorName)]
    public static Task<JourneyRunResult> JourneyOrchestrator([OrchestrationTrigger] TaskOrchestrationContext context) =>
        JourneyOrchestration.RunAsync(new DurableOrchestrationRuntime(context), context.GetInput<JourneyRunInput>()!);

    [Function(JourneyActivityNames.LoadProfile)]
    public Task<ProfileSnapshot> LoadProfile([ActivityTrigger] ProfileSnapshotRequest request) => activities.LoadProfileAsync(request);

    [Function(JourneyActivityNames.Send)]
    public Task<SendOutcome> Send([ActivityTrigger] SendRequest request) => activities.SendAsync(request);

    [Function(JourneyActivityNames.UpdateProfile)]
    public Task<bool> UpdateProfile([ActivityTrigger] PreferredChannelUpdate update) => activities.UpdateProfileAsync(update);

    [Function(JourneyActivityNames.CancelCallback)]
    public Task<bool> CancelCallback([ActivityTrigger] CallbackCancellation cancellation) => activities.CancelCallbackAsync(cancellation);

    [Function(JourneyActivityNames.RunFinished)]
    public Task<bool> RunFinished([ActivityTrigger] JourneyRunFinished finished) => activities.FinishRunAsync(finished);

    [Function(nameof(ListJourneys))]
    public Task<IActionResult> ListJourneys(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Prefix + ApiRoutes.Journeys)] HttpRequest request, CancellationToken cancellationToken) =>
        api.ListAsync(request, cancellationToken).AsActionResult();

    [Function(nameof(SetJourneyStatus))]
    public Task<IActionResult> SetJourneyStatus(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = ApiRoutes.Prefix + ApiRoutes.JourneyStatus)] HttpRequest request, string id, CancellationToken cancellationToken) =>
        api.SetStatusAsync(request, id, cancellationToken).AsActionResult();

    [Function(nameof(PutJourney))]
    public Task<IActionResult> PutJourney(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = ApiRoutes.Prefix + ApiRoutes.Journey)] HttpRequest request, string id, CancellationToken cancellationToken) =>
        api.PutAsync(request, id, cancellationToken).AsActionResult();

    [Function(nameof(GetJourney))]
    public Task<IActionResult> GetJourney(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Prefix + ApiRoutes.Journey)] HttpRequest request, string id, CancellationToken cancellationToken) =>
        api.GetAsync(request, id, cancellationToken).AsActionResult();

    [Function(nameof(SimulateJourney))]
    public Task<IActionResult> SimulateJourney(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.Prefix + ApiRoutes.JourneySimulation)] HttpRequest request, string id, CancellationToken cancellationToken) =>
        api.SimulateAsync(request, id, cancellationToken).AsActionResult();

    [Function(nameof(StartJourneyRuns))]
    public Task<IActionResult> StartJourneyRuns(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.Prefix + ApiRoutes.JourneyRuns)] HttpRequest request, string id,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        api.StartRunsAsync(request, id, new DurableJourneyOrchestrations(client), cancellationToken).AsActionResult();

    [Function(nameof(GetJourneyRun))]
    public Task<IActionResult> GetJourneyRun(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Prefix + ApiRoutes.JourneyRun)] HttpRequest request, string runId, CancellationToken cancellationToken) =>
        api.GetRunAsync(request, runId, cancellationToken).AsActionResult();

    [Function(nameof(CancelJourneyRun))]
    public Task<IActionResult> CancelJourneyRun(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = ApiRoutes.Prefix + ApiRoutes.JourneyRun)] HttpRequest request, string runId,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        api.CancelRunAsync(request, runId, new DurableJourneyOrchestrations(client), cancellationToken).AsActionResult();

    [Function(nameof(SignalJourneyRun))]
    public Task<IActionResult> SignalJourneyRun(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.Prefix + ApiRoutes.JourneyRunSignals)] HttpRequest request, string runId,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        api.SignalRunAsync(request, runId, new DurableJourneyOrchestrations(client), cancellationToken).AsActionResult();
}
