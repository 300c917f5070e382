using System.Text.Json.Nodes;

namespace OmniFunctions.LocalHost.Journeys;

public sealed record LocalRunState(string InstanceId, LocalRunStatus Status, JsonNode Input, DateTimeOffset CreatedAt);
