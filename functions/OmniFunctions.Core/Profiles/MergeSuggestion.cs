namespace OmniFunctions.Core.Profiles;

public sealed record MergeSuggestion(string ProfileId, string Kind, string Value, string Reason);
