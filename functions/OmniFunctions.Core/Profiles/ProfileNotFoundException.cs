namespace OmniFunctions.Core.Profiles;

internal sealed class ProfileNotFoundException(string profileId) : Exception($"Profile {profileId} does not exist.")
{
    public string ProfileId { get; } = profileId;
}
