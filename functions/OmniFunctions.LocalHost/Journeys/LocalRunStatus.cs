namespace OmniFunctions.LocalHost.Journeys;

public enum LocalRunStatus
{
    Running,
    Completed,
    Failed,
    Terminated,
}
