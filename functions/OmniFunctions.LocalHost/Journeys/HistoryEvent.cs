using System.Text.Json.Nodes;

namespace OmniFunctions.LocalHost.Journeys;

/// <summary>One entry of a run's history, in order: what replay feeds back to the orchestration.</summary>
public sealed record HistoryEvent(HistoryEventKind Kind, DateTimeOffset At)
{
    /// <summary>The task (activity or timer) this entry completes; tasks are numbered in the order they are scheduled.</summary>
    public int Task { get; init; } = -1;

    public string? Name { get; init; }

    public JsonNode? Payload { get; init; }

    public string? Error { get; init; }

    public DateTimeOffset? FireAt { get; init; }
}
