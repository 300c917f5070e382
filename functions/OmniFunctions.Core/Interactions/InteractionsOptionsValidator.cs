using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace OmniFunctions.Core.Interactions;

/// <summary>
/// The transport must be one this host registered (<see cref="OmniCoreServiceCollectionExtensions.AddInteractionTransport{TQueue}"/>):
/// the local host has no Service Bus, and without this check the first webhook would fail instead of the start.
/// </summary>
internal sealed class InteractionsOptionsValidator(IServiceProviderIsKeyedService services) : IValidateOptions<InteractionsOptions>
{
    public ValidateOptionsResult Validate(string? name, InteractionsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var provided = Enum.GetValues<InteractionTransport>().Where(t => services.IsKeyedService(typeof(IInteractionQueue), t)).ToList();
        return new OptionsCheck(InteractionsOptions.SectionName)
            .That(provided.Contains(options.Transport), nameof(options.Transport),
                $"is {options.Transport}, which this host does not provide (it provides {string.Join(", ", provided)})")
            .Required(options.QueueName, nameof(options.QueueName))
            .Result;
    }
}
