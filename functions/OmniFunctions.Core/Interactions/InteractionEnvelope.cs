using System.Diagnostics;
using System.Net.Mime;
using System.Text.Json;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;

namespace OmniFunctions.Core.Interactions;

/// <summary>Encodes interactions as CloudEvents 1.0 (structured JSON mode) and back.</summary>
public static class InteractionEnvelope
{
    /// <summary>The CloudEvents distributed-tracing extension: the W3C trace context of the webhook that queued it.</summary>
    public static readonly CloudEventAttribute TraceParent = CloudEventAttribute.CreateExtension("traceparent", CloudEventAttributeType.String);

    private static readonly JsonEventFormatter Formatter = new(
        InteractionJsonContext.Compact.Options, new JsonDocumentOptions());

    public static string SourceOf(string channel) => "/channels/" + channel;

    public static CloudEvent ToCloudEvent(Interaction interaction) => new(CloudEventsSpecVersion.V1_0)
    {
        Id = interaction.Id,
        Source = new Uri(SourceOf(interaction.Channel), UriKind.Relative),
        Type = interaction.Type,
        Time = interaction.Time,
        Subject = interaction.SenderKey,
        DataContentType = MediaTypeNames.Application.Json,
        Data = JsonSerializer.SerializeToElement(interaction, InteractionJsonContext.Compact.Interaction),
    };

    public static QueuedInteraction Encode(Interaction interaction)
    {
        var cloudEvent = ToCloudEvent(interaction);
        if (Activity.Current is { IdFormat: ActivityIdFormat.W3C } current)
        {
            cloudEvent[TraceParent] = current.Id;  // the processing joins the webhook's trace
        }

        var body = Formatter.EncodeStructuredModeMessage(cloudEvent, out var contentType);
        return new QueuedInteraction(interaction.Id, interaction.SenderKey, body, contentType.MediaType);
    }

    /// <exception cref="FormatException">The body is not a CloudEvent carrying an interaction.</exception>
    public static Interaction Decode(ReadOnlyMemory<byte> body) => Decode(body, out _);

    /// <param name="traceParent">The W3C trace context the webhook queued it with, if any.</param>
    /// <exception cref="FormatException">The body is not a CloudEvent carrying an interaction.</exception>
    public static Interaction Decode(ReadOnlyMemory<byte> body, out string? traceParent)
    {
        CloudEvent cloudEvent;
        try
        {
            cloudEvent = Formatter.DecodeStructuredModeMessage(body, contentType: null, extensionAttributes: [TraceParent]);
        }
        catch (Exception e) when (e is ArgumentException or JsonException)
        {
            throw new FormatException("The message is not a structured-mode CloudEvent.", e);
        }

        if (cloudEvent.Data is not JsonElement data || cloudEvent.Type is null || cloudEvent.Time is null)
        {
            throw new FormatException("The CloudEvent lacks the type, time or JSON data of an interaction.");
        }

        var interaction = data.Deserialize(InteractionJsonContext.Default.Interaction)
            ?? throw new FormatException("The CloudEvent data is null.");
        interaction = interaction with { Type = cloudEvent.Type, Time = cloudEvent.Time.Value };
        traceParent = cloudEvent[TraceParent] as string;
        if (interaction.Id != cloudEvent.Id)
        {
            throw new FormatException("The CloudEvent id does not match its interaction.");
        }

        return interaction;
    }
}
