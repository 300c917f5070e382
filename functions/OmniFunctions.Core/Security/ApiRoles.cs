namespace OmniFunctions.Core.Security;

/// <summary>App roles of the hub's HTTP API (docs/architecture.md, "HTTP API"), assigned to applications and to users alike.</summary>
internal static class ApiRoles
{
    public const string ProfilesRead = "Profiles.Read";
    public const string ProfilesManage = "Profiles.Manage";
    public const string JourneysManage = "Journeys.Manage";
    public const string JourneysRun = "Journeys.Run";

    /// <summary>The shop's backend: posts orders and leads (<c>POST api/conversions</c>).</summary>
    public const string ConversionsWrite = "Conversions.Write";

    /// <summary>Reads reports and funnels (<c>GET api/reports/…</c>).</summary>
    public const string ReportsRead = "Reports.Read";
}
