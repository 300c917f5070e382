namespace OmniFunctions.Core.Security;

/// <summary>
/// Who called: the Entra object id of the user or application (recorded as the actor of changes), and the app roles
/// their token carries (an operation that shows more for some inputs asks for a second role).
/// </summary>
public sealed record Caller(string ObjectId, IReadOnlySet<string> Roles)
{
    public bool Holds(string role) => Roles.Contains(role);
}
