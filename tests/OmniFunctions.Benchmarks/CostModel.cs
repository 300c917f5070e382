using System.Text.Json;

namespace OmniFunctions.Benchmarks;

/// <summary>List prices from prices.json (the one table to edit).</summary>
public sealed record Prices(
    decimal FunctionsFlexExecutionsPerMillion,
    decimal FunctionsFlexGbSecond,
    decimal FunctionsInstanceMemoryGb,
    decimal FunctionsConcurrentExecutionsPerInstance,
    decimal TableTransactionsPer10k,
    decimal StorageQueueOperationsPer10k,
    decimal ServiceBusStandardOperationsPerMillion,
    decimal ServiceBusOperationsPerMessage,
    decimal StorageQueueOperationsPerMessage,
    decimal AcsEmailPerMessage,
    decimal EmailShareOfInboundMessages)
{
    public static Prices Load(string path) =>
        JsonSerializer.Deserialize<Prices>(File.ReadAllText(path), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
}

public sealed record CostLine(string Item, decimal PerMillion);

/// <summary>
/// Cost per 1,000,000 inbound messages: two executions each (webhook, queue trigger), their GB-seconds from the
/// measured time on the hub's side shared by concurrent executions on an instance, the counted table transactions,
/// and the transport's operations.
/// </summary>
public static class CostModel
{
    public static List<CostLine> PerMillion(Prices prices, int tableTransactionsPerMessage, double secondsPerMessage, bool serviceBus)
    {
        ArgumentNullException.ThrowIfNull(prices);
        const decimal million = 1_000_000m;
        var gbSeconds = (decimal)secondsPerMessage * prices.FunctionsInstanceMemoryGb / prices.FunctionsConcurrentExecutionsPerInstance;
        return
        [
            new("Functions executions (2 per message)", 2 * prices.FunctionsFlexExecutionsPerMillion),
            new("Functions GB-s", gbSeconds * prices.FunctionsFlexGbSecond * million),
            new($"Table transactions ({tableTransactionsPerMessage} per message)", tableTransactionsPerMessage * prices.TableTransactionsPer10k * 100),
            serviceBus
                ? new($"Service Bus Standard operations ({prices.ServiceBusOperationsPerMessage} per message)", prices.ServiceBusOperationsPerMessage * prices.ServiceBusStandardOperationsPerMillion)
                : new($"Storage queue operations ({prices.StorageQueueOperationsPerMessage} per message)", prices.StorageQueueOperationsPerMessage * prices.StorageQueueOperationsPer10k * 100),
            new("ACS email (share of messages answered by email)", prices.EmailShareOfInboundMessages * prices.AcsEmailPerMessage * million),
        ];
    }
}
