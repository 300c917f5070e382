namespace OmniFunctions.Core.Journeys;

/// <summary>A definition larger than <see cref="JourneyLimits.MaxDefinitionBytes"/> as stored; the API answers 413.</summary>
internal sealed class JourneyTooLargeException(int bytes)
    : Exception($"The journey is {bytes} bytes as stored; at most {JourneyLimits.MaxDefinitionBytes} are allowed.")
{
    public static void ThrowIfTooLarge(JourneyDefinition definition)
    {
        var bytes = JourneyLimits.Serialize(definition).Length;
        if (bytes > JourneyLimits.MaxDefinitionBytes)
        {
            throw new JourneyTooLargeException(bytes);
        }
    }
}
