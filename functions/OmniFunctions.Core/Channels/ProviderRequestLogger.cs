using Microsoft.Extensions.Http.Logging;
using Microsoft.Extensions.Logging;

namespace OmniFunctions.Core.Channels;

/// <summary>
/// Logs each call to a channel provider by method, host and outcome, never by path or query: Telegram puts the bot
/// token in the path (<c>…/bot{token}/sendMessage</c>), which HttpClient's default logging writes out in full.
/// </summary>
internal sealed partial class ProviderRequestLogger(ILogger<ProviderRequestLogger> logger) : IHttpClientLogger
{
    public object? LogRequestStart(HttpRequestMessage request) => null;

    public void LogRequestStop(object? context, HttpRequestMessage request, HttpResponseMessage response, TimeSpan elapsed) =>
        LogAnswered(logger, request.Method.Method, request.RequestUri?.Host ?? "", (int)response.StatusCode, elapsed.TotalMilliseconds);

    // The exception's type only: messages of transport errors may quote the address.
    public void LogRequestFailed(object? context, HttpRequestMessage request, HttpResponseMessage? response, Exception exception, TimeSpan elapsed) =>
        LogFailed(logger, request.Method.Method, request.RequestUri?.Host ?? "", exception.GetType().Name, elapsed.TotalMilliseconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} to {Host} answered {StatusCode} in {ElapsedMs:0} ms")]
    private static partial void LogAnswered(ILogger logger, string method, string host, int statusCode, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} to {Host} failed with {ErrorType} after {ElapsedMs:0} ms")]
    private static partial void LogFailed(ILogger logger, string method, string host, string errorType, double elapsedMs);
}
