namespace OmniFunctions.Core.Profiles;

/// <summary>The profile row vanished under a write: it was erased meanwhile, so what the writer wrote must be swept.</summary>
internal sealed class ProfileGoneException(string profileId) : Exception($"Profile {profileId} was erased while being written.")
{
    public string ProfileId { get; } = profileId;
}
