namespace OmniFunctions.Core.Profiles;

internal sealed class ProfileConflictException(string message) : Exception(message);
