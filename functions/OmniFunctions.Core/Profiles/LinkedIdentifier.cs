using System.Text.Json.Serialization;
using Azure;

namespace OmniFunctions.Core.Profiles;

public sealed record LinkedIdentifier(string Kind, string Value, string Source, DateTimeOffset LinkedAt)
{
    [JsonIgnore]
    public string Key => Kind + ":" + Value;
}
