namespace OmniFunctions.Core.Profiles;

public sealed class ProfileConflictException(string message) : Exception(message);
