using NJsonSchema;
using OmniFunctions.Core.Tests.Infrastructure;

namespace OmniFunctions.Core.Tests.Channels;

/// <summary>The JSON schemas we publish for integrators describe the payloads the parsers accept.</summary>
public sealed class PublishedSchemaTests
{
    public static TheoryData<string, string, string> Examples() => new()
    {
        { "CallCenter/cti-event.schema.json", "callcenter", "call_started.json" },
        { "CallCenter/cti-event.schema.json", "callcenter", "call_completed.json" },
        { "CallCenter/cti-event.schema.json", "callcenter", "callback_completed.json" },
        { "SiteChat/sitechat-event.schema.json", "sitechat", "message_created.json" },
        { "SiteChat/sitechat-event.schema.json", "sitechat", "message_signed_in.json" },
        { "SiteChat/sitechat-event.schema.json", "sitechat", "conversation_started.json" },
    };

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task Schema_DocumentedExample_IsValid(string schemaPath, string channel, string file)
    {
        var schema = await Schema(schemaPath);

        var errors = schema.Validate(System.Text.Encoding.UTF8.GetString(ChannelPayloadTests.Load(channel, file)));

        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("{\"type\":\"call.completed\",\"data\":{\"callId\":\"c\",\"customerPhone\":\"+4930123456\"}}")]
    [InlineData("{\"type\":\"callback.completed\",\"data\":{\"callId\":\"c\",\"customerPhone\":\"+4930123456\",\"outcome\":\"reached\"}}")]
    [InlineData("{\"type\":\"call.started\",\"data\":{\"customerPhone\":\"+4930123456\"}}")]
    [InlineData("{\"type\":\"call.started\"}")]
    public async Task CtiSchema_EventTheParserRejects_IsInvalid(string json) =>
        Assert.NotEmpty((await Schema("CallCenter/cti-event.schema.json")).Validate(json));

    private static Task<JsonSchema> Schema(string relative) =>
        JsonSchema.FromFileAsync(Path.Combine(Azurite.RepositoryRoot(), "functions", "OmniFunctions.Core", "Channels", relative));
}
