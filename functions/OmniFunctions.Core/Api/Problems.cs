using Microsoft.AspNetCore.Http;

namespace OmniFunctions.Core.Api;

/// <summary>RFC 9457 problem+json responses; the detail says what was wrong, never how the code failed.</summary>
internal static class Problems
{
    public static IResult Of(int statusCode, string detail) => Results.Problem(detail: detail, statusCode: statusCode);

    public static IResult BadRequest(string detail) => Of(StatusCodes.Status400BadRequest, detail);

    public static IResult Forbidden(string detail) => Of(StatusCodes.Status403Forbidden, detail);

    public static IResult NotFound(string detail) => Of(StatusCodes.Status404NotFound, detail);

    /// <summary>405 with the <c>Allow</c> header RFC 9110 §15.5.6 asks for.</summary>
    public static IResult MethodNotAllowed(string detail, string allow) =>
        new WithHeader(Of(StatusCodes.Status405MethodNotAllowed, detail), "Allow", allow);

    public static IResult PayloadTooLarge(string detail) => Of(StatusCodes.Status413PayloadTooLarge, detail);

    public static IResult UnsupportedMediaType(string detail) => Of(StatusCodes.Status415UnsupportedMediaType, detail);

    /// <summary>401 with the <c>WWW-Authenticate: Bearer</c> challenge RFC 6750 asks for.</summary>
    public static IResult Unauthorized(string detail) =>
        new WithHeader(Of(StatusCodes.Status401Unauthorized, detail), "WWW-Authenticate", "Bearer");

    /// <summary>503 with <c>Retry-After</c>: a dependency (e.g. the identity provider) is not reachable now.</summary>
    public static IResult ServiceUnavailable(string detail, TimeSpan retryAfter) =>
        new WithHeader(Of(StatusCodes.Status503ServiceUnavailable, detail), "Retry-After", ((int)retryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture));
}
