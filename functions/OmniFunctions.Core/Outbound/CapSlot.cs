using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using Azure.Data.Tables;
using OmniFunctions.Core.Storage;

namespace OmniFunctions.Core.Outbound;

public sealed record CapSlot(string SendId, DateTimeOffset At);
