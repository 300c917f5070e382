namespace OmniFunctions.Core.Tests.Infrastructure;

/// <summary>
/// "Now" is set by the test; timers and timestamps are real, so library delays (HTTP retry backoff honouring
/// Retry-After) take real time instead of waiting for a fake clock nobody advances.
/// </summary>
public sealed class TestClock(DateTimeOffset now) : TimeProvider
{
    private DateTimeOffset now = now;

    public override DateTimeOffset GetUtcNow() => now;

    public void Advance(TimeSpan delta) => now += delta;

    public void SetUtcNow(DateTimeOffset value) => now = value;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        System.CreateTimer(callback, state, dueTime, period);

    public override long GetTimestamp() => System.GetTimestamp();
}
