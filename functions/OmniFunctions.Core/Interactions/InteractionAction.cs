using System.Text.Json.Serialization;
using OmniFunctions.Core.Profiles;

namespace OmniFunctions.Core.Interactions;

public sealed record InteractionAction(string Id, string? Title);
