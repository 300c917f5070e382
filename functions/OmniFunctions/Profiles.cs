using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using OmniFunctions.Adapters;
using OmniFunctions.Core.Api;

namespace OmniFunctions;

/// <summary>The operator API; authentication and roles are checked in Core (Entra ID bearer tokens).</summary>
public sealed class Profiles(ProfilesEndpoint api)
{
    [Function(nameof(GetProfile))]
    public Task<IActionResult> GetProfile(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Prefix + ApiRoutes.Profile)] HttpRequest request, string id, CancellationToken cancellationToken) =>
        api.GetAsync(request, id, cancellationToken).AsActionResult();

    [Function(nameof(FindProfile))]
    public Task<IActionResult> FindProfile(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Prefix + ApiRoutes.Profiles)] HttpRequest request, CancellationToken cancellationToken) =>
        api.FindAsync(request, cancellationToken).AsActionResult();

    [Function(nameof(GetTimeline))]
    public Task<IActionResult> GetTimeline(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Prefix + ApiRoutes.Timeline)] HttpRequest request, string id, CancellationToken cancellationToken) =>
        api.GetTimelineAsync(request, id, cancellationToken).AsActionResult();

    [Function(nameof(GetConsents))]
    public Task<IActionResult> GetConsents(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Prefix + ApiRoutes.Consents)] HttpRequest request, string id, CancellationToken cancellationToken) =>
        api.GetConsentsAsync(request, id, cancellationToken).AsActionResult();

    [Function(nameof(SetConsent))]
    public Task<IActionResult> SetConsent(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = ApiRoutes.Prefix + ApiRoutes.Consent)] HttpRequest request,
        string id, string contactPoint, string purpose, CancellationToken cancellationToken) =>
        api.SetConsentAsync(request, id, contactPoint, purpose, cancellationToken).AsActionResult();

    [Function(nameof(VerifyClaim))]
    public Task<IActionResult> VerifyClaim(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = ApiRoutes.Prefix + ApiRoutes.ClaimVerification)] HttpRequest request,
        string id, string identifierKey, CancellationToken cancellationToken) =>
        api.VerifyClaimAsync(request, id, identifierKey, cancellationToken).AsActionResult();

    [Function(nameof(GetMergeSuggestions))]
    public Task<IActionResult> GetMergeSuggestions(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Prefix + ApiRoutes.MergeSuggestions)] HttpRequest request, string id, CancellationToken cancellationToken) =>
        api.GetSuggestionsAsync(request, id, cancellationToken).AsActionResult();

    [Function(nameof(GetMerges))]
    public Task<IActionResult> GetMerges(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Prefix + ApiRoutes.Merges)] HttpRequest request, string id, CancellationToken cancellationToken) =>
        api.GetMergesAsync(request, id, cancellationToken).AsActionResult();

    [Function(nameof(MergeProfiles))]
    public Task<IActionResult> MergeProfiles(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.Prefix + ApiRoutes.Merges)] HttpRequest request, string id,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        api.MergeAsync(request, id, new DurableJourneyOrchestrations(client), cancellationToken).AsActionResult();

    [Function(nameof(UnmergeProfiles))]
    public Task<IActionResult> UnmergeProfiles(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = ApiRoutes.Prefix + ApiRoutes.Merge)] HttpRequest request,
        string id, string mergedId, CancellationToken cancellationToken) =>
        api.UnmergeAsync(request, id, mergedId, cancellationToken).AsActionResult();

    [Function(nameof(GetPersonRuns))]
    public Task<IActionResult> GetPersonRuns(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Prefix + ApiRoutes.PersonRuns)] HttpRequest request, string id, CancellationToken cancellationToken) =>
        api.GetRunsAsync(request, id, cancellationToken).AsActionResult();

    [Function(nameof(ExportProfile))]
    public Task<IActionResult> ExportProfile(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Prefix + ApiRoutes.Export)] HttpRequest request, string id, CancellationToken cancellationToken) =>
        api.ExportAsync(request, id, cancellationToken).AsActionResult();

    [Function(nameof(EraseProfile))]
    public Task<IActionResult> EraseProfile(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = ApiRoutes.Prefix + ApiRoutes.Profile)] HttpRequest request, string id,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        api.EraseAsync(request, id, new DurableJourneyOrchestrations(client), cancellationToken).AsActionResult();
}
