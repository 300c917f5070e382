using OmniFunctions.Core.Journeys;

namespace OmniFunctions.Core.Api;

public sealed record JourneyVersions(string Id, IReadOnlyList<int> Versions, JourneyDefinition Latest);
