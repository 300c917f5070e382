namespace OmniFunctions.Core.Profiles;

/// <summary>A profile merged into the person, from their identity log; <see cref="Unmerged"/> once an operator undid it.</summary>
internal sealed record ProfileMerge(string ProfileId, string MergeId, DateTimeOffset At, string Reason, string Actor, bool Unmerged);
