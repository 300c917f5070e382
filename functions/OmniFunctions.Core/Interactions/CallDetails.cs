namespace OmniFunctions.Core.Interactions;

public sealed record CallDetails(string CallId, string Direction)
{
    public string? Outcome { get; init; }
    public int? DurationSeconds { get; init; }
    public string? AgentId { get; init; }
    public string? CallbackId { get; init; }
}
