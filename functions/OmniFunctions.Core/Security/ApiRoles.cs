namespace OmniFunctions.Core.Security;

/// <summary>App roles of the hub's HTTP API (docs/architecture.md, "HTTP API"), assigned to applications and to users alike.</summary>
internal static class ApiRoles
{
    public const string ProfilesRead = "Profiles.Read";
    public const string ProfilesManage = "Profiles.Manage";
    public const string JourneysManage = "Journeys.Manage";
    public const string JourneysRun = "Journeys.Run";
}
