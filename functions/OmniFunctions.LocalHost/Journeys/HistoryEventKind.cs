namespace OmniFunctions.LocalHost.Journeys;

public enum HistoryEventKind
{
    ActivityCompleted,
    ActivityFailed,
    TimerCreated,
    TimerFired,
    EventRaised,
}
