using Microsoft.AspNetCore.Http;
using OmniFunctions.Core.Journeys;
using OmniFunctions.Core.Profiles;
using OmniFunctions.Core.Security;

namespace OmniFunctions.Core.Api;

/// <summary>
/// The operator API (docs/architecture.md, "HTTP API"): <c>Profiles.Read</c> to look people up and read their timeline,
/// <c>Profiles.Manage</c> to change consent, merge, unmerge, export and erase.
/// </summary>
public sealed class ProfilesEndpoint(ProfileService profiles, JourneyRunService runs, ApiPipeline pipeline)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    private static readonly Dictionary<string, Func<string, Identifier?>> Lookups = new(StringComparer.OrdinalIgnoreCase)
    {
        ["phone"] = v => Identifier.Phone(v, IdentifierTrust.Verified),
        ["email"] = v => Identifier.Email(v, IdentifierTrust.Verified),
        [IdentifierKinds.Telegram] = v => new Identifier(IdentifierKinds.Telegram, v, IdentifierTrust.Verified),
        [IdentifierKinds.WhatsApp] = v => new Identifier(IdentifierKinds.WhatsApp, v, IdentifierTrust.Verified),
        [IdentifierKinds.Viber] = v => new Identifier(IdentifierKinds.Viber, v, IdentifierTrust.Verified),
        [IdentifierKinds.Visitor] = v => new Identifier(IdentifierKinds.Visitor, v, IdentifierTrust.Verified),
        [IdentifierKinds.SiteUser] = v => new Identifier(IdentifierKinds.SiteUser, v, IdentifierTrust.Verified),
        [IdentifierKinds.WhatsAppParent] = v => new Identifier(IdentifierKinds.WhatsAppParent, v, IdentifierTrust.Verified),
        // A caller nobody verified: its profile is found by the number the phone network asserted.
        [IdentifierKinds.Caller] = v => Identifier.Phone(v, IdentifierTrust.Verified) is { } phone
            ? new Identifier(IdentifierKinds.Caller, phone.Value, IdentifierTrust.Verified) : null,
    };

    /// <summary><c>GET api/profiles/{id}</c>; a merged profile answers with the person it was merged into.</summary>
    public Task<IResult> GetAsync(HttpRequest request, string id, CancellationToken cancellationToken = default) =>
        RunAsync(request, ApiRoles.ProfilesRead, async _ =>
            await profiles.GetAsync(id, cancellationToken).ConfigureAwait(false) is { } profile
                ? ApiJson.Ok(profile, ApiJsonContext.Default.Profile)
                : NotFound(), cancellationToken);

    /// <summary><c>GET api/profiles?phone=…</c> (or email, telegram, whatsapp, viber, visitor, user): exactly one.</summary>
    public Task<IResult> FindAsync(HttpRequest request, CancellationToken cancellationToken = default) =>
        RunAsync(request, ApiRoles.ProfilesRead, async _ =>
        {
            if (request.Query.Count != 1 || request.Query.Single() is not { Value.Count: 1 } parameter
                || !Lookups.TryGetValue(parameter.Key, out var lookup))
            {
                return Problems.BadRequest("Give exactly one of: " + string.Join(", ", Lookups.Keys) + ".");
            }

            var value = parameter.Value.ToString();
            if (lookup(value) is not { } identifier || string.IsNullOrWhiteSpace(value))
            {
                return Problems.BadRequest($"The {parameter.Key} is not valid.");
            }

            return await profiles.FindAsync(identifier, cancellationToken).ConfigureAwait(false) is { } profile
                ? ApiJson.Ok(profile, ApiJsonContext.Default.Profile)
                : NotFound();
        }, cancellationToken);

    /// <summary><c>GET api/profiles/{id}/timeline?pageSize=&amp;continuation=</c>, newest first.</summary>
    public Task<IResult> GetTimelineAsync(HttpRequest request, string id, CancellationToken cancellationToken = default) =>
        RunAsync(request, ApiRoles.ProfilesRead, async _ =>
        {
            var pageSize = DefaultPageSize;
            if (request.Query.TryGetValue("pageSize", out var size)
                && (!int.TryParse(size, out pageSize) || pageSize is < 1 or > MaxPageSize))
            {
                return Problems.BadRequest($"pageSize must be between 1 and {MaxPageSize}.");
            }

            try
            {
                var (entries, continuation) = await profiles.GetTimelinePageAsync(id, pageSize, request.Query["continuation"].FirstOrDefault(), cancellationToken).ConfigureAwait(false);
                return ApiJson.Ok(new TimelinePage(entries, continuation), ApiJsonContext.Default.TimelinePage);
            }
            catch (FormatException invalidContinuation)
            {
                return Problems.BadRequest(invalidContinuation.Message);
            }
        }, cancellationToken);

    /// <summary><c>GET api/profiles/{id}/consents</c>.</summary>
    public Task<IResult> GetConsentsAsync(HttpRequest request, string id, CancellationToken cancellationToken = default) =>
        RunAsync(request, ApiRoles.ProfilesRead, async _ =>
            ApiJson.Ok(await profiles.GetConsentsAsync(id, cancellationToken).ConfigureAwait(false), ApiJsonContext.Default.ListConsentRecord),
            cancellationToken);

    /// <summary><c>PUT api/profiles/{id}/consents/{contactPoint}/{purpose}</c> with <c>{"granted": bool, "evidence": "…"}</c>.</summary>
    public Task<IResult> SetConsentAsync(HttpRequest request, string id, string contactPoint, string purpose, CancellationToken cancellationToken = default) =>
        RunAsync(request, ApiRoles.ProfilesManage, async caller =>
        {
            if (purpose is not (Interactions.ConsentPurposes.Marketing or Interactions.ConsentPurposes.Transactional))
            {
                return Problems.BadRequest("purpose must be marketing or transactional.");
            }

            var (body, problem) = await ApiJson.ReadAsync(request, ApiJsonContext.Default.ConsentChangeRequest, cancellationToken).ConfigureAwait(false);
            if (problem is not null)
            {
                return problem;
            }

            var consent = await profiles.SetConsentAsync(id, contactPoint, purpose, body!.Granted, body.Evidence, caller.ObjectId, cancellationToken).ConfigureAwait(false);
            return ApiJson.Ok(consent, ApiJsonContext.Default.ConsentRecord);
        }, cancellationToken);

    /// <summary>
    /// <c>PUT api/profiles/{id}/identifiers/{identifierKey}/verification</c> with <c>{"evidence": "…"}</c>: an operator
    /// verifies one of the person's claims, which then may receive messages and consent.
    /// </summary>
    public Task<IResult> VerifyClaimAsync(HttpRequest request, string id, string identifierKey, CancellationToken cancellationToken = default) =>
        RunAsync(request, ApiRoles.ProfilesManage, async caller =>
        {
            var (body, problem) = await ApiJson.ReadAsync(request, ApiJsonContext.Default.VerificationRequest, cancellationToken).ConfigureAwait(false);
            if (problem is not null)
            {
                return problem;
            }

            return string.IsNullOrWhiteSpace(body!.Evidence)
                ? Problems.BadRequest("evidence is required: say how the claim was verified.")
                : ApiJson.Ok(await profiles.VerifyClaimAsync(id, identifierKey, body.Evidence, caller.ObjectId, cancellationToken).ConfigureAwait(false), ApiJsonContext.Default.Profile);
        }, cancellationToken);

    /// <summary><c>GET api/profiles/{id}/merge-suggestions</c>.</summary>
    public Task<IResult> GetSuggestionsAsync(HttpRequest request, string id, CancellationToken cancellationToken = default) =>
        RunAsync(request, ApiRoles.ProfilesRead, async _ =>
            ApiJson.Ok(await profiles.GetSuggestionsAsync(id, cancellationToken).ConfigureAwait(false), ApiJsonContext.Default.ListMergeSuggestion),
            cancellationToken);

    /// <summary><c>GET api/profiles/{id}/merges</c>: the profiles merged into the person, newest first (unmerged ones marked).</summary>
    public Task<IResult> GetMergesAsync(HttpRequest request, string id, CancellationToken cancellationToken = default) =>
        RunAsync(request, ApiRoles.ProfilesRead, async _ =>
            ApiJson.Ok(await profiles.GetMergesAsync(id, cancellationToken).ConfigureAwait(false), ApiJsonContext.Default.ListProfileMerge),
            cancellationToken);

    /// <summary><c>GET api/profiles/{id}/runs</c>: the person's journey runs (the profiles merged into them too), newest first, with the path each took.</summary>
    public Task<IResult> GetRunsAsync(HttpRequest request, string id, CancellationToken cancellationToken = default) =>
        RunAsync(request, ApiRoles.ProfilesRead, async _ =>
            Results.Json(
                await runs.RunsOfPersonAsync(await profiles.PartsAsync(id, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false),
                JourneyApiJsonContext.Default.ListJourneyRun),
            cancellationToken);

    /// <summary>
    /// <c>POST api/profiles/{id}/merges</c> with <c>{"profileId": "…"}</c>: an operator confirms they are one person;
    /// their journey runs follow (one active run per journey is kept).
    /// </summary>
    public Task<IResult> MergeAsync(HttpRequest request, string id, IJourneyOrchestrations orchestrations, CancellationToken cancellationToken = default) =>
        RunAsync(request, ApiRoles.ProfilesManage, async caller =>
        {
            var (body, problem) = await ApiJson.ReadAsync(request, ApiJsonContext.Default.MergeRequest, cancellationToken).ConfigureAwait(false);
            if (problem is not null)
            {
                return problem;
            }

            var survivor = await profiles.MergeAsync(id, body!.ProfileId, caller.ObjectId, cancellationToken).ConfigureAwait(false);
            return ApiJson.Ok(await runs.FollowPersonAsync(survivor, orchestrations, cancellationToken).ConfigureAwait(false), ApiJsonContext.Default.Profile);
        }, cancellationToken);

    /// <summary><c>DELETE api/profiles/{id}/merges/{mergedId}</c>: undoes a merge; answers with the restored profile.</summary>
    public Task<IResult> UnmergeAsync(HttpRequest request, string id, string mergedId, CancellationToken cancellationToken = default) =>
        RunAsync(request, ApiRoles.ProfilesManage, async caller =>
            ApiJson.Ok((await profiles.UnmergeAsync(id, mergedId, caller.ObjectId, cancellationToken).ConfigureAwait(false)).Restored, ApiJsonContext.Default.Profile),
            cancellationToken);

    /// <summary><c>GET api/profiles/{id}/export</c>: everything held about the person (GDPR access).</summary>
    public Task<IResult> ExportAsync(HttpRequest request, string id, CancellationToken cancellationToken = default) =>
        RunAsync(request, ApiRoles.ProfilesManage, async _ =>
            ApiJson.Ok(await profiles.ExportAsync(id, cancellationToken).ConfigureAwait(false), ApiJsonContext.Default.ProfileExport),
            cancellationToken);

    /// <summary><c>DELETE api/profiles/{id}?suppress=true</c>: erases the person (GDPR erasure), their journey runs' histories included.</summary>
    public Task<IResult> EraseAsync(HttpRequest request, string id, IJourneyOrchestrations orchestrations, CancellationToken cancellationToken = default) =>
        RunAsync(request, ApiRoles.ProfilesManage, async _ =>
        {
            var suppress = request.Query["suppress"].FirstOrDefault();
            if (suppress is not (null or "true" or "false"))
            {
                return Problems.BadRequest("suppress must be true or false.");
            }

            if (suppress == "true" && !profiles.CanSuppress)
            {
                // Checked before anything is deleted: refusing must not leave a half-erased person.
                return Problems.Of(StatusCodes.Status503ServiceUnavailable, "Erasure with suppression is not available: Profiles:SuppressionKey is not configured.");
            }

            var runIds = await profiles.EraseAsync(id, suppress == "true", cancellationToken).ConfigureAwait(false);
            await runs.EndErasedAsync(runIds, orchestrations, cancellationToken).ConfigureAwait(false);
            return Results.NoContent();
        }, cancellationToken);

    private Task<IResult> RunAsync(HttpRequest request, string role, Func<Caller, Task<IResult>> action, CancellationToken cancellationToken) =>
        pipeline.RunAsync(request, role, action, cancellationToken);

    private static IResult NotFound() => Problems.NotFound("No such profile.");
}
