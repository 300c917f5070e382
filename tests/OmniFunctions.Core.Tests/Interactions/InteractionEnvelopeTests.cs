using System.Text;
using System.Text.Json.Nodes;
using OmniFunctions.Core.Interactions;
using OmniFunctions.Core.Profiles;

namespace OmniFunctions.Core.Tests.Interactions;

public sealed class InteractionEnvelopeTests
{
    private static readonly Interaction Sample = new()
    {
        Type = InteractionTypes.MessageReceived,
        Time = new DateTimeOffset(2026, 11, 20, 10, 15, 0, TimeSpan.Zero),
        Channel = "telegram",
        SenderKey = "telegram:1111111",
        ProviderEventId = "10000",
        Identifiers = [new Identifier(IdentifierKinds.Telegram, "1111111", IdentifierTrust.Verified)],
        Text = "hello",
        Attachments = [new Attachment(AttachmentKinds.Image) { ProviderFileId = "f1", Size = 10 }],
    };

    [Fact]
    public void Encode_ProducesStructuredCloudEvent()
    {
        var message = InteractionEnvelope.Encode(Sample);
        var json = JsonNode.Parse(Encoding.UTF8.GetString(message.Body.Span))!;

        Assert.Equal(Sample.Id, message.MessageId);
        Assert.Equal("telegram:1111111", message.SessionId);
        Assert.Equal("application/cloudevents+json", message.ContentType);
        Assert.Equal("1.0", (string?)json["specversion"]);
        Assert.Equal(Sample.Id, (string?)json["id"]);
        Assert.Equal("/channels/telegram", (string?)json["source"]);
        Assert.Equal("omni.message.received", (string?)json["type"]);
        Assert.Equal("2026-11-20T10:15:00Z", (string?)json["time"]);
        Assert.Equal("hello", (string?)json["data"]!["text"]);
        Assert.Null(json["data"]!["id"]);
    }

    [Fact]
    public void Decode_EncodedInteraction_RoundTrips()
    {
        var decoded = InteractionEnvelope.Decode(InteractionEnvelope.Encode(Sample).Body);

        Assert.Equal(Sample.Id, decoded.Id);
        Assert.Equal(Sample.Type, decoded.Type);
        Assert.Equal(Sample.Time, decoded.Time);
        Assert.Equal(Sample.Identifiers, decoded.Identifiers);
        Assert.Equal(Sample.Attachments, decoded.Attachments);
        Assert.Equal(Sample.Text, decoded.Text);
    }

    [Fact]
    public void InteractionId_DependsOnChannelAndProviderEventOnly()
    {
        Assert.Equal(Sample.Id, (Sample with { Text = "other", Time = DateTimeOffset.UnixEpoch }).Id);
        Assert.NotEqual(Sample.Id, (Sample with { ProviderEventId = "10001" }).Id);
        Assert.NotEqual(Sample.Id, (Sample with { Channel = "viber" }).Id);
        Assert.Matches("^[0-9a-f]{32}$", Sample.Id);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("{}")]
    [InlineData("{\"specversion\":\"1.0\",\"id\":\"x\",\"source\":\"/channels/telegram\",\"type\":\"omni.message.received\"}")]
    public void Decode_NotAnInteraction_ThrowsFormatException(string body) =>
        Assert.Throws<FormatException>(() => InteractionEnvelope.Decode(Encoding.UTF8.GetBytes(body)));

    [Fact]
    public void Decode_IdNotMatchingData_ThrowsFormatException()
    {
        var json = JsonNode.Parse(Encoding.UTF8.GetString(InteractionEnvelope.Encode(Sample).Body.Span))!;
        json["id"] = "0123456789abcdef0123456789abcdef";

        Assert.Throws<FormatException>(() => InteractionEnvelope.Decode(Encoding.UTF8.GetBytes(json.ToJsonString())));
    }
}
