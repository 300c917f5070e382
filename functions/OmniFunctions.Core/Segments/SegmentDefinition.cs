using System.Text.Json;
using System.Text.Json.Serialization;

namespace OmniFunctions.Core.Segments;

/// <summary>A saved segment: a name and a filter (README "Segments"); each save is a new immutable version.</summary>
internal sealed record SegmentDefinition
{
    public string Id { get; init; } = "";

    public int Version { get; init; }

    [JsonRequired] public string Name { get; init; } = "";

    [JsonRequired] public JsonElement Filter { get; init; }

    /// <summary>True when the two say the same (whitespace and property order of the filter aside).</summary>
    public bool SameAs(SegmentDefinition other) =>
        other is not null && Name == other.Name && JsonElement.DeepEquals(Filter, other.Filter);
}
