using System.Text.Json;
using OmniFunctions.Core.Outbound;

namespace OmniFunctions.Core.Channels;

/// <summary>
/// Keeps a sender's contract (failures are results, never exceptions): a network error, a timeout, an open circuit
/// or a reply that is not the provider's JSON (an HTML error page from a proxy) becomes a typed transient failure.
/// </summary>
internal static class ProviderCall
{
    public static async Task<SendResult> GuardAsync(string channel, Func<Task<SendResult>> call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or Polly.ExecutionRejectedException
            || e is TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return SendResult.Transient(channel + ".transport", e.GetType().Name);
        }
        catch (JsonException)
        {
            return SendResult.Transient(channel + ".unreadable-reply", "The provider's reply was not the JSON it documents.");
        }
    }
}
