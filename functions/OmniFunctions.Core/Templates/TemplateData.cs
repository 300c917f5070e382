namespace OmniFunctions.Core.Templates;

/// <summary>
/// What a template can use (README "Templates", model paths): the person, the last conversation, the journey and the
/// links. The preview accepts the same shape as a snapshot.
/// </summary>
internal sealed record TemplateData
{
    public TemplateProfile Profile { get; init; } = new();

    public TemplateConversation Conversation { get; init; } = new();

    public TemplateJourney? Journey { get; init; }

    public TemplateLinks Links { get; init; } = new();
}

internal sealed record TemplateProfile
{
    public string? Id { get; init; }
    public string? Name { get; init; }

    /// <summary>The first word of <see cref="Name"/> unless given.</summary>
    public string? FirstName { get; init; }
    public string? Locale { get; init; }
    public string? TimeZone { get; init; }
    public string? PreferredChannel { get; init; }
    public string? LastChannel { get; init; }
}

internal sealed record TemplateConversation
{
    public TemplateMessage? LastMessage { get; init; }
    public TemplateCall? LastCall { get; init; }
    public TemplateOrder? LastOrder { get; init; }
}

/// <summary>The person's last inbound message.</summary>
internal sealed record TemplateMessage(string Channel, DateTimeOffset At)
{
    public string? Text { get; init; }
}

internal sealed record TemplateCall(DateTimeOffset At)
{
    public string? Agent { get; init; }
    public string? Outcome { get; init; }
}

internal sealed record TemplateOrder(string Id, decimal Value, string Currency, DateTimeOffset At);

internal sealed record TemplateJourney(string Id, int Version, string Step, string Run);

internal sealed record TemplateLinks
{
    /// <summary>The email's one-click unsubscribe link (email only, marketing only).</summary>
    public Uri? Unsubscribe { get; init; }
    public Uri? Website { get; init; }
}
