using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using OmniFunctions.Core.Attribution;
using OmniFunctions.Core.Journeys;
using OmniFunctions.Core.Profiles;
using OmniFunctions.Core.Security;

namespace OmniFunctions.Core.Api;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectNullableAnnotations = true)]
[JsonSerializable(typeof(ConversionRequest))]
[JsonSerializable(typeof(ConversionRecord))]
[JsonSerializable(typeof(Report))]
[JsonSerializable(typeof(FunnelReport))]
internal sealed partial class AttributionApiJsonContext : JsonSerializerContext;

/// <summary>
/// Conversions in (README "Conversions"): <c>POST api/conversions</c> with a bearer token in role
/// <c>Conversions.Write</c> (the shop's backend), or <c>POST api/conversions/webhook</c> signed with Standard
/// Webhooks for systems without Entra ID (signature checked on the raw bytes before anything is parsed). The first
/// post of an order answers 201; a repeat with the same content 200 with the stored record; other content 409.
/// </summary>
public sealed class ConversionsEndpoint
{
    private readonly ConversionService conversions;
    private readonly ApiPipeline pipeline;
    private readonly IReadOnlyList<byte[]> secrets;
    private readonly TimeProvider time;

    internal ConversionsEndpoint(ConversionService conversions, ApiPipeline pipeline, IOptions<AttributionOptions> options, TimeProvider time)
    {
        this.conversions = conversions;
        this.pipeline = pipeline;
        this.time = time;
        // Unusable secrets were dropped (with a warning naming each) when the options were bound.
        secrets = [.. options.Value.WebhookSecrets.Select(StandardWebhooks.TryParseSecret).OfType<byte[]>()];
    }

    /// <summary><c>POST api/conversions</c> (role <c>Conversions.Write</c>).</summary>
    public Task<IResult> PostAsync(HttpRequest request, IJourneyOrchestrations orchestrations, CancellationToken cancellationToken = default) =>
        pipeline.RunAsync(request, ApiRoles.ConversionsWrite, async _ =>
        {
            var (body, problem) = await ApiJson.ReadBytesAsync(request, cancellationToken).ConfigureAwait(false);
            return problem ?? await RecordAsync(body, orchestrations, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    /// <summary><c>POST api/conversions/webhook</c>: Standard Webhooks (<c>Attribution:WebhookSecrets</c>); 404 while no secret is set.</summary>
    public Task<IResult> PostWebhookAsync(HttpRequest request, IJourneyOrchestrations orchestrations, CancellationToken cancellationToken = default) =>
        pipeline.GuardAsync(async () =>
        {
            ArgumentNullException.ThrowIfNull(request);
            if (secrets.Count == 0)
            {
                return Problems.NotFound("The conversions webhook is not configured.");
            }

            var (body, problem) = await ApiJson.ReadBytesAsync(request, cancellationToken).ConfigureAwait(false);
            if (problem is not null)
            {
                return problem;
            }

            var headers = request.Headers;
            if (StandardWebhooks.Verify(headers[StandardWebhooks.IdHeader], headers[StandardWebhooks.TimestampHeader], headers[StandardWebhooks.SignatureHeader],
                body.Span, secrets, time.GetUtcNow()) is { } refused)
            {
                return Problems.Unauthorized(refused);
            }

            return await RecordAsync(body, orchestrations, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    private async Task<IResult> RecordAsync(ReadOnlyMemory<byte> body, IJourneyOrchestrations orchestrations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(orchestrations);
        var (conversion, problem) = ApiJson.Parse(body, AttributionApiJsonContext.Default.ConversionRequest);
        if (problem is not null)
        {
            return problem;
        }

        var (identifiers, invalid) = Validate(conversion!);
        if (invalid is not null)
        {
            return Problems.BadRequest(invalid);
        }

        try
        {
            var (record, created) = await conversions.RecordAsync(conversion!, identifiers, orchestrations, cancellationToken).ConfigureAwait(false);
            return Results.Json(record, AttributionApiJsonContext.Default.ConversionRecord, statusCode: created ? StatusCodes.Status201Created : StatusCodes.Status200OK);
        }
        catch (ConversionConflictException conflict)
        {
            return Problems.Of(StatusCodes.Status409Conflict, conflict.Message);
        }
    }

    /// <summary>Every field checked before anything is stored; identifiers normalised as the channels normalise them.</summary>
    internal static (List<Identifier> Identifiers, string? Problem) Validate(ConversionRequest conversion)
    {
        if (string.IsNullOrWhiteSpace(conversion.OrderId) || conversion.OrderId.Length > ConversionService.MaxOrderIdLength || conversion.OrderId.Any(char.IsControl))
        {
            return ([], $"orderId must be 1 to {ConversionService.MaxOrderIdLength} characters without control characters.");
        }

        if (conversion.Value is < 0 or > 1_000_000_000_000m)
        {
            return ([], "value must be from 0 to 10^12.");
        }

        if (conversion.Currency is not { Length: 3 } currency || !currency.All(char.IsAsciiLetterUpper))
        {
            return ([], "currency must be an ISO 4217 code such as EUR.");
        }

        if (JourneyLimits.OutOfRange("time", conversion.Time) is { } outOfRange)
        {
            return ([], outOfRange);
        }

        var given = conversion.Identifiers ?? new ConversionIdentifiers();
        var identifiers = new List<Identifier>();
        if (given.Email is { } email)
        {
            if (Identifier.Email(email, IdentifierTrust.Verified) is not { } normalized)
            {
                return ([], "identifiers.email is not an email address.");
            }

            identifiers.Add(normalized);
        }

        if (given.Phone is { } phone)
        {
            if (Identifier.Phone(phone, IdentifierTrust.Verified) is not { } normalized)
            {
                return ([], "identifiers.phone must be an international number such as +4915112345678.");
            }

            identifiers.Add(normalized);
        }

        foreach (var (name, kind, value) in new[] { ("userId", IdentifierKinds.SiteUser, given.UserId), ("visitorId", IdentifierKinds.Visitor, given.VisitorId), ("clickId", "", given.ClickId) })
        {
            if (value is null)
            {
                continue;
            }

            if (value.Length is 0 or > 256 || value.Any(char.IsControl))
            {
                return ([], $"identifiers.{name} must be 1 to 256 characters without control characters.");
            }

            if (kind.Length > 0)
            {
                identifiers.Add(new Identifier(kind, value, IdentifierTrust.Verified));
            }
        }

        // Placeholders (test@…, +1 000 000 0000) find nobody, as they link nobody.
        return ([.. identifiers.Where(i => !IdentityRules.IsBlocked(i)).DistinctBy(i => i.Key)], null);
    }
}
