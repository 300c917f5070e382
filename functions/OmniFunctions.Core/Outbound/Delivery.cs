using OmniFunctions.Core.Profiles;

namespace OmniFunctions.Core.Outbound;

/// <summary>One send to one address on one channel.</summary>
public sealed record Delivery(string SendId, Identifier To, SendRequest Message, Profile Profile);
