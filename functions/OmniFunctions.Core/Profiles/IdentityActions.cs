namespace OmniFunctions.Core.Profiles;

internal static class IdentityActions
{
    public const string Link = "link";
    public const string Claim = "claim";
    public const string Merge = "merge";
    public const string MergedAway = "merged-into";
    public const string Moved = "moved";
    public const string Unmerge = "unmerge";
}
