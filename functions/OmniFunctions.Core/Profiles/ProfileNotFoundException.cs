namespace OmniFunctions.Core.Profiles;

public sealed class ProfileNotFoundException(string profileId) : Exception($"Profile {profileId} does not exist.")
{
    public string ProfileId { get; } = profileId;
}
