using OmniFunctions.Core.Journeys;

namespace OmniFunctions.Core.Api;

internal sealed record JourneyVersions(string Id, IReadOnlyList<int> Versions, JourneyDefinition Latest);
