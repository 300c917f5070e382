using OmniFunctions.Core.Interactions;
using OmniFunctions.Core.Journeys;

namespace OmniFunctions.Core.Tests.Journeys;

/// <summary>Which signal an interaction raises: a consent keyword is an opt-out or opt-in, never a reply.</summary>
public sealed class JourneySignalTests
{
    [Theory]
    [InlineData("Yes, solved, thanks!", JourneySignalTypes.CustomerReplied, null)]
    [InlineData("STOP", JourneySignalTypes.OptedOut, "marketing")]
    [InlineData("  стоп! ", JourneySignalTypes.OptedOut, "marketing")]
    [InlineData("Unsubscribe.", JourneySignalTypes.OptedOut, "marketing")]
    [InlineData("START", JourneySignalTypes.OptedIn, "marketing")]
    [InlineData("please stop calling me at night", JourneySignalTypes.CustomerReplied, null)]
    public void InboundMessage(string text, string type, string? purpose)
    {
        var signal = JourneySignal.From(Message(text))!;

        Assert.Equal((type, purpose, "telegram"), (signal.Type, signal.Purpose, signal.Channel));
    }

    [Fact]
    public void ChannelConsentEvent_IsAnOptOutForItsPurpose()
    {
        var blocked = Message(null) with { Type = InteractionTypes.ConsentChanged, Consent = new ConsentChange(false, "transactional", "blocked") };

        var signal = JourneySignal.From(blocked)!;

        Assert.Equal((JourneySignalTypes.OptedOut, "transactional"), (signal.Type, signal.Purpose));
    }

    [Theory]
    [InlineData("email", JourneySignalTypes.EmailClicked)]
    [InlineData("telegram", null)]
    public void Click(string channel, string? type) =>
        Assert.Equal(type, JourneySignal.From(Message(null) with { Type = InteractionTypes.MessageClicked, Channel = channel })?.Type);

    [Fact]
    public void OutboundMessage_RaisesNothing() =>
        Assert.Null(JourneySignal.From(Message("STOP") with { Type = InteractionTypes.MessageSent, Direction = InteractionDirection.Outbound }));

    private static Interaction Message(string? text) => new()
    {
        Type = InteractionTypes.MessageReceived,
        Time = DateTimeOffset.UnixEpoch,
        Channel = "telegram",
        SenderKey = "telegram:777",
        ProviderEventId = "1",
        Text = text,
    };
}
