using Microsoft.AspNetCore.Http;

namespace OmniFunctions.Core.Channels;

/// <summary>A webhook the hub refuses; becomes a problem+json response and reaches no queue.</summary>
internal sealed class WebhookRejectedException(int statusCode, string detail) : Exception(detail)
{
    public int StatusCode { get; } = statusCode;

    public static WebhookRejectedException Unauthorized(string detail) => new(StatusCodes.Status401Unauthorized, detail);

    public static WebhookRejectedException BadRequest(string detail) => new(StatusCodes.Status400BadRequest, detail);
}
