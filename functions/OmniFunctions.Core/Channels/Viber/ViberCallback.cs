using System.Text.Json.Serialization;

namespace OmniFunctions.Core.Channels.Viber;

// https://developers.viber.com/docs/api/rest-bot-api/#callbacks — the subset the hub reads.
internal sealed record ViberCallback
{
    [JsonRequired] public string Event { get; init; } = "";
    public long Timestamp { get; init; }
    public long? MessageToken { get; init; }
    public ViberUser? Sender { get; init; }
    public ViberUser? User { get; init; }
    public string? UserId { get; init; }
    public ViberMessage? Message { get; init; }
    public string? Desc { get; init; }
    /// <summary>conversation_started: the <c>context</c> parameter of the deep link the person opened.</summary>
    public string? Context { get; init; }
}

internal sealed record ViberUser
{
    [JsonRequired] public string Id { get; init; } = "";
    public string? Name { get; init; }
    public string? Language { get; init; }
}

internal sealed record ViberMessage
{
    public string? Type { get; init; }
    public string? Text { get; init; }
    public string? Media { get; init; }
    public string? FileName { get; init; }
    public long? Size { get; init; }
    public ViberLocation? Location { get; init; }
    public ViberContact? Contact { get; init; }
    /// <summary>Data the bot attached to its last message, echoed back with the reply.</summary>
    public string? TrackingData { get; init; }
}

internal sealed record ViberLocation
{
    [JsonRequired] public double Lat { get; init; }
    [JsonRequired] public double Lon { get; init; }
}

internal sealed record ViberContact
{
    public string? PhoneNumber { get; init; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, RespectNullableAnnotations = true)]
[JsonSerializable(typeof(ViberCallback))]
internal sealed partial class ViberJsonContext : JsonSerializerContext;
