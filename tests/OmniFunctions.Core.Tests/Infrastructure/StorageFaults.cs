using System.Collections.Concurrent;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace OmniFunctions.Core.Tests.Infrastructure;

/// <summary>
/// Fault injection for the hub's Table and Queue clients: an Azure.Core pipeline policy (per call, so the SDK's own
/// retries do not mask it) that fails, throws, delays or pauses the Nth request or requests matching a predicate.
/// </summary>
public sealed class StorageFaults : HttpPipelinePolicy
{
    private readonly ConcurrentQueue<Rule> rules = new();
    private int count;

    /// <summary>Requests seen since the last <see cref="Reset"/>.</summary>
    public int Count => Volatile.Read(ref count);

    /// <summary>Every request seen, in order.</summary>
    public ConcurrentQueue<StorageRequest> Seen { get; } = new();

    public void Reset()
    {
        rules.Clear();
        Seen.Clear();
        Interlocked.Exchange(ref count, 0);
    }

    /// <summary>Answers matching requests with <paramref name="status"/> without sending them (or, with <paramref name="afterSending"/>, after storage applied them).</summary>
    public StorageFaults Fail(Func<StorageRequest, bool> match, int status = 503, int times = 1, bool afterSending = false) =>
        Add(new Rule(match, times, Fault.Fail) { Status = status, AfterSending = afterSending });

    public StorageFaults FailNth(int n, int status = 503, bool afterSending = false) => Fail(r => r.Number == n, status, 1, afterSending);

    /// <summary>Throws a transport error (as a dropped connection does) for matching requests.</summary>
    public StorageFaults Throw(Func<StorageRequest, bool> match, int times = 1) => Add(new Rule(match, times, Fault.Throw));

    public StorageFaults Delay(Func<StorageRequest, bool> match, TimeSpan delay, int times = int.MaxValue) =>
        Add(new Rule(match, times, Fault.Delay) { Pause = delay });

    /// <summary>Holds the first matching request until the returned gate is opened.</summary>
    public Gate Pause(Func<StorageRequest, bool> match)
    {
        var gate = new Gate();
        Add(new Rule(match, 1, Fault.Pause) { Gate = gate });
        return gate;
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        var request = StorageRequest.Of(Interlocked.Increment(ref count), message.Request);
        Seen.Enqueue(request);
        var rule = rules.FirstOrDefault(r => r.Match(request) && r.TryTake());
        switch (rule?.Kind)
        {
            case Fault.Fail when !rule.AfterSending:
                message.Response = new FaultResponse(rule.Status, message.Request.ClientRequestId);
                return;
            case Fault.Fail:
                await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
                message.Response = new FaultResponse(rule.Status, message.Request.ClientRequestId);
                return;
            case Fault.Throw:
                throw new RequestFailedException("Injected transport fault.", new IOException("The connection was reset (injected)."));
            case Fault.Delay:
                await Task.Delay(rule.Pause).ConfigureAwait(false);
                break;
            case Fault.Pause:
                rule.Gate!.Arrived();
                await rule.Gate.Opened.ConfigureAwait(false);
                break;
        }

        await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
    }

    private StorageFaults Add(Rule rule)
    {
        rules.Enqueue(rule);
        return this;
    }

    private enum Fault
    {
        Fail,
        Throw,
        Delay,
        Pause,
    }

    private sealed class Rule(Func<StorageRequest, bool> match, int times, Fault kind)
    {
        private int left = times;

        public Fault Kind { get; } = kind;

        public int Status { get; init; }

        public bool AfterSending { get; init; }

        public TimeSpan Pause { get; init; }

        public Gate? Gate { get; init; }

        public bool Match(StorageRequest request) => Volatile.Read(ref left) > 0 && match(request);

        public bool TryTake() => Interlocked.Decrement(ref left) >= 0;
    }

    /// <summary>A paused request: <see cref="Reached"/> completes when it arrives; <see cref="Open"/> lets it go on.</summary>
    public sealed class Gate
    {
        private readonly TaskCompletionSource reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource opened = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Reached => reached.Task;

        internal Task Opened => opened.Task;

        public void Open() => opened.TrySetResult();

        internal void Arrived() => reached.TrySetResult();
    }

    private sealed class FaultResponse(int status, string clientRequestId) : Response
    {
        public override int Status => status;

        public override string ReasonPhrase => "Injected fault";

        public override Stream? ContentStream { get; set; } = new MemoryStream();

        public override string ClientRequestId { get; set; } = clientRequestId;

        public override void Dispose() => ContentStream?.Dispose();

        protected override bool ContainsHeader(string name) => false;

        protected override IEnumerable<HttpHeader> EnumerateHeaders() => [];

        protected override bool TryGetHeader(string name, out string value)
        {
            value = "";
            return false;
        }

        protected override bool TryGetHeaderValues(string name, out IEnumerable<string> values)
        {
            values = [];
            return false;
        }
    }
}

/// <summary>One storage request as the fault rules see it: "GET Profiles(PartitionKey='p1',RowKey='profile')".</summary>
public sealed record StorageRequest(int Number, string Method, string Resource, string? PartitionKey)
{
    /// <summary>True when the request is to the table (or queue) whose name ends with <paramref name="name"/>.</summary>
    public bool Is(string method, string name) => Method == method && Resource.EndsWith(name, StringComparison.Ordinal);

    internal static StorageRequest Of(int number, Request request)
    {
        var path = Uri.UnescapeDataString(request.Uri.Path).Trim('/').Split('/');
        var resource = path.Length > 1 ? path[1] : "";
        var open = resource.IndexOf('(', StringComparison.Ordinal);
        string? partition = null;
        if (open >= 0)
        {
            var keys = resource[(open + 1)..].TrimEnd(')');
            var start = keys.IndexOf("PartitionKey='", StringComparison.Ordinal);
            if (start >= 0)
            {
                start += "PartitionKey='".Length;
                partition = keys[start..keys.IndexOf('\'', start)];
            }

            resource = resource[..open];
        }

        return new StorageRequest(number, request.Method.ToString(), resource, partition);
    }
}
