namespace OmniFunctions.Core.Attribution;

/// <summary>
/// Something the hub did or saw that may have earned a conversion, read from the person's timeline: a message sent
/// (with its journey step and template), an inbound interaction with a referral (ad, deep link, UTM), an email
/// opened or clicked. Carries no person id, so stored credits say nothing about who converted.
/// </summary>
/// <param name="Kind">One of <see cref="TouchpointKinds"/>.</param>
/// <param name="InteractionId">The timeline row it was read from (a hash; no person id in it).</param>
internal sealed record Touchpoint(string Kind, string Channel, DateTimeOffset Time, string InteractionId)
{
    public string? JourneyId { get; init; }
    public int? Version { get; init; }
    public string? StepId { get; init; }
    public string? Template { get; init; }

    /// <summary>The experiment variant the person was in when the message was sent (a split step before it).</summary>
    public string? Variant { get; init; }

    /// <summary>The referral's source (<c>whatsapp.ad</c>, <c>sitechat.page</c>) and campaign, for inbound touchpoints.</summary>
    public string? Source { get; init; }
    public string? Campaign { get; init; }
}
