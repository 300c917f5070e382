using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;

namespace OmniFunctions.Core.Tests.Infrastructure;

/// <summary>An Azure.Core pipeline policy that records every storage request as "METHOD Table".</summary>
public sealed class RequestLog : HttpPipelineSynchronousPolicy
{
    private readonly ConcurrentQueue<string> requests = new();

    public IReadOnlyList<string> Requests => [.. requests];

    public int Reads => Requests.Count(r => r.StartsWith("GET ", StringComparison.Ordinal));

    public void Clear() => requests.Clear();

    public override void OnSendingRequest(HttpMessage message)
    {
        var path = message.Request.Uri.Path.Trim('/').Split('/');
        var table = path.Length > 1 ? path[1].Split('(')[0] : "";
        requests.Enqueue($"{message.Request.Method} {table}");
    }
}
