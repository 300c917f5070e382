using System.Text.Json.Serialization;
using OmniFunctions.Core.Profiles;

namespace OmniFunctions.Core.Interactions;

public sealed record DeliveryError(string Code, string? Message);
