using System.Text.Json.Serialization;
using OmniFunctions.Core.Journeys;

namespace OmniFunctions.Core.Api;

/// <summary>Body of <c>PUT api/journeys/{id}/status</c>.</summary>
internal sealed record JourneyStatusRequest([property: JsonRequired] JourneyStatus Status);
