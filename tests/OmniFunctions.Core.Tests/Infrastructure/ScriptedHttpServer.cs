using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace OmniFunctions.Core.Tests.Infrastructure;

/// <summary>
/// A provider stand-in: a real Kestrel listener on 127.0.0.1 that records every request exactly (method, path,
/// headers, body, arrival time) and answers with scripted responses, then with a default.
/// </summary>
public sealed class ScriptedHttpServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<RecordedRequest> requests = new();
    private readonly ConcurrentQueue<ScriptedResponse> script = new();

    public ScriptedHttpServer(ScriptedResponse? fallback = null)
    {
        Fallback = fallback ?? new ScriptedResponse(200, "{}");
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        app = builder.Build();
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            requests.Enqueue(new RecordedRequest(
                context.Request.Method,
                context.Request.Path + context.Request.QueryString,
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                body,
                DateTimeOffset.UtcNow));
            var response = script.TryDequeue(out var next) ? next : Fallback;
            context.Response.StatusCode = response.Status;
            foreach (var (name, value) in response.Headers ?? new Dictionary<string, string>())
            {
                context.Response.Headers[name] = value;
            }

            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(response.Body);
        });
        app.StartAsync().GetAwaiter().GetResult();
        Url = app.Urls.Single().TrimEnd('/');
    }

    public string Url { get; }

    public ScriptedResponse Fallback { get; set; }

    public IReadOnlyList<RecordedRequest> Requests => [.. requests];

    public ScriptedHttpServer Then(int status, string body, params (string Name, string Value)[] headers)
    {
        script.Enqueue(new ScriptedResponse(status, body, headers.ToDictionary(h => h.Name, h => h.Value)));
        return this;
    }

    public ValueTask DisposeAsync() => app.DisposeAsync();
}

public sealed record ScriptedResponse(int Status, string Body, IReadOnlyDictionary<string, string>? Headers = null);

public sealed record RecordedRequest(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, string Body, DateTimeOffset At)
{
    public System.Text.Json.Nodes.JsonNode? Json => System.Text.Json.Nodes.JsonNode.Parse(Body);
}
