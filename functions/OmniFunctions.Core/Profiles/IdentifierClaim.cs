using System.Text.Json.Serialization;

namespace OmniFunctions.Core.Profiles;

public sealed record IdentifierClaim(string Kind, string Value, string Channel, string? InteractionId, DateTimeOffset ClaimedAt)
{
    [JsonIgnore]
    public string Key => Kind + ":" + Value;
}
