using System.Text.Json.Serialization;

namespace OmniFunctions.Core.Profiles;

public sealed record LinkedIdentifier(string Kind, string Value, string Source, DateTimeOffset LinkedAt)
{
    [JsonIgnore]
    public string Key => Kind + ":" + Value;
}
