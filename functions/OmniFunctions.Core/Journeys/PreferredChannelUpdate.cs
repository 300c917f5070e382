namespace OmniFunctions.Core.Journeys;

public sealed record PreferredChannelUpdate(string ProfileId, string PreferredChannel);
