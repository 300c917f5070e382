namespace OmniFunctions.Core.Api;

/// <summary>
/// Every HTTP route of the hub, relative to <c>/api</c>: the Functions app's triggers and the local host use these
/// constants, and a test holds the app's <c>[HttpTrigger]</c> declarations to <see cref="All"/>.
/// </summary>
public static class ApiRoutes
{
    /// <summary>
    /// The Functions app's triggers are written <c>Route = ApiRoutes.Prefix + ApiRoutes.X</c>: host.json's route prefix is
    /// empty so the console can live at <c>/console/</c> beside <c>/api/</c>.
    /// </summary>
    public const string Prefix = "api/";

    public const string Webhook = "webhooks/{channel}";

    /// <summary>The path segment of <see cref="Unsubscribe"/>; the email events channel tells a click on it from engagement.</summary>
    public const string UnsubscribePrefix = "unsubscribe";

    /// <summary>One-click unsubscribe (RFC 8058): the token is signed and names the email address.</summary>
    public const string Unsubscribe = UnsubscribePrefix + "/{token}";
    public const string Journeys = "journeys";
    public const string JourneyStatus = "journeys/{id}/status";
    public const string Journey = "journeys/{id}";
    public const string JourneySimulation = "journeys/{id}/simulate";
    public const string JourneyRuns = "journeys/{id}/runs";
    public const string JourneyRun = "journeys/runs/{runId}";
    public const string JourneyRunSignals = "journeys/runs/{runId}/signals";
    public const string JourneySegmentStart = "journeys/{id}/starts/{startId}";
    public const string Segments = "segments";
    public const string Segment = "segments/{id}";
    public const string SegmentPreview = "segments/{id}/preview";
    public const string Profiles = "profiles";
    public const string Profile = "profiles/{id}";
    public const string Timeline = "profiles/{id}/timeline";
    public const string Consents = "profiles/{id}/consents";
    public const string Consent = "profiles/{id}/consents/{contactPoint}/{purpose}";
    public const string MergeSuggestions = "profiles/{id}/merge-suggestions";
    public const string Merges = "profiles/{id}/merges";
    public const string Merge = "profiles/{id}/merges/{mergedId}";
    public const string PersonRuns = "profiles/{id}/runs";
    public const string Export = "profiles/{id}/export";
    public const string ClaimVerification = "profiles/{id}/identifiers/{identifierKey}/verification";
    public const string Conversions = "conversions";
    public const string ConversionsWebhook = "conversions/webhook";
    public const string Report = "reports/{dimension}";
    public const string Funnel = "reports/funnel/{journeyId}";
    public const string Templates = "templates";
    public const string Template = "templates/{id}";
    public const string TemplatePreview = "templates/{id}/preview";

    /// <summary>The OpenAPI 3.1 description of every route here, anonymous.</summary>
    public const string OpenApi = "openapi.json";

    /// <summary>(HTTP method, route constant name, template) for every route, in the order the hosts declare them.</summary>
    public static IReadOnlyList<(string Method, string Name, string Template)> All { get; } =
    [
        ("GET", nameof(Webhook), Webhook),
        ("POST", nameof(Webhook), Webhook),
        ("GET", nameof(Unsubscribe), Unsubscribe),
        ("POST", nameof(Unsubscribe), Unsubscribe),
        ("GET", nameof(Journeys), Journeys),
        ("PUT", nameof(Journey), Journey),
        ("GET", nameof(Journey), Journey),
        ("PUT", nameof(JourneyStatus), JourneyStatus),
        ("POST", nameof(JourneySimulation), JourneySimulation),
        ("POST", nameof(JourneyRuns), JourneyRuns),
        ("GET", nameof(JourneyRun), JourneyRun),
        ("DELETE", nameof(JourneyRun), JourneyRun),
        ("POST", nameof(JourneyRunSignals), JourneyRunSignals),
        ("GET", nameof(JourneySegmentStart), JourneySegmentStart),
        ("GET", nameof(Segments), Segments),
        ("PUT", nameof(Segment), Segment),
        ("GET", nameof(Segment), Segment),
        ("POST", nameof(SegmentPreview), SegmentPreview),
        ("GET", nameof(Profiles), Profiles),
        ("GET", nameof(Profile), Profile),
        ("DELETE", nameof(Profile), Profile),
        ("GET", nameof(Timeline), Timeline),
        ("GET", nameof(Consents), Consents),
        ("PUT", nameof(Consent), Consent),
        ("GET", nameof(MergeSuggestions), MergeSuggestions),
        ("GET", nameof(Merges), Merges),
        ("POST", nameof(Merges), Merges),
        ("DELETE", nameof(Merge), Merge),
        ("GET", nameof(PersonRuns), PersonRuns),
        ("GET", nameof(Export), Export),
        ("PUT", nameof(ClaimVerification), ClaimVerification),
        ("POST", nameof(Conversions), Conversions),
        ("POST", nameof(ConversionsWebhook), ConversionsWebhook),
        ("GET", nameof(Report), Report),
        ("GET", nameof(Funnel), Funnel),
        ("GET", nameof(Templates), Templates),
        ("PUT", nameof(Template), Template),
        ("GET", nameof(Template), Template),
        ("POST", nameof(TemplatePreview), TemplatePreview),
        ("GET", nameof(OpenApi), OpenApi),
    ];
}
