namespace OmniFunctions.Core.Profiles;

/// <summary>A merge froze the profile under a write: the writer starts again on the survivor.</summary>
internal sealed class ProfileMovedException(string profileId) : Exception($"Profile {profileId} was merged into another while being written.")
{
    public string ProfileId { get; } = profileId;
}
