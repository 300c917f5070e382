using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using OmniFunctions.Core.Journeys;
using OmniFunctions.Core.Outbound;
using OmniFunctions.Core.Security;

namespace OmniFunctions.Core.Api;

public sealed record JourneyVersions(string Id, IReadOnlyList<int> Versions, JourneyDefinition Latest);
