using System.Text.Json;
using System.Text.Json.Nodes;

namespace OmniFunctions.LocalHost.Journeys;

public enum HistoryEventKind
{
    ActivityCompleted,
    ActivityFailed,
    TimerCreated,
    TimerFired,
    EventRaised,
}
