using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace OmniFunctions.Core.Channels;

internal static class WebhookJson
{
    /// <summary>Deserializes a provider payload; malformed JSON, a wrong shape or a missing required member is a 400.</summary>
    public static T Deserialize<T>(ReadOnlyMemory<byte> body, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(body.Span, typeInfo)
                ?? throw WebhookRejectedException.BadRequest("The body is JSON null.");
        }
        catch (JsonException e)
        {
            throw WebhookRejectedException.BadRequest(
                e.Path is null ? "The body is not valid JSON." : $"The body is not a valid payload (at {e.Path}).");
        }
    }

    /// <summary>
    /// A provider-assigned id (user, message, BSUID) that becomes part of keys, sender keys and CloudEvent attributes:
    /// non-empty, at most 256 characters, no control characters or white space at either end; else a 400.
    /// </summary>
    public static string RequireId(string? value, string member)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > 256 || value.Trim().Length != value.Length
            || value.Any(char.IsControl))
        {
            throw WebhookRejectedException.BadRequest($"{member} is missing or not a valid id.");
        }

        return value;
    }

    public static DateTimeOffset FromUnixSeconds(long seconds, DateTimeOffset fallback) =>
        seconds is > 0 and < 253402300800 ? DateTimeOffset.FromUnixTimeSeconds(seconds) : fallback;

    public static DateTimeOffset FromUnixMilliseconds(long milliseconds, DateTimeOffset fallback) =>
        milliseconds is > 0 and < 253402300800000 ? DateTimeOffset.FromUnixTimeMilliseconds(milliseconds) : fallback;
}
