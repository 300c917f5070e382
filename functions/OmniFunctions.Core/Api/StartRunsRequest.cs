namespace OmniFunctions.Core.Api;

/// <summary>The body of <c>POST api/journeys/{id}/runs</c>: people by id, or a segment (exactly one of the two).</summary>
internal sealed record StartRunsRequest
{
    public IReadOnlyList<string>? ProfileIds { get; init; }

    public string? Segment { get; init; }
}
