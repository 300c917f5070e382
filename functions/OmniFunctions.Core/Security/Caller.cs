namespace OmniFunctions.Core.Security;

/// <summary>Who called: the Entra object id of the user or application (recorded as the actor of changes).</summary>
public sealed record Caller(string ObjectId);
