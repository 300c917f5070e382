using System.Text.Json;

namespace OmniFunctions.Core.Journeys;

/// <summary>Journeys the hub ships (embedded JSON), saved as version 1 on first use.</summary>
internal static class BuiltInJourneys
{
    public const string ChatEmailCallback = "chat-email-callback";

    public static IReadOnlyList<string> Ids { get; } = [ChatEmailCallback];

    public static JourneyDefinition Load(string id)
    {
        using var stream = typeof(BuiltInJourneys).Assembly.GetManifestResourceStream($"journeys/{id}.json")
            ?? throw new ArgumentException($"No built-in journey {id}.", nameof(id));
        return JsonSerializer.Deserialize(stream, JourneyJsonContext.Default.JourneyDefinition)!;
    }
}
