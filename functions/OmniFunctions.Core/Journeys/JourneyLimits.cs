using System.Text.Json;

namespace OmniFunctions.Core.Journeys;

/// <summary>
/// The bounds every journey lives within, shared by the validator (400), the store and the API (413) and the
/// interpreter, so a definition that validates can always be saved and run.
/// </summary>
internal static class JourneyLimits
{
    /// <summary>Steps in a definition, and steps one run executes before it is stopped.</summary>
    public const int MaxSteps = 500;

    /// <summary>A definition's size as stored (UTF-8 JSON).</summary>
    public const int MaxDefinitionBytes = 256 * 1024;

    /// <summary>The longest wait, timeout or callback window.</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(366);

    /// <summary>
    /// Dates the API accepts (simulation starts, signal times). With at most <see cref="MaxSteps"/> waits of at
    /// most <see cref="MaxDuration"/>, no run can leave the range <see cref="DateTimeOffset"/> can hold.
    /// </summary>
    public static readonly DateTimeOffset EarliestTime = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static readonly DateTimeOffset LatestTime = new(2100, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The definition as the store writes it.</summary>
    internal static byte[] Serialize(JourneyDefinition definition) =>
        JsonSerializer.SerializeToUtf8Bytes(definition, JourneyJsonContext.Default.JourneyDefinition);

    /// <summary>Null when <paramref name="at"/> is within the range; else the message naming <paramref name="member"/>.</summary>
    public static string? OutOfRange(string member, DateTimeOffset at) =>
        at < EarliestTime || at >= LatestTime ? $"{member} must be from {EarliestTime:yyyy-MM-dd} to before {LatestTime:yyyy-MM-dd}." : null;
}
