namespace OmniFunctions.Core.Storage;

/// <summary>The pause before retrying an optimistic write that lost to a concurrent writer.</summary>
internal static class Backoff
{
    /// <summary>A random pause growing with the attempt (capped at 50 ms), so contending writers spread out.</summary>
    public static Task JitterAsync(int attempt, CancellationToken cancellationToken) =>
        Task.Delay(Random.Shared.Next(0, Math.Min(5 * attempt, 50)), cancellationToken);
}
